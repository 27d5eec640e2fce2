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
      <CardContent>
        <pre className="overflow-x-auto rounded-lg border bg-muted/50 p-3 font-mono text-xs leading-relaxed">
          <code>{example}</code>
        </pre>
      </CardContent>
    </Card>
  );
}
