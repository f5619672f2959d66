-- The lifecycle jobs (deadline notices every 5 minutes, the nightly purge) are scheduled whenever
-- pg_cron becomes available, not only when it already exists at migration time. pg_cron is off
-- on hosted Supabase until enabled (Database > Extensions); 20261122000700_lifecycle.sql
-- scheduled the jobs only if it was on then, so enabling it later left them unscheduled.
--
-- 1. private.schedule_lifecycle_jobs(): idempotent (cron.schedule with a job name replaces the
--    job of that name), a no-op while pg_cron is absent. Called below, so a database that has
--    pg_cron today gets the jobs now.
-- 2. An event trigger on CREATE EXTENSION calls it when pg_cron is created later. Creating an
--    event trigger needs a superuser, or the role supautils makes privileged on hosted Supabase
--    (`postgres`). Where the migration role may not (a plain non-superuser `postgres`, as in the
--    local stack), the trigger is left out with a notice: run
--    `select private.schedule_lifecycle_jobs();` once after enabling pg_cron (README).

create or replace function private.schedule_lifecycle_jobs()
returns text[]
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select from pg_catalog.pg_extension where extname = 'pg_cron') then
    return '{}';
  end if;
  -- Dynamic SQL: the cron schema does not exist while pg_cron is absent.
  execute $q$ select cron.schedule('fashionos-deadline-approaching', '*/5 * * * *',
                                   'select public.notify_deadlines_approaching()') $q$;
  execute $q$ select cron.schedule('fashionos-purge-expired', '17 3 * * *',
                                   'select public.purge_expired()') $q$;
  return array['fashionos-deadline-approaching', 'fashionos-purge-expired'];
end
$$;
comment on function private.schedule_lifecycle_jobs() is
  'Schedules the lifecycle jobs with pg_cron (idempotent); a no-op without pg_cron.';
revoke all on function private.schedule_lifecycle_jobs() from public, anon, authenticated,
  service_role;

create or replace function private.schedule_lifecycle_jobs_on_pg_cron()
returns event_trigger
language plpgsql
set search_path = ''
as $$
begin
  if exists (select from pg_catalog.pg_event_trigger_ddl_commands() c
             where c.object_type = 'extension' and c.object_identity = 'pg_cron') then
    begin
      perform private.schedule_lifecycle_jobs();
    exception when others then
      -- Never make enabling the extension fail: say what to run instead.
      raise warning 'pg_cron enabled, lifecycle jobs not scheduled (%): run select private.schedule_lifecycle_jobs()',
        sqlerrm;
    end;
  end if;
end
$$;
revoke all on function private.schedule_lifecycle_jobs_on_pg_cron() from public, anon,
  authenticated, service_role;

do $$
begin
  if (select rolsuper from pg_catalog.pg_roles where rolname = current_user)
     or current_setting('supautils.privileged_role', true) = current_user then
    drop event trigger if exists fashionos_schedule_lifecycle_jobs;
    create event trigger fashionos_schedule_lifecycle_jobs on ddl_command_end
      when tag in ('CREATE EXTENSION')
      execute function private.schedule_lifecycle_jobs_on_pg_cron();
  else
    raise notice 'pg_cron: % may not create event triggers; after enabling pg_cron run select private.schedule_lifecycle_jobs()',
      current_user;
  end if;
end
$$;

select private.schedule_lifecycle_jobs();
