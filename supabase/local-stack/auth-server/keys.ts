import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  decodeProtectedHeader,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";
import { z } from "zod";
import { forbidden } from "./errors";

/**
 * Signing keys. Access tokens are signed with an asymmetric key (ES256 by default) so apps can
 * verify them locally against /.well-known/jwks.json (auth-js `getClaims`), exactly as on a hosted
 * project with asymmetric keys, and only those keys verify a token.
 *
 * A symmetric (HS256) secret is accepted only in Supabase CLI compatibility mode (`npm run dev`
 * with ORGFLOW_SUPABASE_CLI_KEYS=1), where it also signs the CLI's legacy anon/service_role API
 * keys. Why not always, as GoTrue does: the only HS256 secret a local stack ever had is the CLI's
 * public one, so accepting HS256 meant accepting tokens anyone can mint (a `sub` of someone else,
 * a `service_role` role). Supabase's own answer is the same: projects move to asymmetric keys and
 * revoke the legacy secret.
 */

export type SigningAlg = "ES256" | "RS256";

export type SigningKeys = {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
  /** Public halves of every asymmetric key in the set, as published in the JWKS. */
  publicJwks: JWK[];
  verifyKeys: Map<string, { alg: SigningAlg; key: CryptoKey }>;
  /** The HS256 secret, only in CLI compatibility mode. */
  secret: Uint8Array | null;
  /** The CLI's legacy anon and service_role keys (HS256 JWTs from the secret), only with it. */
  legacy: { anonKey: string; serviceRoleKey: string } | null;
};

const jwkSchema = z.looseObject({
  kty: z.string(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  crv: z.string().optional(),
  key_ops: z.array(z.string()).optional(),
});
// GoTrue's GOTRUE_JWT_KEYS and the CLI's signing_keys.json are an array; a JWKS object is accepted too.
const jwkSetSchema = z.union([z.array(jwkSchema), z.object({ keys: z.array(jwkSchema) })]);

const PRIVATE_JWK_FIELDS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

function algOf(jwk: JWK): SigningAlg | null {
  if (jwk.alg === "ES256" || (!jwk.alg && jwk.kty === "EC" && jwk.crv === "P-256")) return "ES256";
  if (jwk.alg === "RS256" || (!jwk.alg && jwk.kty === "RSA")) return "RS256";
  return null;
}

async function readJwkSet(file: string): Promise<JWK[]> {
  const parsed = jwkSetSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a JWK set: ${parsed.error.message}`);
  return (Array.isArray(parsed.data) ? parsed.data : parsed.data.keys) as JWK[];
}

async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), alg: "ES256", use: "sig", key_ops: ["sign", "verify"], ext: true };
}

/**
 * The key set in use: `signingKeysPath` when configured (as the CLI's signing_keys_path),
 * otherwise `keysFile`, generated on first start and reused afterwards so tokens survive restarts.
 */
async function loadJwkSet(keysFile: string, signingKeysPath?: string): Promise<JWK[]> {
  if (signingKeysPath) return readJwkSet(signingKeysPath);
  try {
    return await readJwkSet(keysFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const keys = [await generateSigningJwk()];
  await mkdir(path.dirname(keysFile), { recursive: true, mode: 0o700 });
  await writeFile(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

function publicJwk(jwk: JWK, alg: SigningAlg): JWK {
  const pub: Record<string, unknown> = { ...jwk };
  for (const field of PRIVATE_JWK_FIELDS) delete pub[field];
  delete pub.ext;
  return { ...pub, alg, use: "sig", key_ops: ["verify"] } as JWK;
}

function legacyApiKey(secret: Uint8Array, role: "anon" | "service_role"): Promise<string> {
  // Byte for byte the CLI's default keys: same header, claims and expiry.
  return new SignJWT({ iss: "supabase-demo", role, exp: 1983812996 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(secret);
}

export async function loadSigningKeys(opts: {
  keysFile: string;
  signingKeysPath?: string;
  /** Only in CLI compatibility mode: accept HS256 tokens signed with it. */
  jwtSecret?: string;
}): Promise<SigningKeys> {
  const jwks = await loadJwkSet(opts.keysFile, opts.signingKeysPath);
  const source = opts.signingKeysPath ?? opts.keysFile;
  const signers = jwks.filter((k) => k.key_ops?.includes("sign"));
  if (signers.length !== 1) {
    throw new Error(
      `${source} must hold exactly one key whose key_ops include "sign" (found ${signers.length})`,
    );
  }
  const signer = signers[0]!;
  const alg = algOf(signer);
  if (!alg || !signer.kid) {
    throw new Error(`${source}: the signing key needs a kid and must be ES256 or RS256`);
  }

  const verifyKeys = new Map<string, { alg: SigningAlg; key: CryptoKey }>();
  const publicJwks: JWK[] = [];
  for (const jwk of jwks) {
    const keyAlg = algOf(jwk);
    if (!keyAlg || !jwk.kid) continue; // symmetric keys are never published
    const pub = publicJwk(jwk, keyAlg);
    publicJwks.push(pub);
    verifyKeys.set(jwk.kid, { alg: keyAlg, key: (await importJWK(pub, keyAlg)) as CryptoKey });
  }
  const secret = opts.jwtSecret ? new TextEncoder().encode(opts.jwtSecret) : null;
  return {
    kid: signer.kid,
    alg,
    privateKey: (await importJWK({ ...signer, key_ops: ["sign"] }, alg)) as CryptoKey,
    publicJwks,
    verifyKeys,
    secret,
    legacy: secret
      ? {
          anonKey: await legacyApiKey(secret, "anon"),
          serviceRoleKey: await legacyApiKey(secret, "service_role"),
        }
      : null,
  };
}

export function signJwt(keys: SigningKeys, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: "JWT" })
    .sign(keys.privateKey);
}

function describeJwtFailure(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return "token has invalid claims: token is expired";
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `token has invalid claims: ${e.message}`;
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return "signature is invalid";
  return "token is malformed";
}

/**
 * Verifies a bearer token as GoTrue does (auth.go `parseJWTClaims`): by `kid` against the
 * asymmetric keys, else HS256 against the secret when there is one (CLI compatibility mode only).
 * Any failure is 403 bad_jwt.
 */
export async function verifyJwt(keys: SigningKeys, token: string): Promise<JWTPayload> {
  try {
    const header = decodeProtectedHeader(token);
    const asymmetric = header.kid ? keys.verifyKeys.get(header.kid) : undefined;
    if (asymmetric) {
      return (await jwtVerify(token, asymmetric.key, { algorithms: [asymmetric.alg] })).payload;
    }
    if (header.alg === "HS256" && keys.secret) {
      return (await jwtVerify(token, keys.secret, { algorithms: ["HS256"] })).payload;
    }
    throw new joseErrors.JWSInvalid("unknown signing key");
  } catch (e) {
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${describeJwtFailure(e)}`);
  }
}
