-- Rate limit, tier limits and quotas, idempotency keys; delete_my_data, export_my_data,
-- purge_expired. (Concurrent callers of consume_rate_limit: tests/integration/rate_limit_test.ts.)
begin;
select plan(50);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now());

-- ------------------------------------------------------------ consume_rate_limit
create temporary table rl_calls (allowed boolean, remaining integer);
do $$
begin
  for i in 1..15 loop
    insert into rl_calls select r.allowed, r.remaining from public.consume_rate_limit('test:rl', 10, 60) as r;
  end loop;
end
$$;
select is((select count(*) filter (where allowed) from rl_calls),
          10::bigint, 'consume_rate_limit allows exactly `limit` calls in a window');
select results_eq($$ select allowed, remaining, reset_seconds between 1 and 60 from public.consume_rate_limit('test:rl', 10, 60) $$,
                  $$ values (false, 0, true) $$, 'the next call is refused with remaining 0 and a reset time');
select results_eq($$ select allowed, remaining from public.consume_rate_limit('test:other', 10, 60) $$,
                  $$ values (true, 9) $$, 'keys are independent');
-- Sliding window: the 10 calls above age out one by one, not all at once at a window boundary.
update public.rate_limit_buckets set hits = array(select h - interval '59.5 seconds' from unnest(hits) h)
where key = 'test:rl';
select results_eq($$ select allowed from public.consume_rate_limit('test:rl', 10, 60) $$,
                  $$ values (false) $$, 'calls made 59.5 s ago still fill a 60 s window: no burst at a window edge');
update public.rate_limit_buckets set hits = array(
  select h - case when i <= 3 then interval '1 second' else interval '0 seconds' end
  from unnest(hits) with ordinality as x(h, i)) where key = 'test:rl';
create temporary table rl_edge (allowed boolean);
do $$
begin
  for i in 1..10 loop
    insert into rl_edge select r.allowed from public.consume_rate_limit('test:rl', 10, 60) as r;
  end loop;
end
$$;
select is((select count(*) filter (where allowed) from rl_edge), 3::bigint,
          'only as many calls are admitted as have left the window (59 + 60 is never 120)');
select ok((select cardinality(hits) from public.rate_limit_buckets where key = 'test:rl') = 10,
          'the bucket keeps at most `limit` instants: refused calls are not recorded');
update public.rate_limit_buckets set hits = array(select h - interval '61 seconds' from unnest(hits) h)
where key = 'test:rl';
select results_eq($$ select allowed, remaining from public.consume_rate_limit('test:rl', 10, 60) $$,
                  $$ values (true, 9) $$, 'calls older than the window no longer count');
-- A call admitted by a concurrent caller after this statement began lies in its future (the log
-- is kept in call order: it is the newest).
update public.rate_limit_buckets set hits = hits || (statement_timestamp() + interval '0.5 seconds')
where key = 'test:rl';
select is((select reset_seconds from public.consume_rate_limit('test:rl', 10, 60)), 60,
          'reset_seconds never exceeds the window, even when another caller''s call is newer');
select ok((select hits[3] >= hits[2] and hits[2] > hits[1]
           from public.rate_limit_buckets where key = 'test:rl'),
          'a call is recorded no earlier than the newest one: the log stays in order');
-- The log keeps only the calls still in the window, and a lowered limit refuses until enough
-- of them have left it.
insert into public.rate_limit_buckets (key, window_seconds, hits)
select 'test:trim', 60, array[t - interval '90 seconds', t - interval '30 seconds',
                              t - interval '20 seconds', t - interval '10 seconds']
from clock_timestamp() t;
select results_eq($$ select allowed, remaining, reset_seconds from public.consume_rate_limit('test:trim', 5, 60) $$,
                  $$ values (true, 1, 30) $$, 'an admission counts only the calls in the window');
