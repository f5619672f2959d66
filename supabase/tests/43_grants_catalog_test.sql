-- Privileges, read from the catalog rather than from a list of names: every table in public has
-- RLS, anon reads only the composition gallery, no API role may TRUNCATE / REFERENCES / TRIGGER,
-- no function in public or private is executable by PUBLIC or anon, and authenticated executes
-- only the functions listed here with a reason. New objects start closed (default privileges),
-- so a new table or function is covered without editing this file; only a function that must be
-- callable by signed-in users needs a line in the allow-list.
begin;
select plan(7);

create temporary table authenticated_may_execute (fn text primary key, reason text not null);
insert into authenticated_may_execute values
  -- evaluated by RLS policies, CHECK constraints, column defaults or security-invoker triggers
  -- and functions as the querying role
  ('public.is_admin()', 'RLS policies (admin reads)'),
  ('public.tier_limits(text)', 'security-invoker trigger profiles_apply_tier'),
  ('private.org_role(uuid)', 'RLS policies (organization membership)'),
  ('private.event_role(uuid)', 'RLS policies (event membership)'),
  ('private.can_receive_topic(text)', 'RLS policy on realtime.messages'),
  ('private.can_manage_ai_configuration(uuid, uuid)', 'RLS policies on ai_configurations'),
  ('private.redact_pii(jsonb)', 'security-invoker trigger on analytics_events'),
  ('private.redact_pii_text(text)', 'security-invoker trigger on analytics_events'),
  ('private.default_preferences()', 'column default of user_preferences'),
  ('private.ai_configuration_errors(jsonb)', 'CHECK constraint on ai_configurations'),
  ('private.insight_event_id(text, text)', 'RLS policy on assistant_insights'),
  ('private.calling_role()', 'is_trusted_caller, asked by security-invoker RPCs'),
  ('private.is_trusted_caller()', 'security-invoker RPCs (get_effective_ai_config)'),
  ('private.default_ai_config()', 'the defaults get_effective_ai_config (security invoker) starts from'),
  ('private.composition_search_document(text, text, text[])', 'expression of the GIN index compositions_public_search_idx, evaluated as the role that writes a composition'),
  -- the user-facing RPCs
  ('public.record_conversation_feedback(uuid, boolean)', 'RPC: feedback on one''s own message'),
  ('public.get_effective_ai_config(uuid)', 'RPC: one''s effective AI configuration'),
  ('public.set_ai_provider_key(uuid, text)', 'RPC: store a provider key in Vault'),
  ('public.consume_generation_quota(uuid)', 'RPC: one''s monthly quota'),
  ('public.record_composition_download(uuid)', 'RPC: count a download'),
  ('public.delete_my_data()', 'RPC: erasure'),
  ('public.export_my_data()', 'RPC: export'),
  ('public.accept_organization_invitation(uuid)', 'RPC: consent to an organization'),
  ('public.ai_spend_summary()', 'RPC: one''s own model spend against one''s budget');
insert into authenticated_may_execute values
  ('public.admin_database_health()', 'RPC: database health, refuses all but admins'),
  ('public.admin_assistant_metrics(timestamptz, timestamptz)', 'RPC: assistant metrics, refuses all but admins');

-- anon and PUBLIC execute nothing: the gallery needs no function.
create temporary table anon_may_execute (fn text primary key, reason text not null);

create temporary table api_functions as
select p.oid::regprocedure as fn, p.oid
from pg_proc p
where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
  and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e');

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity),
  null, 'every table in public has row level security enabled');

select is(
  (select array_agg(c.relname || ': ' || x.privilege_type order by c.relname, x.privilege_type)
   from pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) x
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
     and x.grantee = 'anon'::regrole
     and not (c.relname = 'compositions' and x.privilege_type = 'SELECT')),
  null, 'anon holds no privilege on public tables but reading the composition gallery');

select is(
  (select array_agg(c.relname || ': ' || x.grantee::regrole::text || ' ' || x.privilege_type
                    order by c.relname, x.grantee::regrole::text, x.privilege_type)
   from pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) x
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
     and x.privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')
     and x.grantee in (0, 'anon'::regrole, 'authenticated'::regrole, 'service_role'::regrole)),
  null, 'no API role (nor PUBLIC) may TRUNCATE, REFERENCES or TRIGGER a public table');

select is(
  (select array_agg(f.fn::text order by f.fn::text) from api_functions f
   where (has_function_privilege('anon', f.oid, 'execute')
          or exists (select 1 from aclexplode(coalesce((select proacl from pg_proc where oid = f.oid),
                                                       acldefault('f', (select proowner from pg_proc where oid = f.oid)))) x
                     where x.grantee = 0 and x.privilege_type = 'EXECUTE'))
     and not exists (select 1 from anon_may_execute a where to_regprocedure(a.fn) = f.fn)),
  null, 'no function in public or private is executable by PUBLIC or anon');

select is(
  (select array_agg(f.fn::text order by f.fn::text) from api_functions f
   where has_function_privilege('authenticated', f.oid, 'execute')
     and not exists (select 1 from authenticated_may_execute a where to_regprocedure(a.fn) = f.fn)),
  null, 'authenticated executes only the allow-listed functions');

-- New objects start closed: made here the way a migration makes them.
set local role postgres;
create table public.grants_probe (id integer primary key generated always as identity);
create function public.grants_probe_fn() returns integer language sql as 'select 1';
create function private.grants_probe_private_fn() returns integer language sql as 'select 1';
reset role;
select is(
  (select array_agg(x.grantee::regrole::text || ' ' || x.privilege_type order by 1)
   from pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) x
   where c.oid in ('public.grants_probe'::regclass, pg_get_serial_sequence('public.grants_probe', 'id')::regclass)
     and x.grantee in ('anon'::regrole, 'authenticated'::regrole, 'service_role'::regrole)),
  null, 'a new table and its sequence grant nothing to anon, authenticated or service_role');
select is(
  (select array_agg(r || ' ' || f order by 1)
   from unnest(array['public', 'anon', 'authenticated', 'service_role']) r,
        unnest(array['public.grants_probe_fn()', 'private.grants_probe_private_fn()']) f
   where case when r = 'public'
              then exists (select 1 from aclexplode(coalesce((select proacl from pg_proc where oid = f::regprocedure),
                                                             acldefault('f', 'postgres'::regrole))) x
                           where x.grantee = 0)
              else has_function_privilege(r, f::regprocedure, 'execute') end),
  null, 'a new function is executable by nobody until a migration grants it');

select * from finish();
rollback;
