import { z } from "zod";
import { upsertContact } from "@/lib/contacts/upsert";
import type { Turn } from "../turn";
import type { StepExecutor } from "./step";

/** Creates or updates the visitor's contact from the answers (upsertContact), then goes on. */
export const collectLead: StepExecutor = async (turn, node, config) => {
  await collect(turn, config);
  return turn.next(node.id, "out");
};

async function collect(turn: Turn, config: Record<string, unknown>): Promise<void> {
  const pick = (key: string) => {
    const variable = String(config[key] ?? "");
    const value = variable ? turn.state.answers[variable]?.trim() : undefined;
    return value ? value : undefined;
  };
  const email = pick("email_variable");
  const phone = pick("phone_variable");
  const firstName = pick("first_name_variable");
  const lastName = pick("last_name_variable");
  const companyName = pick("company_variable");
  const tags = [...new Set([...((config.tags as string[]) ?? []), ...turn.state.pendingTags])];
  const emailOk = email && z.email().safeParse(email).success ? email : undefined;
  const phoneOk = phone && phone.length >= 3 && phone.length <= 40 ? phone : undefined;
  if (!emailOk && !phoneOk && !turn.contactId) return; // nothing to know the lead by
  let contact: { id: string } & Record<string, unknown>;
  let created = false;
  // A visitor is anonymous: typing someone's email must not rewrite what the team knows about
  // that contact. An existing contact (this session's, or the one with that email) only gets
  // the details it lacks, and the tags.
  const [known] = emailOk
    ? z
        .array(z.object({ id: z.string() }))
        .parse(
          await turn.tx`select id from public.contacts where organization_id = ${turn.bot.organization_id} and email = ${emailOk}`,
        )
    : [];
  const existingId = known?.id ?? (emailOk ? null : turn.contactId);
  if (existingId) {
    const [row] = await turn.tx`
      update public.contacts set
        phone = coalesce(phone, ${phoneOk ?? null}), first_name = coalesce(first_name, ${firstName?.slice(0, 200) ?? null}),
        last_name = coalesce(last_name, ${lastName?.slice(0, 200) ?? null}),
        company_name = coalesce(company_name, ${companyName?.slice(0, 200) ?? null}),
        tags = array(select distinct t from unnest(tags || ${tags}::text[]) as t order by t)
      where id = ${existingId} and organization_id = ${turn.bot.organization_id}
      returning *`;
    if (!row) return;
    contact = row as typeof contact;
  } else {
    const result = await upsertContact(turn.tx, turn.bot.organization_id, {
      email: emailOk ?? null,
      phone: phoneOk ?? null,
      firstName: firstName?.slice(0, 200) ?? null,
      lastName: lastName?.slice(0, 200) ?? null,
      companyName: companyName?.slice(0, 200) ?? null,
      tags,
      source: "chatbot",
    });
    contact = result.contact as unknown as typeof contact;
    created = result.created;
  }
  turn.contactId = contact.id;
  turn.state.pendingTags = [];
  turn.state.answers.contact_id = contact.id;
  Object.assign(
    turn.contactInfo,
    Object.fromEntries(
      Object.entries({
        email: emailOk,
        phone: phoneOk,
        first_name: firstName,
        last_name: lastName,
        company_name: companyName,
      }).filter(([, v]) => v),
    ),
  );
  if (created) {
    const { custom_fields: _c, ...plain } = contact as Record<string, unknown>;
    turn.effects.push({ kind: "event", event: "contact.created", payload: { contact: plain } });
  }
}
