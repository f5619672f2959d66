-- Immutable logs, and every trigger doing what it says: updated_at, signup rows, PII stripping,
-- audit entries, cache invalidation, realtime broadcasts (topic, event, private flag, payload)
-- and who may receive them, deadline_approaching, popularity and interaction counters.
begin;
select plan(54);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{"full_name": "Ada"}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now());

-- signup trigger
select is((select preferences ->> 'theme' from public.user_preferences
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'), 'system',
          'signup creates user_preferences with the default settings document');
select results_eq($$ select tier, full_name, max_monthly_generations from public.profiles
                     where id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' $$,
                  $$ values ('free'::text, 'Ada'::text, 100) $$,
                  'signup creates a free-tier profile');

select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);
set local role authenticated;

-- ------------------------------------------------------------ conversations: immutable log
insert into public.assistant_conversations (id, session_id, message, response)
values ('a0000000-0000-4000-8000-000000000001', gen_random_uuid(), 'what is late?', '{"content": "3 heroes"}');
select throws_ok($$ update public.assistant_conversations set message = 'edited' $$, '42501', null,
                 'conversations refuse update');
select throws_ok($$ delete from public.assistant_conversations $$, '42501', null,
                 'conversations refuse delete');
select ok(public.record_conversation_feedback('a0000000-0000-4000-8000-000000000001', true),
          'feedback is recorded through the RPC');
select is((select helpful from public.assistant_conversations where id = 'a0000000-0000-4000-8000-000000000001'),
          true, 'helpful is set');
select is((select message from public.assistant_conversations where id = 'a0000000-0000-4000-8000-000000000001'),
          'what is late?', 'the message itself is unchanged');

-- ------------------------------------------------------------ preferences: updated_at + audit
reset role;
update public.user_preferences set updated_at = now() - interval '1 day'
where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
delete from public.configuration_audit_log;
set local role authenticated;
-- what a write through the REST API is: the user's own row, without the preferences function
select throws_ok($$ update public.user_preferences set preferences = preferences || '{"rowsPerPage": 1000000}'
                    where user_id = auth.uid() $$,
                 '42501', 'settings are changed through the preferences function, which validates them',
                 'a user''s own settings write without the preferences function''s change reason is refused');
select throws_ok($$ insert into public.user_preferences (user_id, preferences)
                    values (auth.uid(), '{"theme": 7}') on conflict (user_id) do nothing $$,
                 '42501', null, 'so is a user''s own insert of a settings row');
select set_config('fashionos.change_reason', 'prefer dark mode', true);
update public.user_preferences
set preferences = jsonb_set(preferences, '{theme}', '"dark"')
where user_id = auth.uid();
select ok((select updated_at > now() - interval '1 minute' from public.user_preferences where user_id = auth.uid()),
          'updated_at trigger bumps user_preferences.updated_at');
select results_eq(
  $$ select config_type, action, changed_by, old_values #>> '{preferences,theme}',
            new_values #>> '{preferences,theme}', change_reason
     from public.configuration_audit_log $$,
  $$ values ('user_preference'::text, 'updated'::text, 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid,
             'system'::text, 'dark'::text, 'prefer dark mode'::text) $$,
  'a preference change writes one audit row with old/new values, who and why');
select throws_ok($$ update public.configuration_audit_log set change_reason = 'tampered' $$, '42501', null,
                 'audit log refuses update');
select throws_ok($$ delete from public.configuration_audit_log $$, '42501', null,
                 'audit log refuses delete');
select throws_ok($$ insert into public.configuration_audit_log (config_type, config_id, action)
                    values ('ai_config', gen_random_uuid(), 'created') $$, '42501', null,
                 'audit log refuses direct inserts');

