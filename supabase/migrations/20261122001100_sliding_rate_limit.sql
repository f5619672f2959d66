-- Rate limits as sliding windows (issue 7, finding 10). The fixed window let 59 calls just
-- before a window ended and 60 just after it through: 120 in 4 s against a limit of 60 a minute.
-- A bucket now keeps the instants of the calls it admitted within its window (at most `limit` of
-- them, so a few hundred bytes), and a call is admitted only while fewer than `limit` of them lie
-- in the last `window_seconds`: never more than the limit in any window of that length.
--
-- Refused calls are not recorded: a client that keeps hammering is admitted again as soon as its
-- oldest admitted call leaves the window, and the bucket cannot grow.

drop index if exists public.rate_limit_buckets_window_idx;
alter table public.rate_limit_buckets
  drop column window_start,
  drop column count,
  add column hits timestamptz[] not null default '{}',
  add column last_hit_at timestamptz not null default now(),
  add column last_admitted boolean not null default false;
comment on table public.rate_limit_buckets is
  'Sliding-window logs of consume_rate_limit()/admit_request(): the admitted calls in the window. Service role only.';
comment on column public.rate_limit_buckets.hits is
  'When each admitted call within the window happened (at most the limit''s count).';
comment on column public.rate_limit_buckets.last_admitted is
  'Whether the call that wrote this row version was admitted (read back by the one-limit admission).';
create index rate_limit_buckets_last_hit_idx on public.rate_limit_buckets (last_hit_at);

-- Admission of one limit in one statement (issue 8). Almost every function call has a single
-- limit (the per-user one), and the all-or-none path below costs 0.35 ms of server time a call
-- against 0.06 ms for this (a 2,000-call loop on the local stack). Exact under concurrency as the
-- other: concurrent calls on one key serialize on the row lock ON CONFLICT DO UPDATE takes, and
-- the SET list is evaluated against the locked (latest) row, so each call reads the instant once
-- after it holds the lock and counts every recorded call newer than that instant minus the
-- window. `last_admitted` records, in the row version the call wrote, whether that call was
-- admitted, so RETURNING gives each caller its own answer.
create or replace function private.consume_rate_limit_one(p_key text, p_limit integer, p_window integer)
returns table (allowed boolean, "limit" integer, remaining integer, reset_seconds integer)
language plpgsql
volatile
set search_path = ''
as $$
begin
  if p_key is null or length(p_key) not between 1 and 300
     or coalesce(p_limit, 0) < 1 or coalesce(p_window, 0) < 1 then
    raise exception 'invalid rate limit' using errcode = '22023';
  end if;
  -- plpgsql keeps this statement's plan for the session: no planning on the hot path
  return query
  with hit as (
    insert into public.rate_limit_buckets as b (key, window_seconds, hits, last_hit_at, last_admitted)
    values (p_key, p_window, array[clock_timestamp()], clock_timestamp(), true)
    on conflict on constraint rate_limit_buckets_pkey do update
    set (hits, last_admitted, last_hit_at, window_seconds) = (
      select case when kept.used < p_limit then kept.hits || n.t else kept.hits end,
             kept.used < p_limit,
             case when kept.used < p_limit then n.t else b.last_hit_at end,
             p_window
      from (select clock_timestamp() as t) n,
           lateral (select coalesce(array_agg(h order by h), '{}') as hits, count(*)::integer as used
                    from unnest(b.hits) h
                    where h > n.t - make_interval(secs => p_window)) kept)
    returning b.last_admitted, cardinality(b.hits) as used, b.hits as hits
  )
  select hit.last_admitted,
         p_limit,
         greatest(p_limit - hit.used, 0),
         least(greatest(ceil(extract(epoch from (
           (select min(h) from unnest(hit.hits) h) + make_interval(secs => p_window)
           - clock_timestamp())))::integer, 0), p_window)
  from hit;
end;
$$;
-- One limit of a request: a bucket key, how many calls, per how many seconds.
create type private.rate_limit as (key text, "limit" integer, window_seconds integer);

