-- A refused call writes nothing. A window that is full stays full until its oldest hit ages
-- out: other transactions only ever add hits, so a read that sees it full may refuse at once,
-- without the upsert (a row version, its WAL and its lock) that an admission needs. Only a call
-- that may be admitted takes the locked path, which decides exactly as before. This makes a 429
-- a read, and keeps `last_admitted` of the row written by a transaction true to that
-- transaction's call (rate_limit.ts's admittedInThisTransaction).

create or replace function private.consume_rate_limit_one(p_key text, p_limit integer, p_window integer)
returns table (allowed boolean, "limit" integer, remaining integer, reset_seconds integer)
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_now timestamptz := clock_timestamp();
  v_used integer;
  v_oldest timestamptz;
begin
  if p_key is null or length(p_key) not between 1 and 300
     or coalesce(p_limit, 0) < 1 or coalesce(p_window, 0) < 1 then
    raise exception 'invalid rate limit' using errcode = '22023';
  end if;
  select count(*)::integer, min(h) into v_used, v_oldest
  from public.rate_limit_buckets b, unnest(b.hits) h
  where b.key = p_key and h > v_now - make_interval(secs => p_window);
  if v_used >= p_limit then
    return query select false, p_limit, 0,
      least(greatest(ceil(extract(epoch from (
        v_oldest + make_interval(secs => p_window) - v_now)))::integer, 0), p_window);
    return;
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