-- ------------------------------------------------------------ AI configuration audit + vault
insert into public.ai_configurations (id, user_id, config_name, configuration)
values ('a0000000-0000-4000-8000-0000000000c1', auth.uid(), 'mine', '{"temperature": 0.2}');
update public.ai_configurations set is_active = false where id = 'a0000000-0000-4000-8000-0000000000c1';
select is((select array_agg(action order by action) from public.configuration_audit_log
           where config_type = 'ai_config'),
          array['created', 'updated'], 'AI configuration inserts and updates are audited');
select ok(public.set_ai_provider_key('a0000000-0000-4000-8000-0000000000c1', 'sk-test-1234567890') is not null,
          'the owner stores a provider key in Vault');
select is((select api_key_secret_id is not null from public.ai_configurations
           where id = 'a0000000-0000-4000-8000-0000000000c1'), true, 'the configuration references the secret');
select throws_ok($$ select public.get_ai_provider_key('a0000000-0000-4000-8000-0000000000c1') $$, '42501', null,
                 'users cannot read provider keys back');
reset role;
select is(public.get_ai_provider_key('a0000000-0000-4000-8000-0000000000c1'), 'sk-test-1234567890',
          'the system reads the provider key from Vault');
select is((select (public.get_effective_ai_config('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')) ->> 'source'), 'default',
          'an inactive user configuration falls back to the defaults');
set local role authenticated;

-- ------------------------------------------------------------ analytics: PII stripped
insert into public.analytics_events (event_type, event_data, page_route) values (
  'action_clicked',
  '{"note": "mail jane.doe@example.com or call +1 (415) 555-0134", "nested": {"list": ["x@y.io", "id 550e8400-e29b-41d4-a716-446655440000"]}, "when": "2026-11-22 10:00:00", "count": 12345678901}',
  '/contact/bob@example.org');
select results_eq(
  $$ select event_data ->> 'note', event_data #>> '{nested,list,0}', event_data #>> '{nested,list,1}',
            event_data ->> 'when', event_data ->> 'count', page_route
     from public.analytics_events where event_type = 'action_clicked' $$,
  $$ values ('mail [redacted-email] or call [redacted-phone]'::text, '[redacted-email]'::text,
             'id 550e8400-e29b-41d4-a716-446655440000'::text, '2026-11-22 10:00:00'::text,
             '12345678901'::text, '/contact/[redacted-email]'::text) $$,
  'analytics event_data loses e-mails and phone numbers, keeps ids, dates and numbers');

-- ------------------------------------------------------------ samples: cache + realtime
reset role;
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'stored', '{}', now() + interval '1 hour'),
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'media', 'stored', '{}', now() + interval '1 hour'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'logistics', 'stored', '{}', now() + interval '1 hour');
delete from realtime.messages;
set local role authenticated;

insert into public.samples (id, name, category, is_hero)
values ('a0000000-0000-4000-8000-000000000051', 'Wool coat', 'Outerwear', true);
select is((select count(*) from public.assistant_insights where insight_type = 'logistics'), 0::bigint,
          'a new sample deletes the owner''s logistics insights');
reset role;
select is((select count(*) from public.assistant_insights), 2::bigint,
          'other insight types and other users'' insights survive');
select results_eq(
  $$ select topic, event, private, extension, payload ->> 'sampleId', payload ->> 'type'
     from realtime.messages $$,
  $$ values ('samples:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::text, 'sample_added'::text, true,
             'broadcast'::text, 'a0000000-0000-4000-8000-000000000051'::text, 'sample_added'::text) $$,
  'inserting a sample broadcasts sample_added on the owner''s private topic');
delete from realtime.messages;
set local role authenticated;
update public.samples set status = 'on_set' where name = 'Wool coat';
update public.samples set designer = 'Kiso' where name = 'Wool coat';
reset role;
select results_eq(
  $$ select event, payload ->> 'oldStatus', payload ->> 'newStatus', payload ->> 'name', (payload ->> 'isHero')::boolean
     from realtime.messages $$,
  $$ values ('sample_status_changed'::text, 'requested'::text, 'on_set'::text, 'Wool coat'::text, true) $$,
  'a status change (only) broadcasts sample_status_changed with old and new status');
