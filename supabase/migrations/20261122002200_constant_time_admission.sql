-- Admission and the cache lookup, the two statements of every cached answer, did per-call work
-- they did not need (issue 8). Measured on the local stack, server time a call in a loop of
-- 4,000 calls on distinct keys whose windows held 58 calls: an admission 140 → 75 µs, a refusal
-- read 40 → 22 µs, and the lookup of a stored analysis 40-50 → 23-26 µs.

-- A window's log is kept sorted (each call appends an instant no earlier than the last), so how
-- many of its calls have left the window is a binary search (`width_bucket` counts the elements
-- at or before an instant, in C) instead of unnesting, filtering, sorting and aggregating the
-- log in the executor twice a call (the version it replaces wrote its logs sorted too). It
-- decides as that version did: the same refusal from a read (a refused call writes nothing), the
-- same locked decision, `last_admitted` true only in the row version an admitted call wrote
-- (rate_limit.ts's admittedInThisTransaction). A refusal's reset now counts from the limit-th
-- latest call, when a call is admitted again; the oldest call in the window, which it counted
-- from, is the same one unless the limit was lowered. The appended instant is never earlier than
-- the last one even if the clock steps back, which keeps the log sorted and can only keep a call
-- in the window longer.
create or replace function private.consume_rate_limit_one(p_key text, p_limit integer, p_window integer)
returns table (allowed boolean, "limit" integer, remaining integer, reset_seconds integer)
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_window interval;
  v_hits timestamptz[];
  v_now timestamptz;
begin
  if p_key is null or length(p_key) not between 1 and 300
     or coalesce(p_limit, 0) < 1 or coalesce(p_window, 0) < 1 then
    raise exception 'invalid rate limit' using errcode = '22023';
  end if;
  v_window := make_interval(secs => p_window);
  -- A full window stays full until its oldest call leaves it: other transactions only add
  -- calls. So a read that finds it full refuses at once, without the row's lock.
  select b.hits into v_hits from public.rate_limit_buckets b where b.key = p_key;
  v_now := clock_timestamp();
  if v_hits is null or cardinality(v_hits) - width_bucket(v_now - v_window, v_hits) < p_limit then
    -- The SET list and its WHERE see the locked, latest row: they decide again, exactly.
    insert into public.rate_limit_buckets as b (key, window_seconds, hits, last_hit_at, last_admitted)
    values (p_key, p_window, array[v_now], v_now, true)
    on conflict on constraint rate_limit_buckets_pkey do update
    set (hits, last_hit_at, last_admitted, window_seconds) = (
      select b.hits[width_bucket(n.t - v_window, b.hits) + 1:] || n.t, n.t, true, p_window
      from (select greatest(clock_timestamp(), b.hits[cardinality(b.hits)]) as t) n)
    where cardinality(b.hits) - width_bucket(clock_timestamp() - v_window, b.hits) < p_limit
    returning b.hits into v_hits;
    if found then
      -- the log now holds exactly the calls in the window, this one last
      return query select true, p_limit, greatest(p_limit - cardinality(v_hits), 0),
        least(greatest(ceil(extract(epoch from
          v_hits[1] + v_window - clock_timestamp()))::integer, 0), p_window);
      return;
    end if;
    -- Filled by a concurrent call since the read: refused; the row was locked, not written.
    select b.hits into v_hits from public.rate_limit_buckets b where b.key = p_key;
    v_now := clock_timestamp();
  end if;
  -- Refused: a call is admitted again once the limit-th latest call has left the window.
  return query select false, p_limit, 0,
    least(greatest(ceil(extract(epoch from
      v_hits[cardinality(v_hits) - p_limit + 1] + v_window - v_now))::integer, 0), p_window);
end;
$$;

comment on column public.rate_limit_buckets.hits is
  'When each admitted call within the window happened, oldest first (at most the limit''s count).';

-- No query reads buckets by `last_hit_at` (the purge filters on an expression of it, a scan of
-- a table of one row a user), and the index made every admission's update a non-HOT one: two
-- index insertions a call, and dead index entries for vacuum. Room on each page lets the
-- update stay on its page.
drop index if exists public.rate_limit_buckets_last_hit_idx;
alter table public.rate_limit_buckets set (fillfactor = 70);

-- The lookup asked whether each entry was visible to the caller with two nested functions, each
-- with its own search_path (a configuration push and pop a call), for every kind of insight;
-- only an event's entries depend on more than their owner. It now resolves the context once and
-- checks membership only for an event's (`or` stops at its first true operand).
create or replace function public.insight_cache_peek(p_user_id uuid, p_insight_type text, p_context_id text)
returns table (id uuid, json text, calculated_at timestamptz)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_context text := private.insight_context(p_insight_type, p_context_id);
  v_event_id uuid := private.insight_event_id(p_insight_type, v_context);
begin
  return query
  select i.id, coalesce(i.data_text, i.data::text), i.calculated_at
  from public.assistant_insights i
  where i.user_id = p_user_id
    and i.insight_type = p_insight_type
    and i.context_id = v_context
    and i.expires_at > now()
    and (v_event_id is null or private.insight_visible_to(p_user_id, i.insight_type, i.context_id));
end;
$$;