select is((select cardinality(hits) from public.rate_limit_buckets where key = 'test:trim'), 4,
          'an admission drops the calls that have left the window');
select results_eq($$ select allowed, remaining, reset_seconds from public.consume_rate_limit('test:trim', 2, 60) $$,
                  $$ values (false, 0, 50) $$,
                  'a lowered limit refuses until the limit-th latest call leaves the window');
-- ------------------------------------------------------------ admit_request
set local request.jwt.claims = '{"role": "service_role"}';
select results_eq(
  $$ select user_active, allowed from public.admit_request('cccccccc-cccc-4ccc-8ccc-cccccccccccc',
       '[{"key": "test:gone", "limit": 5, "windowSeconds": 60}]') $$,
  $$ values (false, false) $$, 'admit_request: a user who no longer exists is not active and counts nothing');
select results_eq(
  $$ select user_active, allowed, "limit", remaining from public.admit_request('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
       '[{"key": "test:all", "limit": 5, "windowSeconds": 60}, {"key": "test:route", "limit": 1, "windowSeconds": 60}]') $$,
  $$ values (true, true, 1, 0) $$, 'admit_request: the binding limit is the one with the fewest calls left');
select results_eq(
  $$ select allowed, "limit" from public.admit_request('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
       '[{"key": "test:all", "limit": 5, "windowSeconds": 60}, {"key": "test:route", "limit": 1, "windowSeconds": 60}]') $$,
  $$ values (false, 1) $$, 'admit_request: the route''s own limit refuses the second call');
select is((select cardinality(hits) from public.rate_limit_buckets where key = 'test:all'), 1,
          'admit_request: a call refused by one limit uses up none of the others');
reset request.jwt.claims;
set local role authenticated;
set local request.jwt.claims = '{"role": "authenticated", "sub": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}';
select throws_ok($$ select * from public.admit_request('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '[]') $$, '42501', null,
                 'users cannot call admit_request');
select throws_ok($$ select public.consume_rate_limit('test:rl', 10, 60) $$, '42501', null,
                 'users cannot call consume_rate_limit directly');
reset role;

-- ------------------------------------------------------------ idempotency keys
select is((select outcome from public.claim_idempotency_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'compose', 'k1', 'h1')),
          'new', 'a fresh key is claimed');
select is((select outcome from public.claim_idempotency_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'compose', 'k1', 'h1')),
          'in_progress', 'a replay while the first request runs is in_progress');
select ok(public.complete_idempotency_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'compose', 'k1', 201, '{"id": 1}'),
          'the response is stored');
select results_eq($$ select outcome, response_status, response_body from
                     public.claim_idempotency_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'compose', 'k1', 'h1') $$,
                  $$ values ('replay'::text, 201, '{"id": 1}'::jsonb) $$, 'a replay gets the first response');
