"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import {
  deleteTeamMember,
  importTeamMembersCsv,
  insertTeamMember,
  teamMemberInputSchema,
  updateTeamMember,
} from "../team-members";
import { importTeamMembersSchema, teamMemberIdSchema, updateTeamMemberSchema } from "./schemas";
import { revalidateOrganization } from "@/lib/http/revalidate";

export const createTeamMemberAction = defineOrgAction({
  schema: teamMemberInputSchema,
  permission: ["team_members", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    await insertTeamMember(tx, org.organization.id, input);
    revalidateOrganization(org.organization.slug);
    return { name: input.full_name };
  },
  successMessage: ({ name }) => `${name} has been added to the team.`,
});

export const updateTeamMemberAction = defineOrgAction({
  schema: updateTeamMemberSchema,
  permission: ["team_members", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const { id, ...changes } = input;
    await updateTeamMember(tx, org.organization.id, { id, input: changes });
    revalidateOrganization(org.organization.slug);
    return { name: input.full_name };
  },
  successMessage: ({ name }) => `${name} has been saved.`,
});

export const deleteTeamMemberAction = defineOrgAction({
  schema: teamMemberIdSchema,
  permission: ["team_members", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteTeamMember(tx, org.organization.id, input.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Team member deleted.",
});

export const importTeamMembersAction = defineOrgAction({
  schema: importTeamMembersSchema,
  permission: ["team_members", "create"],
  transaction: true,
  async handler({ input, tx, org }) {
    const text = input.file ? await input.file.text() : (input.csv ?? "");
    const result = await importTeamMembersCsv(tx, org.organization.id, text);
    if (result.imported > 0) revalidateOrganization(org.organization.slug);
    return result;
  },
});
