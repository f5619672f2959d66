-- A batch of admissions in one statement (issue 8). The functions' admission batcher
-- (admission_batch.ts) sent, for every request of a batch, its admission and its cache lookup as
-- statements of their own: each one a parse, plan, bind and execute with its own messages both
-- ways, which cost more than the work inside them. Measured with pgbench on the local stack, a
-- transaction of 8 requests (admission + lookup of a stored analysis each), server CPU:
-- 2,450 µs as 16 extended-protocol statements (what postgres.js sends), 1,700-1,950 as one
-- simple-protocol message, 1,250-1,350 as this one statement: about 140 µs a request saved.
--
-- It decides nothing itself: each job is admitted by admit_request and, when admitted, its
-- cache entry read by insight_cache_peek, as the separate statements did, in the jobs' order
-- (the batcher sorts them by user, so concurrent batches lock buckets in one order). The entry
-- of a refused call is not read: its caller answers 429 without it. Run as the service role,
-- which may run those two functions: it adds no privilege of its own (security invoker).
create or replace function public.admit_batch(p_jobs jsonb)
returns table (user_active boolean, allowed boolean, "limit" integer, remaining integer,
               reset_seconds integer, insight_id uuid, insight_json text,
               insight_calculated_at timestamptz)
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_job jsonb;
  v_user uuid;
begin
  if jsonb_typeof(p_jobs) is distinct from 'array' then
    raise exception 'an array of jobs is required' using errcode = '22023';
  end if;
  for v_job in select j.value from jsonb_array_elements(p_jobs) with ordinality j
               order by j.ordinality loop
    v_user := (v_job ->> 'userId')::uuid;
    select a.user_active, a.allowed, a."limit", a.remaining, a.reset_seconds
    into user_active, allowed, "limit", remaining, reset_seconds
    from public.admit_request(v_user, v_job -> 'limits') a;
    insight_id := null;
    insight_json := null;
    insight_calculated_at := null;
    if user_active and allowed and jsonb_typeof(v_job -> 'insight') = 'object' then
      select p.id, p.json, p.calculated_at
      into insight_id, insight_json, insight_calculated_at
      from public.insight_cache_peek(v_user, v_job -> 'insight' ->> 'type',
                                     v_job -> 'insight' ->> 'contextId') p;
    end if;
    return next;
  end loop;
end;
$$;
comment on function public.admit_batch(jsonb) is
  'Service role: admits a batch of calls ([{"userId", "limits", "insight"?: {"type", "contextId"}}]) and reads each admitted call''s cache entry; a row per job, in order.';
revoke execute on function public.admit_batch(jsonb) from public, anon, authenticated;
grant execute on function public.admit_batch(jsonb) to service_role;