-- Admits one call against every limit in `p_limits`, or against none: a call refused by one
-- limit (say the per-route one) does not use up the others. The buckets are locked in key order,
-- so concurrent callers sharing keys serialize without deadlocks, and each caller's instant is
-- read after it holds the locks: admitted calls are recorded in the order they were admitted, so
-- the count in any window is exact under concurrency.
-- Returns the binding limit: the refusing one, or the one with the fewest calls left.
-- reset_seconds: whole seconds until the oldest call in that window leaves it (when one more call
-- fits), at most the window; 0 when the bucket is empty.
create or replace function private.consume_rate_limits(p_limits private.rate_limit[])
returns table (allowed boolean, "limit" integer, remaining integer, reset_seconds integer)
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_now timestamptz;
  v_limit private.rate_limit;
  v_used integer;
  v_oldest timestamptz;
  v_allowed boolean := true;
  -- the binding limit so far
  b_limit private.rate_limit;
  b_used integer;
  b_oldest timestamptz;
begin
  if coalesce(cardinality(p_limits), 0) = 0 then
    raise exception 'at least one rate limit is required' using errcode = '22023';
  end if;
  if cardinality(p_limits) = 1 then
    return query select * from private.consume_rate_limit_one(
      p_limits[1].key, p_limits[1]."limit", p_limits[1].window_seconds);
    return;
  end if;
  foreach v_limit in array p_limits loop
    if v_limit.key is null or length(v_limit.key) not between 1 and 300
       or coalesce(v_limit."limit", 0) < 1 or coalesce(v_limit.window_seconds, 0) < 1 then
      raise exception 'invalid rate limit' using errcode = '22023';
    end if;
  end loop;

  insert into public.rate_limit_buckets (key, window_seconds)
  select distinct on (l.key) l.key, l.window_seconds from unnest(p_limits) l order by l.key
  on conflict on constraint rate_limit_buckets_pkey do nothing;
  perform 1 from public.rate_limit_buckets rb
  where rb.key = any (select l.key from unnest(p_limits) l)
  order by rb.key
  for update;
  v_now := clock_timestamp();

  foreach v_limit in array p_limits loop
    select count(*)::integer, min(h) into v_used, v_oldest
    from public.rate_limit_buckets rb, unnest(rb.hits) h
    where rb.key = v_limit.key and h > v_now - make_interval(secs => v_limit.window_seconds);
    if v_used >= v_limit."limit" then
      v_allowed := false;
    end if;
    -- binding: a refusing limit first, then the fewest calls left, then the longest window
    if b_limit is null
       or (v_used >= v_limit."limit") > (b_used >= b_limit."limit")
       or ((v_used >= v_limit."limit") = (b_used >= b_limit."limit")
           and (v_limit."limit" - v_used < b_limit."limit" - b_used
                or (v_limit."limit" - v_used = b_limit."limit" - b_used
                    and v_limit.window_seconds > b_limit.window_seconds))) then
      b_limit := v_limit;
      b_used := v_used;
      b_oldest := v_oldest;
    end if;
  end loop;

  update public.rate_limit_buckets rb
  set hits = array(select h from unnest(rb.hits) h
                   where h > v_now - make_interval(secs => l.window_seconds) order by h)
             || case when v_allowed then array[v_now] else '{}'::timestamptz[] end,
      window_seconds = l.window_seconds,
      last_hit_at = case when v_allowed then v_now else rb.last_hit_at end
  from (select distinct on (x.key) x.key, x.window_seconds from unnest(p_limits) x
        order by x.key, x.window_seconds desc) l
  where rb.key = l.key;

  if v_allowed then
    b_used := b_used + 1;
    b_oldest := coalesce(b_oldest, v_now);
  end if;
  return query select
    v_allowed,
    b_limit."limit",
    greatest(b_limit."limit" - b_used, 0),
    case when b_oldest is null then 0
         else least(greatest(ceil(extract(epoch from (
                b_oldest + make_interval(secs => b_limit.window_seconds) - v_now)))::integer, 0),
              b_limit.window_seconds) end;
end;
$$;

