-- Every security definer function a caller could reach, called as a stranger: anon, an
-- `authenticated` role without `sub`, and a signed-in user on another user's and another
-- organization's objects. The list comes from the catalog: a definer function in `public`, or
-- one in `private` that an API role may execute, without a case below fails the suite.
-- Functions only the service role may execute need no case: anon and authenticated are refused
-- by the grant, which the last assertions prove for each of them.
begin;
select plan(9);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'c@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now());

-- A's objects (written as the owner). B is the stranger.
insert into public.organizations (id, name, slug, created_by)
values ('a0000000-0000-4000-8000-00000000000a', 'Org A', 'org-a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
insert into public.ai_configurations (id, organization_id, config_name, created_by) values
  ('a0000000-0000-4000-8000-0000000000c0', 'a0000000-0000-4000-8000-00000000000a', 'org', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
insert into public.ai_configurations (id, user_id, config_name) values
  ('a0000000-0000-4000-8000-0000000000c1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'mine');
insert into public.assistant_conversations (id, user_id, session_id, message) values
  ('a0000000-0000-4000-8000-0000000000d1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', gen_random_uuid(), 'hi');
insert into public.compositions (id, user_id, name, kind, content, content_hash) values
  ('a0000000-0000-4000-8000-0000000000e1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'private', 'email', '{}', md5('private'));
insert into public.events (id, owner_id, name, starts_at) values
  ('a0000000-0000-4000-8000-0000000000f1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Show', now() + interval '1 day');
-- C is invited to A's organization (pending)
insert into public.organization_members (organization_id, user_id, role)
values ('a0000000-0000-4000-8000-00000000000a', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'member');

-- The outcome of one call as one caller: 'ok:<first column>' or the SQLSTATE it raised. The
-- call runs in a subtransaction that is always rolled back, so cases do not affect each other.
create function pg_temp.outcome(p_role text, p_sub text, p_sql text)
returns text
language plpgsql
as $$
declare
  v_result text;
begin
  begin
    perform set_config('request.jwt.claims',
      jsonb_strip_nulls(jsonb_build_object('role', p_role, 'sub', p_sub))::text, true);
    perform set_config('role', p_role, true);
    execute p_sql into v_result;
    raise exception using errcode = 'T0000', message = coalesce(v_result, 'null');
  exception when others then
    if sqlstate = 'T0000' then
      return 'ok:' || sqlerrm;
    end if;
    return sqlstate;
  end;
end;
$$;

-- One row per reachable definer function: the call B makes on A's objects, and what B gets.
-- anon and authenticated-without-sub always expect 42501 (for predicates, used by RLS policies,
-- "no": a null role or false; expect_nosub says which).
create temporary table cases (fn text primary key, call text, expect_stranger text, expect_nosub text);
insert into cases values
  ('public.set_ai_provider_key(uuid, text)',
   $$ select public.set_ai_provider_key('a0000000-0000-4000-8000-0000000000c0', 'sk-stranger-0000') $$,
   'P0002', '42501'),
  ('public.consume_generation_quota(uuid)',
   $$ select allowed from public.consume_generation_quota('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') $$,
   '42501', '42501'),
  ('public.record_composition_download(uuid)',
   $$ select public.record_composition_download('a0000000-0000-4000-8000-0000000000e1') $$,
   'P0002', '42501'),
  ('public.record_conversation_feedback(uuid, boolean)',
   $$ select public.record_conversation_feedback('a0000000-0000-4000-8000-0000000000d1', false) $$,
   'P0002', '42501'),
  ('public.accept_organization_invitation(uuid)',
   $$ select organization_id from public.accept_organization_invitation('a0000000-0000-4000-8000-00000000000a') $$,
   'P0002', '42501'),
  -- takes no target, acts on the caller only (30_limits_and_privacy_test.sql proves that other
  -- users' rows survive it)
  ('public.delete_my_data()',
   $$ select (public.delete_my_data() ->> 'samples') is not null $$,
   'ok:true', '42501'),
  ('private.org_role(uuid)',
   $$ select private.org_role('a0000000-0000-4000-8000-00000000000a') $$,
   'ok:null', 'ok:null'),
  ('private.event_role(uuid)',
   $$ select private.event_role('a0000000-0000-4000-8000-0000000000f1') $$,
   'ok:null', 'ok:null'),
  ('private.can_receive_topic(text)',
   $$ select private.can_receive_topic('events:a0000000-0000-4000-8000-0000000000f1') $$,
   'ok:false', 'ok:false');
-- administration (issue 11): admins only, whatever the arguments
insert into cases values
  ('public.admin_database_health()',
   $$ select public.admin_database_health() is not null $$, '42501', '42501'),
  ('public.admin_assistant_metrics(timestamptz, timestamptz)',
   $$ select public.admin_assistant_metrics(now() - interval '1 day', now()) is not null $$,
   '42501', '42501');

-- Reachable: a definer function in public or private that anon or authenticated may execute,
-- or any definer function in public (service-role-only ones are covered by their grant below).
create temporary table reachable as
select p.oid::regprocedure as fn,
       has_function_privilege('anon', p.oid, 'execute')
         or has_function_privilege('authenticated', p.oid, 'execute') as api_callable
from pg_proc p
where p.prosecdef
  and p.prorettype <> 'trigger'::regtype
  and (p.pronamespace = 'public'::regnamespace
       or (p.pronamespace = 'private'::regnamespace
           and (has_function_privilege('anon', p.oid, 'execute')
                or has_function_privilege('authenticated', p.oid, 'execute')
                or has_function_privilege('public', p.oid, 'execute'))))
  and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e');

select is(
  (select array_agg(r.fn::text order by r.fn::text) from reachable r
   where r.api_callable and not exists (select 1 from cases c where to_regprocedure(c.fn) = r.fn)),
  null,
  'every security definer function an API role can execute has a stranger case');

select is(
  (select array_agg(c.fn || ' as B on A''s object: ' || pg_temp.outcome('authenticated',
            'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', c.call) || ', expected ' || c.expect_stranger
          order by c.fn)
   from cases c
   where pg_temp.outcome('authenticated', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', c.call) <> c.expect_stranger),
  null,
  'a signed-in stranger is refused on another user''s and another organization''s objects');

select is(
  (select array_agg(c.fn || ' without sub: ' || pg_temp.outcome('authenticated', null, c.call)
            || ', expected ' || c.expect_nosub order by c.fn)
   from cases c
   where pg_temp.outcome('authenticated', null, c.call) <> c.expect_nosub),
  null,
  'an authenticated caller without sub is a stranger, not a trusted caller');

select is(
  (select array_agg(c.fn || ' as anon: ' || pg_temp.outcome('anon', null, c.call) order by c.fn)
   from cases c
   where pg_temp.outcome('anon', null, c.call) <> '42501'),
  null,
  'anon is refused by every reachable definer function');

-- Service-role-only definer functions: called with nulls, anon and authenticated are refused
-- before the body runs.
select is(
  (select array_agg(r.fn::text || ' as ' || x.role || ': ' || x.outcome order by r.fn::text)
   from reachable r,
        lateral (select format('select 1 from %s(%s)', p.oid::regproc,
                               coalesce(string_agg('null::' || format_type(t.typ, null), ', ' order by t.ord), ''))
                 from pg_proc p
                 left join lateral unnest(p.proargtypes::oid[]) with ordinality as t(typ, ord) on true
                 where p.oid = r.fn
                 group by p.oid) as q(call),
        lateral (values ('anon', pg_temp.outcome('anon', null, q.call)),
                        ('authenticated', pg_temp.outcome('authenticated', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', q.call)))
                as x(role, outcome)
   where not r.api_callable and x.outcome <> '42501'),
  null,
  'definer functions for the service role refuse anon and authenticated');

-- Unknown is no: the permission predicates answer false, not null, for a stranger.
select is(
  (select array_agg(x.name || ': ' || coalesce(x.answer::text, 'null')) from (values
     ('can_manage_ai_configuration(org)', pg_temp.outcome('authenticated', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
        $$ select private.can_manage_ai_configuration(null, 'a0000000-0000-4000-8000-00000000000a') $$)),
     ('can_manage_ai_configuration(user)', pg_temp.outcome('authenticated', null,
        $$ select private.can_manage_ai_configuration('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', null) $$)),
     ('is_trusted_caller()', pg_temp.outcome('authenticated', null, $$ select private.is_trusted_caller() $$)),
     ('is_trusted_caller() as anon', pg_temp.outcome('anon', null, $$ select private.is_trusted_caller() $$))
   ) as x(name, answer)
   where x.answer is distinct from 'ok:false' and not (x.name like '%as anon' and x.answer = '42501')),
  null,
  'permission predicates answer false (never null) to strangers');

-- What the stranger cases must not have done, checked after all of them ran.
select is((select count(*) from public.configuration_audit_log where config_type = 'ai_config'
           and changed_by = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'), 0::bigint,
          'no configuration was changed by the stranger');
select ok((select api_key_secret_id is null from public.ai_configurations
           where id = 'a0000000-0000-4000-8000-0000000000c0')
          and (select download_count = 0 from public.compositions where id = 'a0000000-0000-4000-8000-0000000000e1')
          and (select helpful is null from public.assistant_conversations where id = 'a0000000-0000-4000-8000-0000000000d1')
          and (select accepted_at is null from public.organization_members
               where user_id = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'),
          'A''s key, counters, feedback and C''s invitation are untouched');

-- set_ai_provider_key is audited: who, which configuration, 'updated', never the key.
select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);
set local role authenticated;
select public.set_ai_provider_key('a0000000-0000-4000-8000-0000000000c0', 'sk-first-secret-1');
select public.set_ai_provider_key('a0000000-0000-4000-8000-0000000000c0', 'sk-second-secret-2');
reset role;
select results_eq(
  $$ select action, changed_by, organization_id, new_values ->> 'apiKey',
            strpos(to_jsonb(l)::text, 'secret-') = 0
     from public.configuration_audit_log l
     where config_id = 'a0000000-0000-4000-8000-0000000000c0' and action = 'updated'
     order by changed_at, new_values ->> 'apiKey' desc $$,
  $$ values ('updated'::text, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'a0000000-0000-4000-8000-00000000000a'::uuid, 'set'::text, true),
            ('updated'::text, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'a0000000-0000-4000-8000-00000000000a'::uuid, 'replaced'::text, true) $$,
  'each key change by an org owner writes one audit row without the key');

select * from finish();
rollback;
