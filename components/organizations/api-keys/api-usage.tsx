import { textLinkClasses } from "@/components/ui/text-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** How to call the API with a key, with this deployment's address. */
export function ApiUsage({ siteUrl }: { siteUrl: string }) {
  const example = `curl -H "Authorization: Bearer <key>" ${siteUrl.replace(/\/+$/, "")}/api/v1/me`;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Using a key</CardTitle>
        <CardDescription>
          Send it in the Authorization header. <code className="font-mono text-xs">/api/v1/me</code> answers
          with the key, the person it acts for and the organization.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <pre className="overflow-x-auto rounded-lg border bg-muted/50 p-3 font-mono text-xs leading-relaxed">
          <code>{example}</code>
        </pre>
        <p className="text-sm text-muted-foreground">
          Every route, its parameters, answers and errors are described in the{" "}
          {/* A plain link: the document is JSON from an API route, not a page to prefetch. */}
          <a href="/api/v1/openapi.json" className={textLinkClasses}>
            OpenAPI document
          </a>{" "}
          (OpenAPI 3.1): import it into Postman or Insomnia, or generate a client from it.
        </p>
      </CardContent>
    </Card>
  );
}