select is((select outcome from public.claim_idempotency_key('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'compose', 'k1', 'other')),
          'conflict', 'the same key with another body is a conflict');

-- ------------------------------------------------------------ tier limits (free: 10 saved, 3 public)
select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);
set local role authenticated;
select lives_ok($$ insert into public.compositions (name, kind, content, content_hash, is_public)
                   select 'c' || i, 'product_description', '{}', md5('c' || i), i <= 3
                   from generate_series(1, 10) as i $$,
                'a free user saves 10 compositions, 3 of them public');
select throws_ok($$ insert into public.compositions (name, kind, content, content_hash)
                    values ('c11', 'product_description', '{}', md5('c11')) $$,
                 'PT403', 'tier_limit_exceeded', 'the 11th saved composition is refused');
delete from public.compositions where name = 'c10';
select throws_ok($$ insert into public.compositions (name, kind, content, content_hash, is_public)
                    values ('c12', 'product_description', '{}', md5('c12'), true) $$,
                 'PT403', 'tier_limit_exceeded', 'a 4th public composition is refused');
select throws_ok($$ update public.compositions set is_public = true where name = 'c9' $$,
                 'PT403', 'tier_limit_exceeded', 'publishing a 4th composition is refused');
select throws_ok($$ insert into public.compositions (name, kind, content, content_hash)
                    values ('dup', 'product_description', '{}', md5('c1')) $$,
                 '23505', null, 'the same content is saved once per user');
reset role;
update public.profiles set tier = 'pro' where id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
select is((select max_monthly_generations from public.profiles where id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
          1000, 'a tier change sets the monthly limit');
set local role authenticated;
select lives_ok($$ insert into public.compositions (name, kind, content, content_hash, is_public)
                   values ('c13', 'product_description', '{}', md5('c13'), true) $$,
                'after upgrading to pro the next public composition is accepted');

-- ------------------------------------------------------------ monthly generation quota
reset role;
update public.profiles set tier = 'free', monthly_generations = 99 where id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
set local role authenticated;
select results_eq($$ select allowed, used, monthly_limit from public.consume_generation_quota() $$,
                  $$ values (true, 100, 100) $$, 'the 100th generation of the month is allowed');
select results_eq($$ select allowed, used from public.consume_generation_quota() $$,
                  $$ values (false, 100) $$, 'the 101st is refused and not counted');
select throws_ok($$ select * from public.consume_generation_quota('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb') $$,
                 '42501', null, 'users cannot consume someone else''s quota');
reset role;
update public.profiles set last_reset_date = (date_trunc('month', now()) - interval '1 month')::date
where id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
select results_eq($$ select allowed, used from public.consume_generation_quota('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') $$,
                  $$ values (true, 1) $$, 'a new month restarts the counter');

-- ------------------------------------------------------------ purge_expired
update public.user_preferences set conversation_history_retention_days = 30
where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
insert into public.assistant_conversations (user_id, session_id, message, created_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', gen_random_uuid(), 'old', now() - interval '40 days'),
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', gen_random_uuid(), 'recent', now() - interval '10 days'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', gen_random_uuid(), 'old but kept', now() - interval '40 days');
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'media', 'expired', '{}', now() - interval '1 minute'),
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'media', 'fresh', '{}', now() + interval '1 minute');
insert into public.rate_limit_buckets (key, window_seconds, hits, last_hit_at)
values ('test:stale', 60, array[now() - interval '3 hours'], now() - interval '3 hours');
update public.idempotency_keys set expires_at = now() - interval '1 second' where key = 'k1';
insert into private.composition_cache (kind, inputs, owner_id, answer, expires_at, promoted_at) values
  ('purge_test', '{"n": "expired"}', null, '{}', now() - interval '1 minute', null),
  ('purge_test', '{"n": "fresh"}', null, '{}', now() + interval '1 hour', null),
  ('purge_test', '{"n": "promoted"}', null, '{}', now() - interval '1 day', now() - interval '2 days'),
  ('purge_test', '{"n": "owned"}', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', '{}', now() - interval '1 minute', null);
select lives_ok($$ select public.purge_expired() $$, 'purge_expired runs');
select is((select array_agg(message order by message) from public.assistant_conversations),
          array['old but kept', 'recent'], 'conversations older than each user''s retention are purged');
select is((select array_agg(context_id) from public.assistant_insights), array['fresh'], 'expired insights are purged');
select ok(not exists (select 1 from public.rate_limit_buckets where key = 'test:stale')
          and exists (select 1 from public.rate_limit_buckets where key = 'test:rl'), 'ended rate windows are purged');
select is((select count(*) from public.idempotency_keys), 0::bigint, 'expired idempotency keys are purged');
select is((select array_agg(inputs ->> 'n' order by inputs ->> 'n') from private.composition_cache
           where kind = 'purge_test'),
          array['fresh', 'promoted'], 'expired compose answers are purged; promoted ones are kept');
select is((select status from public.maintenance_operations where operation_type = 'PURGE'), 'completed',
          'the purge is logged in maintenance_operations');

-- ------------------------------------------------------------ delete_my_data / export_my_data
do $$
declare
  u uuid;
  v_event uuid;
begin
  foreach u in array array['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb']::uuid[] loop
    insert into public.analytics_events (user_id, event_type) values (u, 'assistant_opened');
    insert into public.samples (owner_id, name, category) values (u, 'Coat', 'Outerwear');
    insert into public.events (owner_id, name, starts_at) values (u, 'Show', now() + interval '1 day')
      returning id into v_event;
    insert into public.event_tasks (event_id, title) values (v_event, 'Task');
    insert into public.gallery_assets (owner_id, width, height) values (u, 10, 10);
    insert into public.shot_list_items (owner_id, look_id, shot_type) values (u, 'L1', 'front');
    insert into public.ai_configurations (user_id, config_name) values (u, 'cfg');
    insert into public.generation_history (user_id, kind, generation_source, success)
      values (u, 'product_description', 'generated', true);
    insert into public.organizations (name, slug, created_by) values ('Org', 'org-' || left(u::text, 8), u);
    insert into public.idempotency_keys (user_id, route, key, request_hash) values (u, 'compose', 'k2', 'h');
    insert into public.rate_limit_buckets (key, window_seconds, hits) values ('user:' || u, 60, array[now()]);
    insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at)
      values (u, 'chat', 'home', '{}', now() + interval '5 minutes');
  end loop;
  -- B is assigned a task on A's event; A likes B's public composition
  update public.event_tasks set assignee_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
  where event_id in (select id from public.events where owner_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
  insert into public.compositions (user_id, name, kind, content, content_hash, is_public)
  values ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'B public', 'product_description', '{}', md5('b public'), true);
  insert into public.composition_interactions (user_id, composition_id, interaction_type)
  select 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', id, 'like' from public.compositions where name = 'B public';
