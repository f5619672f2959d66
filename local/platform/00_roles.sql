-- Local platform layer, part 1: the roles, schemas and default grants hosted Supabase
-- creates before any project migration runs. Idempotent: applied on every start.
-- Never a migration: on hosted Supabase (and `supabase start`) these already exist.
-- Runs as the cluster's superuser, `supabase_admin`, as Supabase's own setup does.

do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
  end loop;
  -- `postgres`, the role migrations, the dashboard and the functions connect as, is NOT a
  -- superuser on hosted Supabase: it keeps the attributes of its demotion
  -- (supabase/postgres migrations/db/migrations/10000000000000_demote-postgres.sql).
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login password 'postgres'
      nosuperuser createdb createrole replication bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'postgres';
  end if;
  foreach r in array array['supabase_admin', 'supabase_auth_admin', 'supabase_realtime_admin',
                           'supabase_storage_admin', 'pgsodium_keyiduser'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
  end loop;
end
$$;

-- The service role bypasses RLS, exactly as on Supabase.
alter role service_role bypassrls;
-- The API roles inherit (supabase/postgres migration 20230529180330_alter_api_roles_for_inherit)
-- and carry hosted's statement timeouts, as `supabase db dump --role-only` shows them for a
-- hosted project; the REST API applies them per request, as PostgREST does. Statements here,
-- not in the create above: clusters made before this line must change too.
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;

-- What the demotion grants: the database, so that the CLI can create its
-- supabase_migrations schema, and the public schema's objects are the project's own.
do $$
begin
  execute format('grant all on database %I to postgres', current_database());
  if current_user = 'supabase_admin' then
    execute format('alter database %I owner to postgres', current_database());
  end if;
end
$$;

create schema if not exists extensions;
grant usage on schema extensions to public;
grant all on schema extensions to postgres;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

-- Supabase puts `extensions` on every role's search path.
alter database postgres set search_path = "$user", public, extensions;
alter role postgres set search_path = "$user", public, extensions;
alter role authenticator set search_path = "$user", public, extensions;

-- The public schema grants of a new Supabase project: RLS, not grants, is the gate. Only
-- default privileges: a blanket `grant ... on all tables` here would run again on every
-- start and undo the narrower grants the migrations make (hosted Supabase grants once, on
-- an empty schema).
grant usage on schema public to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
