-- Issue 11: "an organization's members draw on its pool". A user who has accepted membership of
-- an organization draws generations on that organization's monthly pool
-- (organizations.max_monthly_generations) instead of their own tier's; with several, on the one
-- they joined first. The pool's usage per month is counted here, beside the members' own
-- counters (which still count, for the record). Same signature and answer as before: `used` and
-- `monthly_limit` are the pool's for a member.

create table private.organization_generation_usage (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  month date not null,
  used integer not null default 0 check (used >= 0),
  primary key (organization_id, month)
);
comment on table private.organization_generation_usage is
  'Generations drawn on an organization''s monthly pool, per month (consume_generation_quota).';
alter table private.organization_generation_usage enable row level security;
revoke all on table private.organization_generation_usage from public, anon, authenticated;
grant select on table private.organization_generation_usage to service_role;

create or replace function public.consume_generation_quota(p_user_id uuid default null)
returns table (allowed boolean, used integer, monthly_limit integer, resets_on date)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller uuid := (select auth.uid());
  v_uid uuid;
  v_month date := (date_trunc('month', now()))::date;
  p public.profiles;
  v_used integer;
  v_org uuid;
  v_org_limit integer;
  v_org_used integer;
begin
  if private.is_trusted_caller() then
    v_uid := coalesce(p_user_id, v_caller);
  elsif v_caller is null then
    raise exception 'authentication required' using errcode = '42501';
  elsif p_user_id is not null and p_user_id <> v_caller then
    raise exception 'cannot consume another user''s quota' using errcode = '42501';
  else
    v_uid := v_caller;
  end if;
  if v_uid is null then
    raise exception 'a user is required' using errcode = '22023';
  end if;
  insert into public.profiles (id) values (v_uid) on conflict (id) do nothing;
  select * into p from public.profiles where id = v_uid for update;
  v_used := case when p.last_reset_date < v_month then 0 else p.monthly_generations end;

  -- the pool: the first organization whose membership the user accepted (pending: none)
  select m.organization_id, o.max_monthly_generations into v_org, v_org_limit
  from public.organization_members m
  join public.organizations o on o.id = m.organization_id
  where m.user_id = v_uid and m.accepted_at is not null
  order by m.accepted_at, m.organization_id
  limit 1;

  if v_org is null then
    allowed := v_used < p.max_monthly_generations;
    monthly_limit := p.max_monthly_generations;
    used := v_used + (case when allowed then 1 else 0 end);
  else
    insert into private.organization_generation_usage (organization_id, month)
    values (v_org, v_month) on conflict do nothing;
    -- one row per organization and month: concurrent members queue here, so the pool is exact
    select u.used into v_org_used from private.organization_generation_usage u
    where u.organization_id = v_org and u.month = v_month for update;
    allowed := v_org_used < v_org_limit;
    if allowed then
      update private.organization_generation_usage u set used = u.used + 1
      where u.organization_id = v_org and u.month = v_month;
    end if;
    monthly_limit := v_org_limit;
    used := v_org_used + (case when allowed then 1 else 0 end);
  end if;

  update public.profiles
  set monthly_generations = v_used + (case when allowed then 1 else 0 end),
      last_reset_date = greatest(p.last_reset_date, v_month)
  where id = v_uid;
  resets_on := (v_month + interval '1 month')::date;
  return next;
end;
$$;