end
$$;

create temporary table owned_rows as
with u(id) as (values ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid), ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::uuid))
select u.id as user_id, t.name, t.n
from u, lateral (values
  ('assistant_conversations', (select count(*) from public.assistant_conversations where user_id = u.id)),
  ('assistant_insights', (select count(*) from public.assistant_insights where user_id = u.id)),
  ('user_preferences', (select count(*) from public.user_preferences where user_id = u.id)),
  ('analytics_events', (select count(*) from public.analytics_events where user_id = u.id)),
  ('samples', (select count(*) from public.samples where owner_id = u.id)),
  ('events', (select count(*) from public.events where owner_id = u.id)),
  ('event_tasks', (select count(*) from public.event_tasks t join public.events e on e.id = t.event_id where e.owner_id = u.id)),
  ('event_tasks assigned', (select count(*) from public.event_tasks where assignee_id = u.id)),
  ('gallery_assets', (select count(*) from public.gallery_assets where owner_id = u.id)),
  ('shot_list_items', (select count(*) from public.shot_list_items where owner_id = u.id)),
  ('ai_configurations', (select count(*) from public.ai_configurations where user_id = u.id or created_by = u.id)),
  ('configuration_audit_log', (select count(*) from public.configuration_audit_log where owner_id = u.id or changed_by = u.id)),
  ('profiles', (select count(*) from public.profiles where id = u.id)),
  ('compositions', (select count(*) from public.compositions where user_id = u.id)),
  ('generation_history', (select count(*) from public.generation_history where user_id = u.id)),
  ('composition_interactions', (select count(*) from public.composition_interactions where user_id = u.id)),
  ('organizations', (select count(*) from public.organizations where created_by = u.id)),
  ('organization_members', (select count(*) from public.organization_members where user_id = u.id)),
  ('idempotency_keys', (select count(*) from public.idempotency_keys where user_id = u.id)),
  ('rate_limit_buckets', (select count(*) from public.rate_limit_buckets where key like '%' || u.id::text || '%'))
) as t(name, n);
create temporary table owned_before as select * from owned_rows;
select ok((select bool_and(n > 0) from owned_before
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and name <> 'event_tasks assigned'),
          'A owns rows in every table before deletion');

