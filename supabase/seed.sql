-- Data for a new local database (applied once, after the migrations, by `npm run dev` and
-- `npm run db:reset`; by `supabase db reset` too). Reference data that every environment needs
-- belongs in migrations, not here.
select 1;