delete from realtime.messages;
set local role authenticated;
delete from public.samples where name = 'Wool coat';
reset role;
select is((select event from realtime.messages), 'sample_removed', 'deleting a sample broadcasts sample_removed');

-- who may receive: realtime.messages RLS, as the Realtime server checks it on join
insert into realtime.messages (topic, extension, event, payload, private) values
  ('samples:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'broadcast', 'probe', '{}', true),
  ('assets:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'broadcast', 'probe', '{}', true);
set local role authenticated;
select set_config('realtime.topic', 'samples:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
select ok((select count(*) > 0 from realtime.messages where topic = realtime.topic()),
          'the owner may join samples:<own id>');
select set_config('realtime.topic', 'assets:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
select ok((select count(*) > 0 from realtime.messages where topic = realtime.topic()),
          'the owner may join assets:<own id>');
select set_config('request.jwt.claims',
  json_build_object('sub', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'role', 'authenticated')::text, true);
select set_config('realtime.topic', 'samples:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
select is((select count(*) from realtime.messages where topic = realtime.topic()), 0::bigint,
          'another user may not join samples:<A>');
select set_config('realtime.topic', 'assets:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', true);
select is((select count(*) from realtime.messages), 0::bigint, 'another user may not join assets:<A>');
select throws_ok($$ insert into realtime.messages (topic, extension, event, payload, private)
                    values ('samples:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'broadcast', 'spoof', '{}', true) $$,
                 '42501', null, 'clients cannot broadcast on these topics');
select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);

-- ------------------------------------------------------------ events: tasks, members, cache
insert into public.events (id, name, starts_at, staffing_required)
values ('a0000000-0000-4000-8000-0000000000e1', 'Runway', now() + interval '2 days', '{"dresser": 2}');
insert into public.event_tasks (id, event_id, title, deadline, duration_minutes)
values ('a0000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-0000000000e1', 'Steam looks',
        now() + interval '20 hours', 60),
       ('a0000000-0000-4000-8000-0000000000f2', 'a0000000-0000-4000-8000-0000000000e1', 'Strike set',
        now() + interval '3 days', 90);
reset role;
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'events', 'a0000000-0000-4000-8000-0000000000e1', '{}', now() + interval '30 minutes'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events', 'a0000000-0000-4000-8000-0000000000e1', '{}', now() + interval '30 minutes'),
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'events', 'some-other-event', '{}', now() + interval '30 minutes');
delete from realtime.messages;
set local role authenticated;
update public.event_tasks set status = 'done' where id = 'a0000000-0000-4000-8000-0000000000f2';
reset role;
select is((select array_agg(context_id) from public.assistant_insights where insight_type = 'events'),
          array['some-other-event'], 'a task change deletes that event''s insights for every user, only that event''s');
select results_eq(
  $$ select topic, event, private, payload ->> 'taskId', payload ->> 'oldStatus', payload ->> 'newStatus'
     from realtime.messages $$,
  $$ values ('events:a0000000-0000-4000-8000-0000000000e1'::text, 'task_status_changed'::text, true,
             'a0000000-0000-4000-8000-0000000000f2'::text, 'todo'::text, 'done'::text) $$,
  'a task status change broadcasts task_status_changed on events:<eventId>');
delete from realtime.messages;
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'events', 'a0000000-0000-4000-8000-0000000000e1', '{}', now() + interval '30 minutes');
set local role authenticated;
insert into public.event_members (event_id, user_id, role)
values ('a0000000-0000-4000-8000-0000000000e1', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'editor');
update public.event_tasks set assignee_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
where id = 'a0000000-0000-4000-8000-0000000000f1';
reset role;
select results_eq(
  $$ select event, payload ->> 'assigneeId', payload ->> 'title' from realtime.messages $$,
  $$ values ('task_assigned'::text, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::text, 'Steam looks'::text) $$,
  'assigning a task broadcasts task_assigned');
select is((select count(*) from public.assistant_insights where context_id = 'a0000000-0000-4000-8000-0000000000e1'),
          0::bigint, 'assigning a task invalidates the event''s insights');
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'events', 'a0000000-0000-4000-8000-0000000000e1', '{}', now() + interval '30 minutes');
set local role authenticated;
insert into public.event_staff (event_id, name, role) values ('a0000000-0000-4000-8000-0000000000e1', 'Ana', 'dresser');
reset role;
select is((select count(*) from public.assistant_insights where context_id = 'a0000000-0000-4000-8000-0000000000e1'),
          0::bigint, 'a staff change invalidates the event''s insights');
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'events', 'a0000000-0000-4000-8000-0000000000e1', '{}', now() + interval '30 minutes');
set local role authenticated;
update public.events set venue = 'Hall 2' where id = 'a0000000-0000-4000-8000-0000000000e1';
reset role;
select is((select count(*) from public.assistant_insights where context_id = 'a0000000-0000-4000-8000-0000000000e1'),
          0::bigint, 'an event change invalidates the event''s insights');

-- members receive the event topic; strangers do not
insert into realtime.messages (topic, extension, event, payload, private)
values ('events:a0000000-0000-4000-8000-0000000000e1', 'broadcast', 'probe', '{}', true);
set local role authenticated;
select set_config('request.jwt.claims',
  json_build_object('sub', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'role', 'authenticated')::text, true);
select set_config('realtime.topic', 'events:a0000000-0000-4000-8000-0000000000e1', true);
select ok((select count(*) > 0 from realtime.messages), 'an event member may join events:<eventId>');
reset role;
delete from public.event_members where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
set local role authenticated;
select is((select count(*) from realtime.messages), 0::bigint, 'a non-member may not join events:<eventId>');
reset role;

-- ------------------------------------------------------------ deadline_approaching
delete from realtime.messages;
select is(public.notify_deadlines_approaching(), 1, 'one task is within 24 h of its deadline');
select results_eq(
  $$ select topic, event, private, payload ->> 'taskId' from realtime.messages $$,
  $$ values ('events:a0000000-0000-4000-8000-0000000000e1'::text, 'deadline_approaching'::text, true,
             'a0000000-0000-4000-8000-0000000000f1'::text) $$,
  'deadline_approaching is broadcast on the event topic');
select is(public.notify_deadlines_approaching(), 0, 'deadline_approaching is sent once per task');
update public.event_tasks set deadline = now() + interval '10 hours' where id = 'a0000000-0000-4000-8000-0000000000f1';
select is(public.notify_deadlines_approaching(), 1, 'a moved deadline is announced again');
set local role authenticated;
select throws_ok($$ select public.notify_deadlines_approaching() $$, '42501', null,
                 'users cannot run the deadline job');
reset role;

-- ------------------------------------------------------------ assets and shot list
select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);
delete from realtime.messages;
set local role authenticated;
insert into public.gallery_assets (id, look_id, shot_type, storage_path, width, height, sharpness)
values ('a0000000-0000-4000-8000-0000000000a1', 'L01', 'front', 'gallery/l01.jpg', 4000, 6000, 0.9);
update public.gallery_assets set status = 'approved' where id = 'a0000000-0000-4000-8000-0000000000a1';
insert into public.gallery_assets (id, look_id, shot_type, width, height)
values ('a0000000-0000-4000-8000-0000000000a2', 'L01', 'back', 4000, 6000);
update public.gallery_assets set status = 'rejected' where id = 'a0000000-0000-4000-8000-0000000000a2';
reset role;
select results_eq(
  $$ select topic, event, private, payload ->> 'assetId', payload ->> 'newStatus'
     from realtime.messages order by payload ->> 'assetId', event <> 'asset_uploaded' $$,
  $$ values
     ('assets:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::text, 'asset_uploaded'::text, true, 'a0000000-0000-4000-8000-0000000000a1'::text, 'pending'::text),
     ('assets:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'asset_approved', true, 'a0000000-0000-4000-8000-0000000000a1', 'approved'),
     ('assets:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'asset_uploaded', true, 'a0000000-0000-4000-8000-0000000000a2', 'pending'),
     ('assets:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'asset_rejected', true, 'a0000000-0000-4000-8000-0000000000a2', 'rejected') $$,
  'asset uploads, approvals and rejections are broadcast on assets:<ownerId>');
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'media', 'stored', '{}', now() + interval '10 minutes')
on conflict (user_id, insight_type, context_id) do nothing;
set local role authenticated;
insert into public.shot_list_items (look_id, shot_type) values ('L01', 'detail');
reset role;
select is((select count(*) from public.assistant_insights where insight_type = 'media'), 0::bigint,
          'a shot-list change deletes the owner''s media insights');
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'media', 'stored', '{}', now() + interval '10 minutes');
set local role authenticated;
update public.gallery_assets set tags = array['editorial'] where id = 'a0000000-0000-4000-8000-0000000000a1';
reset role;
select is((select count(*) from public.assistant_insights where insight_type = 'media'), 0::bigint,
          'an asset change deletes the owner''s media insights');

-- ------------------------------------------------------------ insight cache RPCs
select is((public.insight_cache_put('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'hash-1', '{"readiness": 50}', 3600)).cache_hit_count,
          0, 'insight_cache_put stores an entry');
select is((select cache_hit_count from public.insight_cache_get('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'hash-1')),
          1, 'insight_cache_get returns it and counts the hit');
update public.assistant_insights set expires_at = now() - interval '1 second' where context_id = 'hash-1';
select is_empty($$ select * from public.insight_cache_get('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'hash-1') $$,
                'an expired entry is a miss');

-- ------------------------------------------------------------ popularity and interactions
set local role authenticated;
insert into public.compositions (id, name, kind, content, content_hash, is_public)
values ('a0000000-0000-4000-8000-0000000000b1', 'Show notes', 'run_of_show', '{}', md5('show notes'), true);
insert into public.generation_history (kind, inputs, generation_source, success)
values ('run_of_show', '{"event": "x"}', 'generated', true), ('run_of_show', '{"event": "x"}', 'cached', true);
select set_config('request.jwt.claims',
  json_build_object('sub', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'role', 'authenticated')::text, true);
insert into public.generation_history (kind, inputs, generation_source, success)
values ('run_of_show', '{"event": "x"}', 'prebuilt', true);
select results_eq(
  $$ select generation_count, unique_users_count, trend_score > 2.9 from public.composition_popularity $$,
  $$ values (3, 2, true) $$,
  'popularity counts generations and unique users, and the trend grows');
insert into public.composition_interactions (composition_id, interaction_type)
values ('a0000000-0000-4000-8000-0000000000b1', 'like');
insert into public.compositions (name, kind, content, content_hash, parent_id)
values ('My show notes', 'run_of_show', '{}', md5('fork of show notes'), 'a0000000-0000-4000-8000-0000000000b1');
select results_eq(
  $$ select like_count, fork_count from public.compositions where id = 'a0000000-0000-4000-8000-0000000000b1' $$,
  $$ values (1, 1) $$, 'a like and a fork update the counters');
delete from public.composition_interactions where interaction_type = 'like';
select is((select like_count from public.compositions where id = 'a0000000-0000-4000-8000-0000000000b1'), 0,
          'an unlike decrements like_count');
select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);
update public.compositions set like_count = 999, fork_count = 999 where id = 'a0000000-0000-4000-8000-0000000000b1';
select results_eq(
  $$ select like_count, fork_count from public.compositions where id = 'a0000000-0000-4000-8000-0000000000b1' $$,
  $$ values (0, 1) $$, 'owners cannot forge counters');
reset role;

select * from finish();
rollback;
