-- RLS isolation for every table: a user never reads or changes another user's rows, admins read
-- what the product documents let them read, and anon sees nothing private.
-- Users: A and B (producers), C (admin via app_metadata.role).
begin;
select plan(65);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{"full_name": "A"}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{"full_name": "B"}', now(), now()),
  ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'c@test.local', 'authenticated', 'authenticated', '{"role": "admin"}', '{}', now(), now());

-- Each of A and B owns one row in every table (written as the table owner, bypassing RLS).
do $$
declare
  u record;
  v_org uuid;
  v_event uuid;
  v_comp uuid;
  v_cfg uuid;
begin
  for u in select * from (values ('a', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid),
                                 ('b', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'::uuid)) as x(tag, id)
  loop
    insert into public.organizations (name, slug, created_by) values ('Org ' || u.tag, 'org-' || u.tag, u.id)
      returning id into v_org;
    insert into public.assistant_conversations (user_id, session_id, message, response)
      values (u.id, gen_random_uuid(), 'hello from ' || u.tag, '{"content": "hi"}');
    insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at)
      values (u.id, 'logistics', 'stored', '{"readiness": 50}', now() + interval '1 hour');
    insert into public.analytics_events (user_id, event_type, event_data)
      values (u.id, 'assistant_opened', '{}');
    insert into public.samples (owner_id, name, category) values (u.id, 'Coat ' || u.tag, 'Outerwear');
    insert into public.events (owner_id, name, starts_at) values (u.id, 'Show ' || u.tag, now() + interval '3 days')
      returning id into v_event;
    insert into public.event_tasks (event_id, title) values (v_event, 'Task ' || u.tag);
    insert into public.event_staff (event_id, name, role) values (v_event, 'Staff ' || u.tag, 'dresser');
    insert into public.gallery_assets (owner_id, look_id, shot_type, width, height)
      values (u.id, 'L01', 'front', 4000, 6000);
    insert into public.shot_list_items (owner_id, look_id, shot_type) values (u.id, 'L01', 'front');
    insert into public.ai_configurations (user_id, config_name, created_by) values (u.id, 'default', u.id)
      returning id into v_cfg;
    insert into public.maintenance_operations (operation_type, status, initiated_by)
      values ('ANALYZE', 'completed', u.id);
    insert into public.compositions (user_id, name, kind, content, content_hash, is_public)
      values (u.id, 'Private ' || u.tag, 'product_description', '{}', md5('private' || u.tag), false);
    insert into public.compositions (user_id, name, kind, content, content_hash, is_public)
      values (u.id, 'Public ' || u.tag, 'product_description', '{}', md5('public' || u.tag), true)
      returning id into v_comp;
    insert into public.generation_history (user_id, composition_id, kind, inputs, generation_source, success)
      values (u.id, v_comp, 'product_description', jsonb_build_object('user', u.tag), 'generated', true);
    insert into public.composition_interactions (user_id, composition_id, interaction_type)
      values (u.id, v_comp, 'bookmark');
    insert into public.idempotency_keys (user_id, route, key, request_hash)
      values (u.id, 'compose', 'key-' || u.tag, 'hash');
    insert into public.rate_limit_buckets (key, window_seconds, hits) values ('user:' || u.id, 60, array[now()]);
    update public.user_preferences set default_kit = 'events' where user_id = u.id;   -- audit row
  end loop;
end
$$;

select set_config('test.event_a', (select id::text from public.events where name = 'Show a'), true);
select set_config('test.org_a', (select id::text from public.organizations where slug = 'org-a'), true);
select set_config('test.private_a', (select id::text from public.compositions where name = 'Private a'), true);

-- ============================ as B ============================
select set_config('request.jwt.claims',
  json_build_object('sub', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'role', 'authenticated')::text, true);
set local role authenticated;

-- reads: only B's own rows are visible
select is((select count(*) from public.organizations where created_by <> auth.uid()), 0::bigint, 'organizations: B does not see A''s organization');
select is((select count(*) from public.organization_members where user_id <> auth.uid()), 0::bigint, 'organization_members: B does not see A''s roster');
select is((select count(*) from public.assistant_conversations where user_id <> auth.uid()), 0::bigint, 'assistant_conversations: isolated');
select is((select count(*) from public.assistant_insights where user_id <> auth.uid()), 0::bigint, 'assistant_insights: isolated');
select is((select count(*) from public.user_preferences where user_id <> auth.uid()), 0::bigint, 'user_preferences: isolated');
select is((select count(*) from public.analytics_events where user_id <> auth.uid()), 0::bigint, 'analytics_events: isolated');
select is((select count(*) from public.samples where owner_id <> auth.uid()), 0::bigint, 'samples: isolated');
select is((select count(*) from public.events where owner_id <> auth.uid()), 0::bigint, 'events: isolated');
select is((select count(*) from public.event_members), 0::bigint, 'event_members: isolated');
select is((select count(*) from public.event_tasks where title = 'Task a'), 0::bigint, 'event_tasks: isolated');
select is((select count(*) from public.event_staff where name = 'Staff a'), 0::bigint, 'event_staff: isolated');
select is((select count(*) from public.gallery_assets where owner_id <> auth.uid()), 0::bigint, 'gallery_assets: isolated');
select is((select count(*) from public.shot_list_items where owner_id <> auth.uid()), 0::bigint, 'shot_list_items: isolated');
select is((select count(*) from public.ai_configurations where user_id <> auth.uid()), 0::bigint, 'ai_configurations: isolated');
select is((select count(*) from public.configuration_audit_log where owner_id is distinct from auth.uid()), 0::bigint, 'configuration_audit_log: isolated');
select is((select count(*) from public.maintenance_operations), 0::bigint, 'maintenance_operations: non-admins see none');
select is((select count(*) from public.profiles where id <> auth.uid()), 0::bigint, 'profiles: isolated');
select is((select array_agg(name order by name) from public.compositions where user_id <> auth.uid()),
          array['Public a'], 'compositions: B sees A''s public composition only');
select is((select count(*) from public.generation_history where user_id <> auth.uid()), 0::bigint, 'generation_history: isolated');
select is((select count(*) from public.composition_interactions where user_id <> auth.uid()), 0::bigint, 'composition_interactions: isolated');
select is((select count(*) from public.idempotency_keys where user_id <> auth.uid()), 0::bigint, 'idempotency_keys: isolated');
select throws_ok($$ select * from public.rate_limit_buckets $$, '42501', null, 'rate_limit_buckets: not readable by users');
select ok((select count(*) from public.samples) = 1 and (select count(*) from public.profiles) = 1,
          'B still sees B''s own rows');

-- writes on A's rows change nothing
select is_empty($$ update public.organizations set name = 'pwned' where created_by <> auth.uid() returning id $$, 'organizations: B cannot update A''s');
select is_empty($$ delete from public.organization_members where user_id <> auth.uid() returning id $$, 'organization_members: B cannot remove A');
select is_empty($$ update public.user_preferences set default_kit = 'media' where user_id <> auth.uid() returning user_id $$, 'user_preferences: B cannot update A''s');
select is_empty($$ update public.samples set status = 'shot' where owner_id <> auth.uid() returning id $$, 'samples: B cannot update A''s');
select is_empty($$ delete from public.samples where owner_id <> auth.uid() returning id $$, 'samples: B cannot delete A''s');
select is_empty($$ update public.events set name = 'pwned' where owner_id <> auth.uid() returning id $$, 'events: B cannot update A''s');
select is_empty($$ delete from public.event_tasks where title = 'Task a' returning id $$, 'event_tasks: B cannot delete A''s');
select is_empty($$ update public.event_staff set role = 'x' where name = 'Staff a' returning id $$, 'event_staff: B cannot update A''s');
select is_empty($$ update public.gallery_assets set status = 'approved' where owner_id <> auth.uid() returning id $$, 'gallery_assets: B cannot update A''s');
select is_empty($$ delete from public.shot_list_items where owner_id <> auth.uid() returning id $$, 'shot_list_items: B cannot delete A''s');
select is_empty($$ update public.ai_configurations set priority = 9 where user_id <> auth.uid() returning id $$, 'ai_configurations: B cannot update A''s');
select is_empty($$ update public.compositions set name = 'pwned' where user_id <> auth.uid() returning id $$, 'compositions: B cannot update A''s public composition');
select is_empty($$ delete from public.compositions where user_id <> auth.uid() returning id $$, 'compositions: B cannot delete A''s');
select is_empty($$ delete from public.composition_interactions where user_id <> auth.uid() returning id $$, 'composition_interactions: B cannot delete A''s');

-- inserts in A's name are refused
select throws_ok($$ insert into public.samples (owner_id, name, category)
                    values ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'x', 'y') $$,
                 '42501', null, 'samples: B cannot insert a row owned by A');
