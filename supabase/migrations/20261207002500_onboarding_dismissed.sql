-- The dashboard's getting-started checklist can be put away, per member and organization: a member's
-- row of user_settings for that organization (organization_id set) remembers when they dismissed it.
alter table public.user_settings add column onboarding_dismissed_at timestamptz;
