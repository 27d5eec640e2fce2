import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { createTestUser, testSql } from "@/tests/support/db";
import {
  addMember,
  createTenant,
  deleteTenants,
  sha256,
  tryAsUser,
  type TestTenant,
} from "@/tests/support/tenants";

/** The organization flows of seed 004, and the bad input they must refuse with a clear reason. */

describe("tenancy flows", () => {
  let sql: Sql;
  let tenant: TestTenant;
  const extraUsers: string[] = [];

  beforeAll(async () => {
    sql = testSql();
    tenant = await createTenant(sql, "Flows");
  });
  afterAll(async () => {
    await deleteTenants(sql, [tenant]);
    await sql`delete from organizations where created_by = any(${extraUsers}::uuid[])`;
    await sql`delete from auth.users where id = any(${extraUsers}::uuid[])`;
    await sql.end();
  });

  async function newUser(email?: string) {
    const user = await createTestUser(sql, { email, metadata: { display_name: "Dana Doe" } });
    extraUsers.push(user.sub);
    return user;
  }

  async function invite(email: string, role = "sales", organizationId = tenant.id) {
    const token = randomUUID();
    await withUser(
      tenant.members.owner,
      (tx) => tx`insert into invitations (organization_id, email, role, token_hash, invited_by)
                 values (${organizationId}, ${email}, ${role}, ${sha256(token)}, ${tenant.members.owner.sub})`,
      sql,
    );
    return token;
  }

  describe("sign-up", () => {
    it("creates a personal organization with the new user as its owner and free-plan limits", async () => {
      const user = await newUser();
      const orgs = await withUser(
        user,
        (tx) => tx`select o.name, o.subscription_plan, o.max_users, m.role
                   from organizations o join organization_members m on m.organization_id = o.id
                   where m.user_id = ${user.sub}`,
        sql,
      );
      expect(orgs).toEqual([
        { name: "Dana Doe's workspace", subscription_plan: "free", max_users: 3, role: "owner" },
      ]);
    });
  });

  describe("sign-up to accept an invitation", () => {
    async function organizationsOf(user: { sub: string }) {
      const rows = await sql`select organization_id from organization_members where user_id = ${user.sub}`;
      return rows.length;
    }
    async function signUpWithToken(email: string, token: string) {
      const user = await createTestUser(sql, {
        email,
        metadata: { display_name: "Ivy Invited", invitation_token: token },
      });
      extraUsers.push(user.sub);
      return user;
    }

    it("skips the personal workspace when the token is an open invitation for that address", async () => {
      const email = `ivy-${randomUUID().slice(0, 8)}@example.test`;
      const token = await invite(email);
      const user = await signUpWithToken(email, token);
      expect(await organizationsOf(user)).toBe(0);
      // The invitation is still there to accept.
      const [joined] = await withUser(user, (tx) => tx`select * from accept_invitation(${token})`, sql);
      expect(joined).toBeTruthy();
      expect(await organizationsOf(user)).toBe(1);
    });

    it("still creates it for a token of another address, an unknown token or a revoked invitation", async () => {
      const someoneElse = await invite(`other-${randomUUID().slice(0, 8)}@example.test`);
      const revokedEmail = `revoked-${randomUUID().slice(0, 8)}@example.test`;
      const revoked = await invite(revokedEmail);
      await sql`update invitations set revoked_at = now() where token_hash = ${sha256(revoked)}`;
      const cases: [string, string][] = [
        [`ivy-${randomUUID().slice(0, 8)}@example.test`, someoneElse],
        [`ivy-${randomUUID().slice(0, 8)}@example.test`, randomUUID()],
        [revokedEmail, revoked],
        [`ivy-${randomUUID().slice(0, 8)}@example.test`, "x".repeat(5000)],
      ];
      for (const [email, token] of cases) {
        const user = await signUpWithToken(email, token);
        expect(await organizationsOf(user)).toBe(1);
      }
    });
  });

  describe("creating organizations", () => {
    it("makes the creator the owner", async () => {
      const user = await newUser();
      const slug = `acme-${randomUUID().slice(0, 6)}`;
      const [org] = await withUser(
        user,
        (tx) => tx`select * from create_organization('Acme Inc', ${slug})`,
        sql,
      );
      expect(org).toMatchObject({ name: "Acme Inc", slug });
      const [role] = await withUser(user, (tx) => tx`select private.member_role(${org!.id}) as role`, sql);
      expect(role!.role).toBe("owner");
    });

    it("refuses a duplicate slug, a bad slug and a short name with clear messages", async () => {
      const user = await newUser();
      const attempt = (name: string, slug: string | null) =>
        tryAsUser(sql, user, (tx) => tx`select * from create_organization(${name}, ${slug})`);
      expect(await attempt("Taken", tenant.slug)).toMatchObject({
        ok: false,
        error: { code: "OFCNF", message: `The URL name "${tenant.slug}" is taken. Try another.` },
      });
      expect(await attempt("Bad", "Bad Slug!")).toMatchObject({ ok: false, error: { code: "OFVAL" } });
      expect(await attempt("x", null)).toMatchObject({
        ok: false,
        error: { code: "OFVAL", message: "The organization name must be 2 to 255 characters long." },
      });
    });
  });

  describe("invitations", () => {
    it("let the invited person accept, once, when signed in with that email", async () => {
      const email = `inv-${randomUUID().slice(0, 8)}@example.test`;
      const token = await invite(email);
      const [info] = await sql`select * from get_invitation(${token})`;
      expect(info).toMatchObject({ email, role: "sales", status: "pending", organization_slug: tenant.slug });

      const stranger = await newUser();
      expect(await tryAsUser(sql, stranger, (tx) => tx`select accept_invitation(${token})`)).toMatchObject({
        ok: false,
        error: {
          code: "OFFRB",
          message: `This invitation is for ${email}. Sign in with that email address to accept it.`,
        },
      });

      const invitee = await newUser(email);
      await withUser(invitee, (tx) => tx`select accept_invitation(${token})`, sql);
      const [member] = await sql`select role, status from organization_members
                                 where organization_id = ${tenant.id} and user_id = ${invitee.sub}`;
      expect(member).toEqual({ role: "sales", status: "active" });

      expect(await tryAsUser(sql, invitee, (tx) => tx`select accept_invitation(${token})`)).toMatchObject({
        ok: false,
        error: { code: "OFGON", message: "This invitation has already been used." },
      });
    });

    it("explain expired, revoked, declined and unknown links", async () => {
      const email = `exp-${randomUUID().slice(0, 8)}@example.test`;
      const invitee = await newUser(email);
      const expired = await invite(email);
      await sql`update invitations set expires_at = now() - interval '1 day' where token_hash = ${sha256(expired)}`;
      expect(await tryAsUser(sql, invitee, (tx) => tx`select accept_invitation(${expired})`)).toMatchObject({
        ok: false,
        error: {
          code: "OFGON",
          message: expect.stringMatching(/^This invitation expired on \d{4}-\d{2}-\d{2}\./),
        },
      });
      await sql`update invitations set revoked_at = now() where token_hash = ${sha256(expired)}`;

      const revoked = await invite(email);
      await withUser(
        tenant.members.owner,
        (tx) => tx`update invitations set revoked_at = now() where token_hash = ${sha256(revoked)}`,
        sql,
      );
      expect(await tryAsUser(sql, invitee, (tx) => tx`select accept_invitation(${revoked})`)).toMatchObject({
        ok: false,
        error: { code: "OFGON", message: "This invitation was withdrawn. Ask for a new invitation." },
      });

      const declined = await invite(email);
      await withUser(invitee, (tx) => tx`select decline_invitation(${declined})`, sql);
      const [info] = await sql`select status from get_invitation(${declined})`;
      expect(info!.status).toBe("declined");

      expect(
        await tryAsUser(sql, invitee, (tx) => tx`select accept_invitation('not-a-token')`),
      ).toMatchObject({
        ok: false,
        error: { code: "OFNFD" },
      });
    });

    it("refuse an invalid email and a second open invitation to the same address", async () => {
      const bad = await tryAsUser(
        sql,
        tenant.members.owner,
        (tx) => tx`insert into invitations (organization_id, email, role, token_hash)
                   values (${tenant.id}, 'not-an-email', 'viewer', ${sha256("x")})`,
      );
      expect(bad).toMatchObject({ ok: false, error: { code: "23514" } });
      const email = `dup-${randomUUID().slice(0, 8)}@example.test`;
      await invite(email);
      const again = await tryAsUser(
        sql,
        tenant.members.owner,
        (tx) => tx`insert into invitations (organization_id, email, role, token_hash)
                   values (${tenant.id}, ${email.toUpperCase()}, 'viewer', ${sha256(randomUUID())})`,
      );
      expect(again).toMatchObject({ ok: false, error: { code: "23505" } });
    });

    it("enforce the plan's member limit when inviting and when accepting", async () => {
      const owner = await newUser();
      const [org] = await withUser(owner, (tx) => tx`select * from create_organization('Small team')`, sql);
      await sql`update organizations set max_users = 2 where id = ${org!.id}`;
      const email = `lim-${randomUUID().slice(0, 8)}@example.test`;
      const token = randomUUID();
      await withUser(
        owner,
        (tx) => tx`insert into invitations (organization_id, email, role, token_hash)
                                       values (${org!.id}, ${email}, 'viewer', ${sha256(token)})`,
        sql,
      );
      // Owner + one open invitation = the limit of 2: a second invitation is refused.
      const second = await tryAsUser(
        sql,
        owner,
        (tx) => tx`insert into invitations (organization_id, email, role, token_hash)
                   values (${org!.id}, 'another@example.test', 'viewer', ${sha256(randomUUID())})`,
      );
      expect(second).toMatchObject({
        ok: false,
        error: { code: "OFLIM", message: expect.stringContaining("Your plan allows 2 member(s)") },
      });
      // Someone joined meanwhile (say, the plan was downgraded): accepting is refused too.
      const other = await newUser();
      await addMember(sql, org!.id, other.sub, "viewer");
      const invitee = await newUser(email);
      expect(await tryAsUser(sql, invitee, (tx) => tx`select accept_invitation(${token})`)).toMatchObject({
        ok: false,
        error: { code: "OFLIM" },
      });
    });
  });

  describe("members and owners", () => {
    it("never leave an organization without an active owner", async () => {
      const { owner } = tenant.members;
      const leave = await tryAsUser(
        sql,
        owner,
        (tx) =>
          tx`delete from organization_members where organization_id = ${tenant.id} and user_id = ${owner.sub}`,
      );
      expect(leave).toMatchObject({
        ok: false,
        error: {
          code: "OFVAL",
          message: "An organization needs at least one active owner. Make someone else an owner first.",
        },
      });
    });

    it("let only owners make or unmake owners, and nobody change their own role", async () => {
      const { administrator, viewer } = tenant.members;
      const promote = await tryAsUser(
        sql,
        administrator,
        (tx) => tx`update organization_members set role = 'owner'
                   where organization_id = ${tenant.id} and user_id = ${viewer.sub}`,
      );
      expect(promote).toMatchObject({ ok: false, error: { code: "OFFRB" } });
      const self = await tryAsUser(
        sql,
        administrator,
        (tx) => tx`update organization_members set custom_permissions = '{"grant":["billing:delete"]}'
                   where organization_id = ${tenant.id} and user_id = ${administrator.sub}`,
      );
      expect(self).toMatchObject({ ok: false, error: { code: "OFFRB" } });
    });

    it("transfer ownership, keeping the old owner as administrator", async () => {
      const owner = await newUser();
      const next = await newUser();
      const [org] = await withUser(owner, (tx) => tx`select * from create_organization('Handover')`, sql);
      await addMember(sql, org!.id, next.sub, "administrator");
      await withUser(owner, (tx) => tx`select transfer_ownership(${org!.id}, ${next.sub})`, sql);
      const roles =
        await sql`select user_id, role from organization_members where organization_id = ${org!.id} order by role`;
      expect(roles).toEqual([
        { user_id: next.sub, role: "owner" },
        { user_id: owner.sub, role: "administrator" },
      ]);
      // The old owner may now leave.
      await withUser(
        owner,
        (tx) =>
          tx`delete from organization_members where organization_id = ${org!.id} and user_id = ${owner.sub}`,
        sql,
      );
    });

    it("lose access at once when removed", async () => {
      const user = await newUser();
      await addMember(sql, tenant.id, user.sub, "viewer");
      const before = await withUser(
        user,
        (tx) => tx`select id from organizations where id = ${tenant.id}`,
        sql,
      );
      expect(before).toHaveLength(1);
      await withUser(
        tenant.members.owner,
        (tx) =>
          tx`delete from organization_members where organization_id = ${tenant.id} and user_id = ${user.sub}`,
        sql,
      );
      const after = await withUser(
        user,
        (tx) => tx`select id from organizations where id = ${tenant.id}`,
        sql,
      );
      expect(after).toHaveLength(0);
    });
  });

  describe("API keys", () => {
    it("refuse a permission the creator lacks, and unknown ones", async () => {
      const { administrator } = tenant.members;
      await sql`update organization_members set custom_permissions = '{"revoke":["billing:delete"]}'
                where organization_id = ${tenant.id} and user_id = ${administrator.sub}`;
      const make = (permissions: string[]) =>
        tryAsUser(
          sql,
          administrator,
          (tx) =>
            tx`select create_api_key(${tenant.id}, 'k', ${`of_${randomUUID().slice(0, 10)}`}, ${sha256(randomUUID())}, ${permissions})`,
        );
      expect(await make(["billing:delete"])).toMatchObject({
        ok: false,
        error: {
          code: "OFFRB",
          message: "A key cannot have a permission you do not have yourself (billing:delete).",
        },
      });
      expect(await make(["nope:read"])).toMatchObject({ ok: false, error: { code: "OFVAL" } });
      expect(await make([])).toMatchObject({ ok: false, error: { code: "OFVAL" } });
      expect(await make(["members:read"])).toMatchObject({ ok: true });
      // A viewer may not make keys at all.
      const viewerKey = await tryAsUser(
        sql,
        tenant.members.viewer,
        (tx) =>
          tx`select create_api_key(${tenant.id}, 'k', 'of_viewerkey', ${sha256("v")}, ${["members:read"]})`,
      );
      expect(viewerKey).toMatchObject({ ok: false, error: { code: "OFFRB" } });
    });
  });

  describe("audit log", () => {
    it("records inserts, updates and deletes with the actor and the changed fields, secrets redacted", async () => {
      const { owner } = tenant.members;
      const [tm] = await withUser(
        owner,
        (tx) =>
          tx`insert into team_members (organization_id, full_name, external_id) values (${tenant.id}, 'Audit Me', ${randomUUID()}) returning id`,
        sql,
        { ip: "203.0.113.7", userAgent: "vitest" },
      );
      await withUser(
        owner,
        (tx) => tx`update team_members set full_name = 'Audited' where id = ${tm!.id}`,
        sql,
      );
      await withUser(owner, (tx) => tx`delete from team_members where id = ${tm!.id}`, sql);
      const rows = await sql`select action, actor_id, changes, host(ip) as ip, user_agent from audit_logs
                             where resource_type = 'team_members' and resource_id = ${tm!.id} order by id`;
      expect(rows.map((r) => r.action)).toEqual(["insert", "update", "delete"]);
      expect(rows[0]).toMatchObject({ actor_id: owner.sub, ip: "203.0.113.7", user_agent: "vitest" });
      expect(rows[1]!.changes).toEqual({ full_name: { before: "Audit Me", after: "Audited" } });

      const [key] =
        await sql`select changes from audit_logs where resource_type = 'api_keys' and organization_id = ${tenant.id} limit 1`;
      expect(key!.changes.key_hash).toEqual({ after: "[redacted]" });
    });

    it("cannot be altered by anyone, not even the table owner", async () => {
      const [row] = await sql`select id from audit_logs where organization_id = ${tenant.id} limit 1`;
      const asOwnerMember = await tryAsUser(
        sql,
        tenant.members.owner,
        (tx) => tx`update audit_logs set action = 'delete' where id = ${row!.id} returning id`,
      );
      expect(asOwnerMember).toMatchObject({ ok: false, error: { code: "42501" } });
      await expect(sql`update audit_logs set action = 'delete' where id = ${row!.id}`).rejects.toMatchObject({
        code: "OFFRB",
      });
      await expect(sql`delete from audit_logs where id = ${row!.id}`).rejects.toMatchObject({
        code: "OFFRB",
      });
    });
  });
});
