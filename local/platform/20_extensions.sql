-- Local platform layer, part 3: the extensions a hosted Supabase project can enable and that the
-- migrations or tests use. Idempotent, and never fails where a package is missing:
--   * pgtap    (tests) in schema `extensions`, when the Debian package is installed;
--   * pg_cron  (scheduled jobs), when installed AND preloaded (local/db.ts preloads it when
--              postgresql-15-cron is present). Like Supabase, pg_cron keeps its objects in `cron`.
-- Migrations still guard on `pg_extension` themselves, so they apply where pg_cron is absent.

do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pgtap') then
    create extension if not exists pgtap with schema extensions;
  end if;

  if exists (select 1 from pg_available_extensions where name = 'pg_cron')
     and exists (
       select 1
       from unnest(string_to_array(coalesce(current_setting('shared_preload_libraries', true), ''), ',')) as l(lib)
       where trim(l.lib) = 'pg_cron'
     )
     and current_database() = coalesce(current_setting('cron.database_name', true), 'postgres')
  then
    create extension if not exists pg_cron with schema pg_catalog;
    grant usage on schema cron to postgres;
  end if;
end
$$;