-- The single-key form the functions layer has used so far; same answer shape as before.
create or replace function public.consume_rate_limit(key text, "limit" integer, window_seconds integer)
returns table (allowed boolean, remaining integer, reset_at timestamptz, reset_seconds integer)
language sql
volatile
set search_path = ''
as $$
  select r.allowed, r.remaining, clock_timestamp() + make_interval(secs => r.reset_seconds),
         r.reset_seconds
  from private.consume_rate_limits(array[row(consume_rate_limit.key, consume_rate_limit."limit",
                                              consume_rate_limit.window_seconds)::private.rate_limit]) r;
$$;
comment on function public.consume_rate_limit(text, integer, integer) is
  'Atomic sliding-window rate limit: admits one call on key; returns allowed, remaining, reset_at, reset_seconds.';

-- What every function request asks first, in one call: does the token's user still exist (a
-- deleted or banned user's token is still validly signed until it expires), and does the call
-- fit every limit that applies to it. `p_limits`: [{"key", "limit", "windowSeconds"}, ...].
-- Security definer to read auth.users; only the service role (a trusted caller) may call it.
create or replace function public.admit_request(p_user_id uuid, p_limits jsonb)
returns table (user_active boolean, allowed boolean, "limit" integer, remaining integer,
               reset_seconds integer)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_limits private.rate_limit[];
begin
  if not private.is_trusted_caller() then
    raise exception 'admit_request is for the service role' using errcode = '42501';
  end if;
  if p_user_id is null or jsonb_typeof(p_limits) is distinct from 'array' then
    raise exception 'a user id and an array of limits are required' using errcode = '22023';
  end if;
  if not exists (select 1 from auth.users u
                 where u.id = p_user_id
                   and u.deleted_at is null
                   and (u.banned_until is null or u.banned_until <= now())) then
    return query select false, false, null::integer, null::integer, null::integer;
    return;
  end if;
  select array_agg(row(l ->> 'key', (l ->> 'limit')::integer,
                       (l ->> 'windowSeconds')::integer)::private.rate_limit)
  into v_limits
  from jsonb_array_elements(p_limits) l;
  return query select true, r.allowed, r."limit", r.remaining, r.reset_seconds
  from private.consume_rate_limits(v_limits) r;
end;
$$;
comment on function public.admit_request(uuid, jsonb) is
  'Service role: whether the user still exists and the call fits every sliding-window limit given.';

revoke execute on function private.consume_rate_limit_one(text, integer, integer) from public, anon, authenticated;
revoke execute on function private.consume_rate_limits(private.rate_limit[]) from public, anon, authenticated;
revoke execute on function public.admit_request(uuid, jsonb) from public, anon, authenticated;
grant execute on function private.consume_rate_limit_one(text, integer, integer) to service_role;
grant execute on function private.consume_rate_limits(private.rate_limit[]) to service_role;
grant execute on function public.admit_request(uuid, jsonb) to service_role;
grant usage on type private.rate_limit to service_role;

-- purge_expired: a bucket whose last admitted call left its window more than an hour ago.
create or replace function public.purge_expired()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_started timestamptz := clock_timestamp();
  v_result jsonb := '{}'::jsonb;
  n bigint;
begin
  delete from public.assistant_conversations c
  where c.created_at < now() - make_interval(days => coalesce(
          (select p.conversation_history_retention_days from public.user_preferences p
           where p.user_id = c.user_id), 90));
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('assistant_conversations', n);
  delete from public.assistant_insights where expires_at <= now();
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('assistant_insights', n);
  delete from public.idempotency_keys where expires_at <= now();
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('idempotency_keys', n);
  delete from public.rate_limit_buckets
  where last_hit_at + make_interval(secs => window_seconds) < now() - interval '1 hour';
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('rate_limit_buckets', n);

  insert into public.maintenance_operations
    (operation_type, started_at, completed_at, duration_ms, status, initiated_by, options)
  values ('PURGE', v_started, clock_timestamp(),
          (extract(epoch from (clock_timestamp() - v_started)) * 1000)::integer,
          'completed', null, jsonb_build_object('deleted', v_result));
  return v_result;
end;
$$;
