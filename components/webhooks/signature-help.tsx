/** How a receiver checks that a request came from Orgflow (the full recipe: docs/webhooks.md). */
export function SignatureHelp() {
  return (
    <section aria-labelledby="verify-heading" className="flex flex-col gap-2 text-sm text-muted-foreground">
      <h2 id="verify-heading" className="text-base font-semibold text-foreground">
        Checking that a request came from Orgflow
      </h2>
      <p>
        Each request carries{" "}
        <code className="font-mono">Orgflow-Signature: t=&lt;time&gt;,v1=&lt;signature&gt;</code>, signed as
        Stripe signs: the signature is the hex HMAC-SHA256 of{" "}
        <code className="font-mono">&lt;time&gt;.&lt;raw body&gt;</code> keyed with the endpoint&apos;s
        secret. Compute it over the raw body you received, compare in constant time, and refuse times more
        than five minutes old. Answer with a 2xx within 10 seconds; anything else is retried with growing
        waits, and an endpoint failing for 3 days is turned off (owners are told). A Node example is in{" "}
        <code className="font-mono">docs/webhooks.md</code>.
      </p>
    </section>
  );
}
