/** A team member as the commissions forms offer them: id and display name. */
export type MemberOption = { id: string; name: string };

/** The <option>s of a team member picker, in the order given. */
export function MemberOptions({ members }: { members: MemberOption[] }) {
  return (
    <>
      {members.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </>
  );
}
