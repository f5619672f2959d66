-- Admission of one limit in one statement (issue 8). Almost every function call has a single
-- limit (the per-user one), and private.consume_rate_limits, written for several limits that
-- must be admitted together, cost 0.35 ms of server time a call: five times what the one-limit
-- case needs. Measured in a 2,000-call loop on the local stack: 0.35 ms -> 0.06 ms a call.
--
-- Exact under concurrency, as before: concurrent calls on one key serialize on the row lock that
-- ON CONFLICT DO UPDATE takes, and the SET list is evaluated against the locked (latest) row, so
-- each call reads the instant once after it holds the lock (admitted calls are recorded in the
-- order they were admitted) and counts every recorded call newer than that instant minus the
-- window. `last_admitted` records, in the row version the call wrote, whether that call was
-- admitted, so RETURNING gives each caller its own answer.

alter table public.rate_limit_buckets
  add column last_admitted boolean not null default false;
comment on column public.rate_limit_buckets.last_admitted is
  'Whether the call that wrote this row version was admitted (read back by the one-limit admission).';

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
revoke all on function private.consume_rate_limit_one(text, integer, integer) from public, anon, authenticated;
grant execute on function private.consume_rate_limit_one(text, integer, integer) to service_role;

-- One limit takes the one-statement path; several keep the all-or-none path.
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
