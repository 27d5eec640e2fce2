import type { RequestContext } from "../context";
import { json, type Reply } from "../http";

/** GET /health */
export async function health(): Promise<Reply> {
  return json({
    version: "local",
    name: "GoTrue",
    description: "GoTrue is a user registration and authentication API (Orgflow's local stand-in)",
  });
}

/** GET /.well-known/jwks.json: the public signing keys, cached like GoTrue's (jwks.go). */
export async function jwks(ctx: RequestContext): Promise<Reply> {
  return json({ keys: ctx.deps.keys.publicJwks }, 200, { "cache-control": "public, max-age=600" });
}

/** GET /settings: which sign-in methods are on, as GoTrue reports them (settings.go). */
export async function settings(ctx: RequestContext): Promise<Reply> {
  const s = ctx.deps.settings;
  return json({
    external: { anonymous_users: s.enableAnonymousSignIns, email: s.enableEmailSignup, phone: false },
    disable_signup: !s.enableSignup,
    mailer_autoconfirm: !s.enableConfirmations,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  });
}
