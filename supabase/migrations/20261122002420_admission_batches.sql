-- A batch of admissions in one statement (issue 8). The functions' admission batcher
-- (admission_batch.ts) sent, for every request of a batch, its admission and its cache lookup as
-- statements of their own: each one a parse, plan, bind and execute with its own messages both
-- ways, which cost more than the work inside them. Measured with pgbench on the local stack, a
-- transaction of 8 requests (admission + lookup of a stored analysis each), server CPU:
-- 2,450 µs as 16 extended-protocol statements (what postgres.js sends), 1,700-1,950 as one
-- simple-protocol message, 1,250-1,350 as one statement calling the two functions in a loop.
--
-- The decisions move, unchanged, into two private functions that return one value instead of a
-- set (a set-returning call materializes its row, and each public function checked its caller
-- again): private.admit_call (admit_request's user check and limits) and private.insight_entry
-- (insight_cache_peek's lookup and visibility rule). admit_request and insight_cache_peek keep
-- their signatures and answers as wrappers; admit_batch checks its caller once per batch. In the
-- functions' own admission path (16 concurrent callers, in-process, against the dev stack),
-- Postgres CPU per admitted lookup fell from 0.35-0.37 ms (statements of their own) to 0.27-0.29
-- (admit_batch over the public functions), and to 0.19-0.28 over the private ones in runs
-- alternating with that version (which gave 0.23-0.45 in them: the machine is shared); the
-- client's from 0.18-0.22 ms to 0.08-0.12.

create type private.admission as (
  user_active boolean, allowed boolean, "limit" integer, remaining integer, reset_seconds integer
);
create type private.insight_entry as (id uuid, json text, calculated_at timestamptz);

-- What admit_request decided (20261122001100): a user that no longer exists, or is banned, is
-- not active and nothing is counted; otherwise the call counts against every limit, or none.
create or replace function private.admit_call(p_user_id uuid, p_limits jsonb)
returns private.admission
language plpgsql
volatile
set search_path = ''
as $$
declare
  r record;
begin
  if p_user_id is null or jsonb_typeof(p_limits) is distinct from 'array' then
    raise exception 'a user id and an array of limits are required' using errcode = '22023';
  end if;
  if not exists (select 1 from auth.users u
                 where u.id = p_user_id
                   and u.deleted_at is null
                   and (u.banned_until is null or u.banned_until <= now())) then
    return row(false, false, null, null, null)::private.admission;
  end if;
  -- Almost every call: one limit, straight to its single-statement upsert.
  if jsonb_array_length(p_limits) = 1 then
    select c.allowed, c."limit", c.remaining, c.reset_seconds into r
    from private.consume_rate_limit_one(p_limits -> 0 ->> 'key',
                                        (p_limits -> 0 ->> 'limit')::integer,
                                        (p_limits -> 0 ->> 'windowSeconds')::integer) c;
  else
    select c.allowed, c."limit", c.remaining, c.reset_seconds into r
    from private.consume_rate_limits(array(
      select row(l ->> 'key', (l ->> 'limit')::integer,
                 (l ->> 'windowSeconds')::integer)::private.rate_limit
      from jsonb_array_elements(p_limits) l)) c;
  end if;
  return row(true, r.allowed, r."limit", r.remaining, r.reset_seconds)::private.admission;
end;
$$;
revoke all on function private.admit_call(uuid, jsonb) from public, anon, authenticated, service_role;

-- What insight_cache_peek served (20261122002200): the unexpired entry, if the user may still
-- see what it is about (only an event's entries depend on more than their owner). All fields
-- null when there is none.
create or replace function private.insight_entry(p_user_id uuid, p_insight_type text,
                                                 p_context_id text)
returns private.insight_entry
language plpgsql
stable
set search_path = ''
as $$
declare
  v_context text := private.insight_context(p_insight_type, p_context_id);
  v_event_id uuid := private.insight_event_id(p_insight_type, v_context);
  v_entry private.insight_entry;
begin
  select i.id, coalesce(i.data_text, i.data::text), i.calculated_at
  into v_entry.id, v_entry.json, v_entry.calculated_at
  from public.assistant_insights i
  where i.user_id = p_user_id
    and i.insight_type = p_insight_type
    and i.context_id = v_context
    and i.expires_at > now()
    and (v_event_id is null or private.insight_visible_to(p_user_id, i.insight_type, i.context_id));
  return v_entry;
end;
$$;
revoke all on function private.insight_entry(uuid, text, text) from public, anon, authenticated;
-- insight_cache_peek runs as its caller, the service role (as the helpers it calls are granted)
grant execute on function private.insight_entry(uuid, text, text) to service_role;

create or replace function public.admit_request(p_user_id uuid, p_limits jsonb)
returns table (user_active boolean, allowed boolean, "limit" integer, remaining integer,
               reset_seconds integer)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v private.admission;
begin
  if not private.is_trusted_caller() then
    raise exception 'admit_request is for the service role' using errcode = '42501';
  end if;
  v := private.admit_call(p_user_id, p_limits);
  return query select v.user_active, v.allowed, v."limit", v.remaining, v.reset_seconds;
end;
$$;

create or replace function public.insight_cache_peek(p_user_id uuid, p_insight_type text, p_context_id text)
returns table (id uuid, json text, calculated_at timestamptz)
language plpgsql
stable
set search_path = ''
as $$
declare
  v private.insight_entry := private.insight_entry(p_user_id, p_insight_type, p_context_id);
begin
  if v.id is not null then
    return query select v.id, v.json, v.calculated_at;
  end if;
end;
$$;

create or replace function public.admit_batch(p_jobs jsonb)
returns table (user_active boolean, allowed boolean, "limit" integer, remaining integer,
               reset_seconds integer, insight_id uuid, insight_json text,
               insight_calculated_at timestamptz)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_job jsonb;
  v_user uuid;
  v_admission private.admission;
  v_entry private.insight_entry;
begin
  if not private.is_trusted_caller() then
    raise exception 'admit_batch is for the service role' using errcode = '42501';
  end if;
  if jsonb_typeof(p_jobs) is distinct from 'array' then
    raise exception 'an array of jobs is required' using errcode = '22023';
  end if;
  -- In the jobs' order: the batcher sorts them by user, so concurrent batches lock buckets in
  -- one order.
  for v_job in select j.value from jsonb_array_elements(p_jobs) with ordinality j
               order by j.ordinality loop
    v_user := (v_job ->> 'userId')::uuid;
    v_admission := private.admit_call(v_user, v_job -> 'limits');
    user_active := v_admission.user_active;
    allowed := v_admission.allowed;
    "limit" := v_admission."limit";
    remaining := v_admission.remaining;
    reset_seconds := v_admission.reset_seconds;
    v_entry := null;
    -- A refused call's entry is not read: its caller answers 429 without it.
    if allowed and jsonb_typeof(v_job -> 'insight') = 'object' then
      v_entry := private.insight_entry(v_user, v_job -> 'insight' ->> 'type',
                                       v_job -> 'insight' ->> 'contextId');
    end if;
    insight_id := v_entry.id;
    insight_json := v_entry.json;
    insight_calculated_at := v_entry.calculated_at;
    return next;
  end loop;
end;
$$;
comment on function public.admit_batch(jsonb) is
  'Service role: admits a batch of calls ([{"userId", "limits", "insight"?: {"type", "contextId"}}]) and reads each admitted call''s cache entry; a row per job, in order.';
revoke execute on function public.admit_batch(jsonb) from public, anon, authenticated;
grant execute on function public.admit_batch(jsonb) to service_role;
