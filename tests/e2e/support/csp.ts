import { expect, test as base, type BrowserContext } from "@playwright/test";

/**
 * Specs import `test` and `expect` from here to run under a watch for Content-Security-Policy
 * violations: every page of every browser context a test opens (its own `page`, and contexts it
 * makes with `browser.newContext()`) reports what the policy blocked, and the test fails if
 * anything of the app's was. The app must work under its own strict CSP (proxy.ts), and this is
 * how the e2e suite proves it page by page.
 */

const REPORT = "[csp-violation]";

/** Reports each violation on the page as a console error the watch below can collect. */
function reportViolations() {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error(
      `[csp-violation] ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`,
    );
  });
}

function watch(context: BrowserContext, appOrigin: string, seen: string[]) {
  void context.addInitScript(reportViolations);
  const onPage = (page: import("@playwright/test").Page) => {
    page.on("console", (message) => {
      const text = message.text();
      if (message.type() !== "error") return;
      // Only the app's pages: a test's own stand-in websites have their own (or no) policy.
      if (!page.url().startsWith(appOrigin)) return;
      if (text.startsWith(REPORT) || /Content Security Policy/i.test(text))
        seen.push(`${page.url()}: ${text}`);
    });
  };
  context.pages().forEach(onPage);
  context.on("page", onPage);
}

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser, baseURL }, use) => {
      const seen: string[] = [];
      const appOrigin = new URL(baseURL!).origin;
      watch(context, appOrigin, seen);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const made = await newContext(options);
        watch(made, appOrigin, seen);
        return made;
      };
      await use(seen);
      browser.newContext = newContext;
      expect(seen, "Content-Security-Policy violations on the app's pages").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
