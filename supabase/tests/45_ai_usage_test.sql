-- ai_usage and ai_spend_summary(): users read their own usage, admins read all, only the service
-- role writes; the summary counts the caller's own rows per UTC day, week and month against the
-- budgets of their effective AI configuration.
begin;
select plan(10);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('dddddddd-dddd-4ddd-8ddd-dddddddddddd', 'admin@test.local', 'authenticated', 'authenticated',
   '{"role": "admin"}', '{}', now(), now());

-- A: a budget of their own (daily 1, weekly 5, monthly 20 USD)
insert into public.ai_configurations (user_id, config_name, configuration) values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'mine',
   '{"costBudget": {"dailyBudget": 1, "weeklyBudget": 5, "monthlyBudget": 20, "alertThresholds": [0.5]}}');

create function pg_temp.act_as(p_sub text, p_app jsonb default '{}')
returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims',
    jsonb_build_object('role', 'authenticated', 'sub', p_sub, 'app_metadata', p_app)::text, true);
  perform set_config('role', 'authenticated', true);
end;
$$;

-- Written as the service role, the way the functions write them. A: one call now, one a second
-- before midnight UTC (in this week and month unless today began either), one last month; B: one.
set local role service_role;
insert into public.ai_usage (user_id, feature, model, input_tokens, output_tokens, cost_usd, outcome, latency_ms, created_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'chat', 'claude-sonnet-4-5-20250929', 1000, 200, 0.25, 'ok', 900, now()),
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'compose', 'claude-sonnet-4-5-20250929', 500, 0, 0.5, 'timeout', 5000,
   date_trunc('day', now(), 'UTC') - interval '1 second'),
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'chat', 'claude-sonnet-4-5-20250929', 10, 10, 7, 'ok', 100,
   date_trunc('month', now(), 'UTC') - interval '1 second'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'chat', 'claude-haiku-4-5-20251001', 10, 10, 3, 'ok', 100, now());
reset role;

-- The expected figures, from the rows above and where "earlier" falls.
create temporary table expected as
select p.period, p.starts_at,
       (select count(*) from public.ai_usage u
        where u.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and u.created_at >= p.starts_at) as calls,
       (select coalesce(sum(u.cost_usd), 0) from public.ai_usage u
        where u.user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and u.created_at >= p.starts_at) as spent,
       p.budget
from (values ('day', date_trunc('day', now(), 'UTC'), 1::numeric),
             ('week', date_trunc('week', now(), 'UTC'), 5::numeric),
             ('month', date_trunc('month', now(), 'UTC'), 20::numeric)) as p(period, starts_at, budget);
grant select on expected to authenticated;

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
select results_eq(
  $$ select period, starts_at, calls, spent_usd, budget_usd from public.ai_spend_summary() $$,
  $$ select period, starts_at, calls, spent, budget from expected
     order by array_position(array['day', 'week', 'month'], period) $$,
  'the summary counts the caller''s own calls and spend per UTC day, week and month against their budget');
select is((select count(*) from public.ai_usage), 3::bigint, 'a user reads their own usage rows only');
select is((select spent_usd from public.ai_spend_summary() where period = 'day'), 0.25::numeric,
          'today''s spend is the calls since midnight UTC');
select throws_ok(
  $$ insert into public.ai_usage (user_id, feature, model, outcome, latency_ms)
     values ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'chat', 'm', 'ok', 1) $$,
  '42501', null, 'a user cannot write usage, not even their own');
select throws_ok($$ delete from public.ai_usage $$, '42501', null, 'a user cannot delete usage');
reset role;

select pg_temp.act_as('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
select results_eq(
  $$ select period, calls, spent_usd, budget_usd from public.ai_spend_summary() $$,
  $$ values ('day'::text, 1::bigint, 3.000000::numeric, 100.0::numeric),
            ('week', 1, 3.000000, 500.0), ('month', 1, 3.000000, 2000.0) $$,
  'another user gets their own figures against the default budgets');
reset role;

select pg_temp.act_as('dddddddd-dddd-4ddd-8ddd-dddddddddddd', '{"role": "admin"}');
select is((select count(*) from public.ai_usage), 4::bigint, 'an admin reads every usage row');
select is((select sum(calls) from public.ai_spend_summary()), 0::numeric,
          'an admin''s summary is still their own');
reset role;

select pg_temp.act_as(null);
select throws_ok($$ select * from public.ai_spend_summary() $$, '42501', null,
                 'without a sub there is no one to summarize');
reset role;

set local role anon;
select throws_ok($$ select * from public.ai_spend_summary() $$, '42501', null,
                 'anon may not ask');
reset role;

select * from finish();
rollback;
