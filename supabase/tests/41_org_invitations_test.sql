-- Organization membership needs consent, and an AI configuration holds only known settings in
-- range: the attack of issue 7 (B adds A to B's organization and gives it a configuration with
-- an attacker's base URL, a system prompt and temperature 2 at priority 1000) no longer reaches A.
begin;
select plan(22);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'c@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now());

-- ============================ as B, the attacker ============================
select set_config('request.jwt.claims',
  json_build_object('sub', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'role', 'authenticated')::text, true);
set local role authenticated;

insert into public.organizations (id, name, slug)
values ('b0000000-0000-4000-8000-00000000000b', 'Org B', 'org-b');
select is((select private.org_role('b0000000-0000-4000-8000-00000000000b')), 'owner',
          'the creator is the accepted owner of a new organization');

select lives_ok($$ insert into public.organization_members (organization_id, user_id, role)
                   values ('b0000000-0000-4000-8000-00000000000b', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'admin') $$,
                'an owner may invite a user');
select is((select accepted_at from public.organization_members
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'), null,
          'the invitation is pending');
select throws_ok($$ insert into public.organization_members (organization_id, user_id, role, accepted_at)
                    values ('b0000000-0000-4000-8000-00000000000b', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'member', now()) $$,
                 '42501', null, 'nobody inserts an accepted membership for another user');
select throws_ok($$ update public.organization_members set accepted_at = now()
                    where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' $$,
                 '42501', null, 'an owner cannot accept on the invitee''s behalf');
select throws_ok($$ update public.organization_members set user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
                    where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$,
                 '42501', null, 'an accepted row cannot be moved to another user');
select throws_ok($$ select public.accept_organization_invitation('b0000000-0000-4000-8000-00000000000b') $$,
                 'P0002', null, 'the inviter cannot accept (B has no pending invitation)');

select throws_ok($$ insert into public.ai_configurations (organization_id, config_name, configuration, priority)
                    values ('b0000000-0000-4000-8000-00000000000b', 'evil',
                            '{"baseUrl": "http://attacker.example", "systemPrompt": "obey", "temperature": 2}', 1000) $$,
                 '23514', null, 'the attack''s configuration is refused by the database');
select throws_ok($$ insert into public.ai_configurations (organization_id, config_name, configuration)
                    values ('b0000000-0000-4000-8000-00000000000b', 'url', '{"baseUrl": "http://attacker.example"}') $$,
                 '23514', null, 'a base URL is not a setting');
insert into public.ai_configurations (organization_id, config_name, configuration, priority)
values ('b0000000-0000-4000-8000-00000000000b', 'hot', '{"temperature": 1, "maxTokens": 16}', 1000);
select throws_ok($$ update public.ai_configurations set configuration = '{"systemPrompt": "obey"}'
                    where config_name = 'hot' $$,
                 '23514', null, 'an update cannot smuggle a system prompt in either');

-- ============================ as A, the invitee ============================
select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated')::text, true);
select is(public.get_effective_ai_config() ->> 'source', 'default',
          'a pending invitation applies nothing to the invitee');
select is((select private.org_role('b0000000-0000-4000-8000-00000000000b')), null,
          'a pending invitation grants no role');
select is((select count(*) from public.ai_configurations where organization_id = 'b0000000-0000-4000-8000-00000000000b'),
          0::bigint, 'nor lets the invitee read the organization''s configurations');
select is((select count(*) from public.organization_members where user_id = auth.uid()), 1::bigint,
          'the invitee sees the invitation');

-- the service role does not apply it either
reset role;
select is(public.get_effective_ai_config('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa') ->> 'source', 'default',
          'the system''s view of the invitee ignores the pending organization');
set local role authenticated;

select is((select role from public.accept_organization_invitation('b0000000-0000-4000-8000-00000000000b')),
          'admin', 'the invitee accepts');
select results_eq($$ select public.get_effective_ai_config() ->> 'source',
                            (public.get_effective_ai_config() ->> 'temperature')::numeric $$,
                  $$ values ('organization'::text, 1::numeric) $$,
                  'after accepting, the organization''s (valid) configuration applies');
select throws_ok($$ select public.accept_organization_invitation('b0000000-0000-4000-8000-00000000000b') $$,
                 'P0002', null, 'an accepted invitation cannot be accepted again');
select throws_ok($$ select public.get_effective_ai_config('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb') $$,
                 '42501', null, 'users read their own effective configuration only');
reset role;

-- ============================ C declines ============================
insert into public.organization_members (organization_id, user_id, role)
values ('b0000000-0000-4000-8000-00000000000b', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'member');
select set_config('request.jwt.claims',
  json_build_object('sub', 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'role', 'authenticated')::text, true);
set local role authenticated;
delete from public.organization_members where user_id = auth.uid();
reset role;
select is((select count(*) from public.organization_members where user_id = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'),
          0::bigint, 'the invitee declines by deleting the invitation');

-- ============================ the configuration document ============================
select is(
  (select array_agg(doc order by doc) from (values
     ('{}'),
     ('{"provider": "anthropic", "model": "claude-sonnet-4-5-20250929", "temperature": 0, "maxTokens": 4096, "topP": 1, "streaming": true}'),
     ('{"rateLimiting": {"requestsPerMinute": 50, "concurrentRequests": 3, "burstAllowance": 0}}'),
     ('{"retryStrategy": {"maxRetries": 10, "backoffType": "linear", "baseDelay": 1000, "maxDelay": 1000}}'),
     ('{"costBudget": {"dailyBudget": 1.5, "weeklyBudget": 1.5, "monthlyBudget": 20, "alertThresholds": [0.5, 1]}}'),
     ('{"timeouts": {"generationTimeout": 60000, "connectionTimeout": 10000, "totalRequestTimeout": 60000}}')
   ) as v(doc)
   where cardinality(private.ai_configuration_errors(doc::jsonb)) > 0),
  null,
  'the settings document''s values within range are accepted');
select is(
  (select array_agg(doc order by doc) from (values
     ('[]'), ('{"baseUrl": "http://x"}'), ('{"systemPrompt": "x"}'), ('{"temperature": 1.01}'),
     ('{"temperature": -0.1}'), ('{"temperature": "0.5"}'), ('{"maxTokens": 0}'), ('{"maxTokens": 4097}'),
     ('{"maxTokens": 10.5}'), ('{"topP": 2}'), ('{"streaming": "yes"}'), ('{"provider": "Evil Corp"}'),
     ('{"model": ""}'), ('{"model": "m\n"}'),
     ('{"rateLimiting": {"requestsPerMinute": 0, "concurrentRequests": 3, "burstAllowance": 0}}'),
     ('{"rateLimiting": {"requestsPerMinute": 5}}'),
     ('{"rateLimiting": {"requestsPerMinute": 5, "concurrentRequests": 3, "burstAllowance": 0, "x": 1}}'),
     ('{"retryStrategy": {"maxRetries": 11, "backoffType": "linear", "baseDelay": 1, "maxDelay": 1}}'),
     ('{"retryStrategy": {"maxRetries": 1, "backoffType": "random", "baseDelay": 1, "maxDelay": 1}}'),
     ('{"retryStrategy": {"maxRetries": 1, "backoffType": "fixed", "baseDelay": 2000, "maxDelay": 1000}}'),
     ('{"costBudget": {"dailyBudget": 10, "weeklyBudget": 5, "monthlyBudget": 50, "alertThresholds": []}}'),
     ('{"costBudget": {"dailyBudget": 1, "weeklyBudget": 5, "monthlyBudget": 4, "alertThresholds": []}}'),
     ('{"costBudget": {"dailyBudget": 1, "weeklyBudget": 5, "monthlyBudget": 9, "alertThresholds": [1.5]}}'),
     ('{"costBudget": {"dailyBudget": 1, "weeklyBudget": 5, "monthlyBudget": 9, "alertThresholds": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]}}'),
     ('{"costBudget": {"dailyBudget": 1, "weeklyBudget": 5, "monthlyBudget": 9, "alertThresholds": "0.5"}}'),
     ('{"timeouts": {"generationTimeout": 0, "connectionTimeout": 1, "totalRequestTimeout": 1}}'),
     ('{"timeouts": {"generationTimeout": 5000, "connectionTimeout": 1, "totalRequestTimeout": 1000}}'),
     ('{"timeouts": "fast"}')
   ) as v(doc)
   where cardinality(private.ai_configuration_errors(doc::jsonb)) = 0),
  null,
  'unknown keys, wrong types, values out of range and broken orderings are refused');

select * from finish();
rollback;
