import { createHash, randomUUID } from "node:crypto";
import { badRequest, notFound, unprocessable } from "./errors";
import type { AuthMethod } from "./tokens";
import type { Db } from "./users";

/**
 * PKCE flow state (supabase/auth models/flow_state.go, security/pkce.go). A flow starts with a
 * code challenge; verifying its `pkce_` link issues an auth code, which the client exchanges with
 * the code verifier for a session.
 */

export type Pkce = { challenge: string; method: "s256" | "plain" };

type FlowStateRow = {
  id: string;
  user_id: string | null;
  auth_code: string;
  code_challenge_method: "s256" | "plain";
  code_challenge: string;
  authentication_method: string;
  created_at: Date;
  auth_code_issued_at: Date | null;
};

/** GoTrue's validatePKCEParams: both or neither, a sane length, a known method. */
export function pkceParams(challenge?: string | null, method?: string | null): Pkce | null {
  if (!challenge && !method) return null;
  if (!challenge || !method) {
    throw badRequest("validation_failed", "PKCE flow requires code_challenge_method and code_challenge");
  }
  if (challenge.length < 43 || challenge.length > 128) {
    throw badRequest("validation_failed", "code challenge has to be between 43 and 128 characters");
  }
  const normalized = method.toLowerCase();
  if (normalized !== "s256" && normalized !== "plain") {
    throw badRequest("validation_failed", `code challenge method ${method} not supported`);
  }
  return { challenge, method: normalized };
}

export async function createFlowState(db: Db, userId: string, pkce: Pkce, method: AuthMethod): Promise<void> {
  await db`
    insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type,
                                 authentication_method, created_at, updated_at)
    values (${randomUUID()}, ${userId}, ${randomUUID()}, ${pkce.method}, ${pkce.challenge}, 'email',
            ${method}, now(), now())`;
}

/** After a `pkce_` link is verified: the newest flow of the user for that method gets its code. */
export async function issueAuthCode(db: Db, userId: string, method: AuthMethod): Promise<string> {
  const [flow] = await db<FlowStateRow[]>`
    update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
    where id = (select id from auth.flow_state
                where user_id = ${userId} and authentication_method = ${method}
                order by created_at desc limit 1)
    returning *`;
  if (!flow) throw unprocessable("flow_state_not_found", "No associated flow state found.");
  return flow.auth_code;
}

function challengeOf(verifier: string, method: Pkce["method"]): string {
  return method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
}

/**
 * Consumes a flow for the pkce grant: it must exist, be fresh, and match the verifier. The code is
 * good for `expirySeconds` from when it was issued (from the flow's start if never issued).
 */
export async function consumeFlowState(
  db: Db,
  authCode: string,
  verifier: string,
  expirySeconds: number,
): Promise<{ userId: string; method: string }> {
  const [flow] = await db<
    FlowStateRow[]
  >`select * from auth.flow_state where auth_code = ${authCode} for update`;
  if (!flow || !flow.user_id) {
    throw notFound("flow_state_not_found", "invalid flow state, no valid flow state found");
  }
  const startedAt = (flow.auth_code_issued_at ?? flow.created_at).getTime();
  if (Date.now() > startedAt + expirySeconds * 1000) {
    throw unprocessable("flow_state_expired", "Flow state has expired");
  }
  if (challengeOf(verifier, flow.code_challenge_method) !== flow.code_challenge) {
    throw badRequest("bad_code_verifier", "code challenge does not match previously saved code verifier");
  }
  await db`delete from auth.flow_state where id = ${flow.id}`;
  return { userId: flow.user_id, method: flow.authentication_method };
}