select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);
set local role authenticated;
select is((public.export_my_data() -> 'samples' -> 0 ->> 'name'), 'Coat', 'export_my_data includes the caller''s samples');
select ok((select jsonb_array_length(d -> 'compositions') = 10 and jsonb_array_length(d -> 'events') = 1
                  and jsonb_array_length(d -> 'samples') = 1
                  and d -> 'profile' ->> 'id' = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
                  and d::text not like '%B public%'
           from public.export_my_data() as d),
          'export_my_data is one document of the caller''s rows and nobody else''s');
select ok((public.delete_my_data() ->> 'samples')::int = 1, 'delete_my_data reports what it removed');
reset role;

truncate owned_rows;
insert into owned_rows
select x.user_id, x.name, x.n from (
  with u(id) as (values ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid), ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::uuid))
  select u.id as user_id, t.name, t.n
  from u, lateral (values
    ('assistant_conversations', (select count(*) from public.assistant_conversations where user_id = u.id)),
    ('assistant_insights', (select count(*) from public.assistant_insights where user_id = u.id)),
    ('user_preferences', (select count(*) from public.user_preferences where user_id = u.id)),
    ('analytics_events', (select count(*) from public.analytics_events where user_id = u.id)),
    ('samples', (select count(*) from public.samples where owner_id = u.id)),
    ('events', (select count(*) from public.events where owner_id = u.id)),
    ('event_tasks', (select count(*) from public.event_tasks t join public.events e on e.id = t.event_id where e.owner_id = u.id)),
    ('event_tasks assigned', (select count(*) from public.event_tasks where assignee_id = u.id)),
    ('gallery_assets', (select count(*) from public.gallery_assets where owner_id = u.id)),
    ('shot_list_items', (select count(*) from public.shot_list_items where owner_id = u.id)),
    ('ai_configurations', (select count(*) from public.ai_configurations where user_id = u.id or created_by = u.id)),
    ('configuration_audit_log', (select count(*) from public.configuration_audit_log where owner_id = u.id or changed_by = u.id)),
    ('profiles', (select count(*) from public.profiles where id = u.id)),
    ('compositions', (select count(*) from public.compositions where user_id = u.id)),
    ('generation_history', (select count(*) from public.generation_history where user_id = u.id)),
    ('composition_interactions', (select count(*) from public.composition_interactions where user_id = u.id)),
    ('organizations', (select count(*) from public.organizations where created_by = u.id)),
    ('organization_members', (select count(*) from public.organization_members where user_id = u.id)),
    ('idempotency_keys', (select count(*) from public.idempotency_keys where user_id = u.id)),
    ('rate_limit_buckets', (select count(*) from public.rate_limit_buckets where key like '%' || u.id::text || '%'))
  ) as t(name, n)) as x;

select is((select coalesce(sum(n), 0) from owned_rows where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'), 0::numeric,
          'delete_my_data leaves nothing of the caller');
select is((select array_agg(name order by name) from owned_rows where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and n > 0),
          null::text[], 'no table keeps a row of the caller');
select results_eq(
  $$ select name, n from owned_rows where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
       and name <> 'event_tasks assigned' order by name $$,
  $$ select name, n from owned_before where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
       and name <> 'event_tasks assigned' order by name $$,
  'delete_my_data leaves everything of other users');
select is((select count(*) from public.configuration_audit_log l
           where to_jsonb(l)::text like '%aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa%'), 0::bigint,
          'no audit row (not even another user''s snapshot) mentions the caller');
select is((select like_count from public.compositions where name = 'B public'), 0,
          'the caller''s likes no longer count on other users'' compositions');

select * from finish();
rollback;
