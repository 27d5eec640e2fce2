-- Red team: an API key acts with its creator narrowed to the key's permissions
-- (private.permitted_organizations), but the owner-only rules ask private.member_role, which did
-- not look at the key. An owner's key holding members:update alone could make a member an owner,
-- demote or suspend the other owners, give any role, custom role or permission (the "hold what you
-- hand out" guards let owners through), and one holding organizations:update could let workflow
-- steps reach private network addresses. Owner-only powers are not permissions a key can list, so
-- a request made with a key is never an owner: an owner's key answers as an administrator here,
-- and what it may do is its list of permissions, checked like anyone's.

create or replace function private.member_role(p_organization_id uuid)
returns public.organization_role
language sql
stable
security definer
set search_path = ''
as $$
  select case
           when m.role = 'owner' and nullif((select auth.jwt()) ->> 'api_key_id', '') is not null
             then 'administrator'::public.organization_role
           else m.role
         end
  from public.organization_members m
  where m.organization_id = p_organization_id and m.user_id = (select auth.uid()) and m.status = 'active'
$$;
