/**
 * The public pages as a first-time visitor gets them, in Chromium (launched as playwright.config.ts
 * launches it) against the production build on a stack of its own (bench/app-server.ts), on a
 * 390×844 phone and a 1440×900 desktop, each load in a fresh browser context (nothing cached).
 * Prints per page: time to first byte, largest contentful paint, cumulative layout shift (after
 * scrolling to the bottom; target 0), JavaScript and HTML transferred, and any sideways overflow.
 *
 *   npm run build && npm run bench:landing
 *   BENCH_PAGES=/,/pricing BENCH_LOADS=5 npm run bench:landing
 */
import { chromium, type LaunchOptions } from "@playwright/test";
import playwrightConfig from "@/playwright.config";
import { load, startBenchApp, watchSteal } from "./app-server";
import { summarize } from "./stats";

const PAGES = (process.env.BENCH_PAGES ?? "/,/pricing,/terms,/privacy,/contact").split(",");
const LOADS = Number(process.env.BENCH_LOADS ?? 3);
const VIEWPORTS = [
  { name: "phone 390×844", width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  {
    name: "desktop 1440×900",
    width: 1440,
    height: 900,
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  },
];

/** Given as text: tsx's function-name helper does not exist in the browser. */
const PROBES = `(() => {
  window.__cls = 0;
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__lcp = e.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
})()`;

const MEASURE = `(async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
    window.scrollTo(0, y);
    await new Promise((r) => setTimeout(r, 50));
  }
  window.scrollTo(0, 0);
  await new Promise((r) => setTimeout(r, 300));
  const nav = performance.getEntriesByType("navigation")[0];
  const scripts = performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script" || /\\.js(\\?|$)/.test(r.name));
  return {
    ttfb: nav.responseStart - nav.requestStart,
    lcp: window.__lcp,
    cls: window.__cls,
    js: scripts.reduce((n, r) => n + r.transferSize, 0),
    jsFiles: scripts.length,
    html: nav.transferSize,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
})()`;

type Sample = {
  ttfb: number;
  lcp: number;
  cls: number;
  js: number;
  jsFiles: number;
  html: number;
  overflow: number;
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const app = await startBenchApp("orgflow_bench_landing");
  const browser = await chromium.launch(playwrightConfig.projects?.[0]?.use?.launchOptions as LaunchOptions);
  const steal = watchSteal();
  try {
    for (const viewport of VIEWPORTS) {
      console.log(`\n${viewport.name}`);
      for (const path of PAGES) {
        const samples: Sample[] = [];
        for (let i = 0; i < LOADS + 1; i++) {
          const context = await browser.newContext({ viewport, ...viewport });
          const page = await context.newPage();
          await page.addInitScript({ content: PROBES });
          await page.goto(`${app.appUrl}${path}`, { waitUntil: "networkidle" });
          const sample = (await page.evaluate(MEASURE)) as Sample;
          await context.close();
          if (i > 0) samples.push(sample); // the first load warms the server up
        }
        const ttfb = summarize(samples.map((s) => s.ttfb));
        const lcp = summarize(samples.map((s) => s.lcp));
        const last = samples.at(-1)!;
        console.log(
          `  ${path.padEnd(9)} TTFB p50 ${ttfb.p50.toFixed(0)} ms (max ${ttfb.max.toFixed(0)}) · LCP p50 ${lcp.p50.toFixed(0)} ms · ` +
            `CLS max ${Math.max(...samples.map((s) => s.cls)).toFixed(3)} · JS ${kb(last.js)} in ${last.jsFiles} files · ` +
            `HTML ${kb(last.html)} · overflow ${Math.max(...samples.map((s) => s.overflow))} px`,
        );
      }
    }
    console.log(`\n${load()}, ${steal()}`);
  } finally {
    await browser.close();
    await app.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
