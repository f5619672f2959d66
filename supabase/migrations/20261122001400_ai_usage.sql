-- Model usage and spend (issue 10): one ai_usage row per call that reached the model provider
-- (chat or compose), with its tokens, cost and outcome, written by the functions as the service
-- role; ai_spend_summary() tells the caller what they spent this day, week and month against
-- the costBudget of their effective AI configuration (get_effective_ai_config). The model layer
-- refuses a call once a period's spend reaches its budget; the settings' GET
-- /preferences/ai/usage shows the same figures.
--
-- Periods are calendar periods in UTC (the day, the ISO week from Monday, the month), so a
-- budget resets at a moment everyone can name. Usage rows are not removed by delete_my_data():
-- they are the spend ledger, and erasing them would reset a budget; they go with the account.

create table public.ai_usage (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  -- whose configuration (and key) paid for the call, when it was an organization's
  organization_id uuid references public.organizations (id) on delete set null,
  feature text not null check (feature in ('chat', 'compose')),
  model text not null check (length(model) between 1 and 100),
  input_tokens integer not null default 0 check (input_tokens >= 0),
  output_tokens integer not null default 0 check (output_tokens >= 0),
  cost_usd numeric(14, 6) not null default 0 check (cost_usd >= 0),
  -- 'ok' or the model layer's failure reason (supabase/functions/_shared/llm/types.ts)
  outcome text not null check (outcome in ('ok', 'timeout', 'rate_limited', 'overloaded',
                                           'upstream_error', 'network', 'malformed', 'aborted')),
  latency_ms integer not null check (latency_ms >= 0),
  created_at timestamptz not null default now()
);
comment on table public.ai_usage is
  'One row per model call that reached the provider: tokens, cost (USD), outcome, latency. Written by the service role.';

-- a user's spend over a period: an index range scan from the period's start
create index ai_usage_user_created_idx on public.ai_usage (user_id, created_at desc);
create index ai_usage_organization_idx on public.ai_usage (organization_id, created_at desc)
  where organization_id is not null;
create index ai_usage_created_idx on public.ai_usage (created_at desc);

alter table public.ai_usage enable row level security;
create policy "ai_usage: own rows, admins all" on public.ai_usage
  for select to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));

-- Users read; only the service role (the functions' bookkeeping) writes. No update or delete:
-- a ledger a user could edit would not bound their spend.
grant select on table public.ai_usage to authenticated;
grant select, insert on table public.ai_usage to service_role;

-- ---------------------------------------------------------------------------------------------
-- ai_spend_summary(): the caller's spend for the current day, week and month (UTC) against the
-- costBudget of their effective AI configuration. One row per period. Security invoker: it
-- reads ai_usage under RLS and names the caller's own rows (an admin, who may read every row,
-- still gets their own figures). There is no user parameter: no caller asks about anyone else.
-- ---------------------------------------------------------------------------------------------
create or replace function public.ai_spend_summary()
returns table (
  period text,
  starts_at timestamptz,
  resets_at timestamptz,
  calls bigint,
  input_tokens bigint,
  output_tokens bigint,
  spent_usd numeric,
  budget_usd numeric
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_budget jsonb;
  v_day timestamptz := date_trunc('day', now(), 'UTC');
  v_week timestamptz := date_trunc('week', now(), 'UTC');
  v_month timestamptz := date_trunc('month', now(), 'UTC');
  u record;
begin
  if v_uid is null then
    raise exception 'authentication required' using errcode = '42501';
  end if;
  v_budget := public.get_effective_ai_config() -> 'costBudget';

  -- one scan from the earlier of the week's and the month's start (a week may begin last month)
  select
    count(*) filter (where a.created_at >= v_day) as day_calls,
    count(*) filter (where a.created_at >= v_week) as week_calls,
    count(*) filter (where a.created_at >= v_month) as month_calls,
    coalesce(sum(a.input_tokens) filter (where a.created_at >= v_day), 0) as day_in,
    coalesce(sum(a.input_tokens) filter (where a.created_at >= v_week), 0) as week_in,
    coalesce(sum(a.input_tokens) filter (where a.created_at >= v_month), 0) as month_in,
    coalesce(sum(a.output_tokens) filter (where a.created_at >= v_day), 0) as day_out,
    coalesce(sum(a.output_tokens) filter (where a.created_at >= v_week), 0) as week_out,
    coalesce(sum(a.output_tokens) filter (where a.created_at >= v_month), 0) as month_out,
    coalesce(sum(a.cost_usd) filter (where a.created_at >= v_day), 0) as day_usd,
    coalesce(sum(a.cost_usd) filter (where a.created_at >= v_week), 0) as week_usd,
    coalesce(sum(a.cost_usd) filter (where a.created_at >= v_month), 0) as month_usd
  into u
  from public.ai_usage a
  where a.user_id = v_uid and a.created_at >= least(v_week, v_month);

  return query values
    ('day'::text, v_day, v_day + interval '1 day', u.day_calls::bigint, u.day_in::bigint,
     u.day_out::bigint, u.day_usd::numeric, (v_budget ->> 'dailyBudget')::numeric),
    ('week', v_week, v_week + interval '1 week', u.week_calls, u.week_in, u.week_out,
     u.week_usd, (v_budget ->> 'weeklyBudget')::numeric),
    ('month', v_month, v_month + interval '1 month', u.month_calls, u.month_in, u.month_out,
     u.month_usd, (v_budget ->> 'monthlyBudget')::numeric);
end;
$$;
comment on function public.ai_spend_summary() is
  'The caller''s model spend (USD) and tokens for the current UTC day, ISO week and month, beside the budgets of their effective AI configuration.';
grant execute on function public.ai_spend_summary() to authenticated;
