"use client";

import { CsvImportCard } from "@/components/forms/csv-import";
import { importTeamMembersAction } from "@/lib/organizations/actions/team";

/**
 * Import team members from a CSV file or pasted rows. Valid rows are imported; every refused row is
 * listed with its line number and why, so the file can be fixed and the rest imported again.
 */
export function CsvImport({ slug }: { slug: string }) {
  return (
    <CsvImportCard
      slug={slug}
      action={importTeamMembersAction}
      noun={["team member", "team members"]}
      description={
        <>
          One team member per line, under a header line naming the columns: full_name, email, external_id,
          member_type, commission_type, commission_rate. Only full_name is required.
        </>
      }
      placeholder={"full_name,email,external_id\nAna Lima,ana@example.com,ghl_123"}
      templateHref={`/o/${slug}/team/template.csv`}
      suggestReimport
    />
  );
}