select throws_ok($$ insert into public.assistant_conversations (user_id, session_id, message)
                    values ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', gen_random_uuid(), 'x') $$,
                 '42501', null, 'assistant_conversations: B cannot write in A''s log');
select throws_ok($$ insert into public.event_tasks (event_id, title)
                    values (current_setting('test.event_a')::uuid, 'x') $$,
                 '42501', null, 'event_tasks: B cannot add tasks to A''s event');
select throws_ok($$ insert into public.organization_members (organization_id, user_id)
                    values (current_setting('test.org_a')::uuid, auth.uid()) $$,
                 '42501', null, 'organization_members: B cannot join A''s organization');
select throws_ok($$ insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at)
                    values (auth.uid(), 'logistics', 'x', '{}', now()) $$,
                 '42501', null, 'assistant_insights: users cannot write the cache');
select throws_ok($$ insert into public.maintenance_operations (operation_type, status, initiated_by)
                    values ('VACUUM', 'queued', auth.uid()) $$,
                 '42501', null, 'maintenance_operations: non-admins cannot queue operations');
select throws_ok($$ update public.profiles set tier = 'enterprise' where id = auth.uid() $$,
                 '42501', null, 'profiles: users cannot change their tier');
select lives_ok($$ update public.profiles set full_name = 'Bee' where id = auth.uid() $$,
                'profiles: users may change their name');
