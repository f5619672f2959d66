-- Cached analyses are readable only by whoever may read the underlying data now: a member removed
-- from an event no longer reads the event's cached analysis (neither through the table nor
-- through insight_cache_get), expired rows are nobody's, and event_members changes invalidate.
begin;
select plan(11);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now());

-- A's event E, B a member; each has E's analysis cached (as the functions layer writes it).
insert into public.events (id, owner_id, name, starts_at) values
  ('e0000000-0000-4000-8000-0000000000e1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Show', now() + interval '1 day');
insert into public.event_members (event_id, user_id, role) values
  ('e0000000-0000-4000-8000-0000000000e1', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'viewer');
select public.insight_cache_put('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'events', 'e0000000-0000-4000-8000-0000000000e1',
                                '{"staffing": "A"}', 1800) is not null;
-- B's request spelled the id in upper case: stored canonically all the same
select public.insight_cache_put('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events', 'E0000000-0000-4000-8000-0000000000E1',
                                '{"staffing": "B"}', 1800) is not null;
select is((select array_agg(distinct context_id) from public.assistant_insights
           where user_id in ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb')),
          array['e0000000-0000-4000-8000-0000000000e1'],
          'event insights are stored under the canonical event id');

select set_config('request.jwt.claims',
  json_build_object('sub', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'role', 'authenticated')::text, true);
set local role authenticated;
select is((select data ->> 'staffing' from public.assistant_insights where context_id = 'e0000000-0000-4000-8000-0000000000e1'),
          'B', 'a member reads their cached analysis of the event');

-- A removes B: the trigger deletes the event's insights
reset role;
delete from public.event_members where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
select is((select count(*) from public.assistant_insights where context_id = 'e0000000-0000-4000-8000-0000000000e1'),
          0::bigint, 'removing a member invalidates the event''s insights');

-- Even a row stored after the removal (a request that was in flight) is not B's to read.
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events', 'e0000000-0000-4000-8000-0000000000e1', '{"staffing": "late"}', now() + interval '1 hour'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'event_critical_path', 'e0000000-0000-4000-8000-0000000000e1', '{}', now() + interval '1 hour'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events', 'list:abc', '{"supplied": true}', now() + interval '1 hour'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'logistics', 'samples', '{"fresh": true}', now() + interval '1 hour'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'logistics', 'old', '{"expired": true}', now() - interval '1 second');
set local role authenticated;
select is_empty($$ select * from public.assistant_insights where context_id = 'e0000000-0000-4000-8000-0000000000e1' $$,
                'a removed member reads none of the event''s cached analyses');
select is((select array_agg(context_id order by context_id) from public.assistant_insights),
          array['list:abc', 'samples'], 'B still reads analyses of data B supplied or owns, unexpired only');
reset role;
select is_empty($$ select * from public.insight_cache_get('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events',
                                                          'e0000000-0000-4000-8000-0000000000e1') $$,
                'insight_cache_get serves a removed member nothing');
select is_empty($$ select * from public.insight_cache_get('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'logistics', 'old') $$,
                'insight_cache_get serves no expired row');
select is((select data ->> 'fresh' from public.insight_cache_get('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'logistics', 'samples')),
          'true', 'insight_cache_get serves a fresh row of the user''s own data');

-- Adding B back invalidates too, and then B reads again what is computed for B.
insert into public.event_members (event_id, user_id, role) values
  ('e0000000-0000-4000-8000-0000000000e1', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'editor');
select is((select count(*) from public.assistant_insights where context_id = 'e0000000-0000-4000-8000-0000000000e1'),
          0::bigint, 'adding a member invalidates the event''s insights');
select public.insight_cache_put('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events', 'e0000000-0000-4000-8000-0000000000e1',
                                '{"staffing": "B again"}', 1800) is not null;
select is((select data ->> 'staffing' from public.insight_cache_get('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events',
                                                                    '{E0000000-0000-4000-8000-0000000000E1}')),
          'B again', 'a member is served the event''s analysis, whatever the id''s spelling');
update public.event_members set role = 'viewer' where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
select is((select count(*) from public.assistant_insights where context_id = 'e0000000-0000-4000-8000-0000000000e1'),
          0::bigint, 'changing a member''s role invalidates the event''s insights');

select * from finish();
rollback;