select throws_ok($$ insert into public.composition_interactions (user_id, composition_id, interaction_type)
                    values (auth.uid(), current_setting('test.private_a')::uuid, 'like') $$,
                 '42501', null, 'composition_interactions: B cannot like A''s private composition');

-- ============================ events shared with B ============================
reset role;
insert into public.event_members (event_id, user_id, role)
select id, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'viewer' from public.events where name = 'Show a';
set local role authenticated;
select is((select count(*) from public.events where name = 'Show a'), 1::bigint, 'events: a viewer member sees the event');
select is((select count(*) from public.event_tasks where title = 'Task a'), 1::bigint, 'event_tasks: a viewer member sees its tasks');
select is((select count(*) from public.event_staff where name = 'Staff a'), 1::bigint, 'event_staff: a viewer member sees its staff');
select is_empty($$ update public.event_tasks set status = 'done' where title = 'Task a' returning id $$, 'event_tasks: a viewer cannot change tasks');
reset role;
update public.event_members set role = 'editor' where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
set local role authenticated;
select isnt_empty($$ update public.event_tasks set status = 'in_progress' where title = 'Task a' returning id $$, 'event_tasks: an editor changes tasks');
select is_empty($$ update public.events set name = 'renamed' where name = 'Show a' returning id $$, 'events: only the owner changes the event itself');

-- ============================ admin C ============================
select set_config('request.jwt.claims',
  json_build_object('sub', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'role', 'authenticated',
                    'app_metadata', json_build_object('role', 'admin'))::text, true);
select is((select count(*) from public.assistant_conversations), 2::bigint, 'admins read all conversations');
select is((select count(*) from public.analytics_events), 2::bigint, 'admins read all analytics events');
select is((select count(*) from public.samples), 0::bigint, 'admins do not read producers'' samples');
select is((select count(*) from public.maintenance_operations), 2::bigint, 'admins read maintenance operations');

-- ============================ anon ============================
reset role;
select set_config('request.jwt.claims', json_build_object('role', 'anon')::text, true);
set local role anon;
select is((select array_agg(name order by name) from public.compositions), array['Public a', 'Public b'],
          'anon sees only public compositions');
select throws_ok(format('select 1 from public.%I', t), '42501', null, 'anon cannot read ' || t)
from unnest(array['assistant_conversations', 'samples', 'events', 'gallery_assets', 'profiles',
                  'user_preferences', 'analytics_events']) as t;
select throws_ok($$ insert into public.compositions (user_id, name, kind, content, content_hash)
                    values ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'x', 'x', '{}', 'xxxxxxxxxx') $$,
                 '42501', null, 'anon cannot insert compositions');
reset role;

select * from finish();
rollback;
