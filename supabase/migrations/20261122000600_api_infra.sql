-- Cross-cutting support for the functions layer (api-hardening-specifications.md):
-- a fixed-window rate limiter that is atomic under concurrent callers, and idempotency keys.
-- Both tables are system tables: RLS on, and only the service role (and the owner) touches them.

-- ---------------------------------------------------------------------------------------------
-- Rate limiting: one row per key (e.g. 'user:<uuid>' for the 60/min per-user limit, or
-- 'user:<uuid>:<route>' for per-route limits).
-- ---------------------------------------------------------------------------------------------
create table public.rate_limit_buckets (
  key text primary key check (length(key) between 1 and 300),
  window_start timestamptz not null,
  window_seconds integer not null check (window_seconds > 0),
  count integer not null check (count >= 0)
);
comment on table public.rate_limit_buckets is
  'Fixed-window counters of consume_rate_limit(). Service role only.';
create index rate_limit_buckets_window_idx on public.rate_limit_buckets (window_start);
alter table public.rate_limit_buckets enable row level security;

-- Counts one call against `key` and says whether it is allowed. One INSERT ... ON CONFLICT DO
-- UPDATE statement: concurrent callers on one key serialize on the row lock, each sees its own
-- count, so exactly `limit` calls per window are allowed. Refused calls are counted too (they do
-- not extend the window). reset_at: when the window ends; reset_seconds: whole seconds until then
-- (for RateLimit-Reset / Retry-After), at most the window: a caller whose statement began just
-- before a concurrent caller opened the window would otherwise see window_seconds + 1.
create or replace function public.consume_rate_limit(key text, "limit" integer, window_seconds integer)
returns table (allowed boolean, remaining integer, reset_at timestamptz, reset_seconds integer)
language sql
volatile
set search_path = ''
as $$
  with b as (
    insert into public.rate_limit_buckets as r (key, window_start, window_seconds, count)
    values (consume_rate_limit.key, statement_timestamp(), greatest(consume_rate_limit.window_seconds, 1), 1)
    on conflict on constraint rate_limit_buckets_pkey do update
      set window_start = case
            when r.window_start + make_interval(secs => r.window_seconds) <= statement_timestamp()
              then statement_timestamp() else r.window_start end,
          window_seconds = case
            when r.window_start + make_interval(secs => r.window_seconds) <= statement_timestamp()
              then excluded.window_seconds else r.window_seconds end,
          count = case
            when r.window_start + make_interval(secs => r.window_seconds) <= statement_timestamp()
              then 1 else r.count + 1 end
    returning r.count, r.window_start, r.window_seconds
  )
  select b.count <= consume_rate_limit."limit",
         greatest(consume_rate_limit."limit" - b.count, 0),
         b.window_start + make_interval(secs => b.window_seconds),
         least(greatest(ceil(extract(epoch from (b.window_start + make_interval(secs => b.window_seconds)
                                                 - statement_timestamp())))::integer, 0),
               b.window_seconds)
  from b;
$$;
comment on function public.consume_rate_limit(text, integer, integer) is
  'Atomic fixed-window rate limit: counts one call on key; returns allowed, remaining, reset_at, reset_seconds.';

-- ---------------------------------------------------------------------------------------------
-- Idempotency keys: a mutation with `Idempotency-Key` claims (user, route, key); a replay with the
-- same request hash gets the stored response, a different hash is a conflict (409).
-- ---------------------------------------------------------------------------------------------
create table public.idempotency_keys (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  route text not null check (length(route) between 1 and 200),
  key text not null check (key ~ '^[A-Za-z0-9_-]{1,255}$'),
  request_hash text not null check (length(request_hash) between 1 and 128),
  status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
  response_status integer check (response_status between 100 and 599),
  response_body jsonb,
  response_headers jsonb,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  expires_at timestamptz not null default now() + interval '24 hours',
  constraint idempotency_keys_user_route_key unique (user_id, route, key)
);
create index idempotency_keys_expires_at_idx on public.idempotency_keys (expires_at);

alter table public.idempotency_keys enable row level security;
create policy "idempotency_keys: read own" on public.idempotency_keys
  for select to authenticated using (user_id = (select auth.uid()));

-- Claims a key. outcome: 'new' (proceed, then complete_idempotency_key), 'replay' (return the
-- stored response), 'conflict' (same key, different request), 'in_progress' (first request still
-- running). An expired key is forgotten and claimed anew.
create or replace function public.claim_idempotency_key(
  p_user_id uuid, p_route text, p_key text, p_request_hash text, p_ttl_seconds integer default 86400
)
returns table (outcome text, response_status integer, response_body jsonb, response_headers jsonb)
language plpgsql
volatile
set search_path = ''
as $$
declare
  k public.idempotency_keys;
begin
  delete from public.idempotency_keys i
  where i.user_id = p_user_id and i.route = p_route and i.key = p_key and i.expires_at <= now();

  insert into public.idempotency_keys (user_id, route, key, request_hash, expires_at)
  values (p_user_id, p_route, p_key, p_request_hash,
          now() + make_interval(secs => greatest(p_ttl_seconds, 1)))
  on conflict on constraint idempotency_keys_user_route_key do nothing
  returning * into k;
  if found then
    outcome := 'new';
    return next;
    return;
  end if;

  select * into k from public.idempotency_keys i
  where i.user_id = p_user_id and i.route = p_route and i.key = p_key;
  if k.request_hash <> p_request_hash then
    outcome := 'conflict';
  elsif k.status = 'in_progress' then
    outcome := 'in_progress';
  else
    outcome := 'replay';
    response_status := k.response_status;
    response_body := k.response_body;
    response_headers := k.response_headers;
  end if;
  return next;
end;
$$;

create or replace function public.complete_idempotency_key(
  p_user_id uuid, p_route text, p_key text,
  p_response_status integer, p_response_body jsonb, p_response_headers jsonb default '{}'::jsonb
)
returns boolean
language sql
volatile
set search_path = ''
as $$
  update public.idempotency_keys i
  set status = 'completed',
      response_status = p_response_status,
      response_body = p_response_body,
      response_headers = p_response_headers,
      completed_at = now()
  where i.user_id = p_user_id and i.route = p_route and i.key = p_key
  returning true;
$$;

-- Forget a claim whose request failed, so the client may retry with the same key.
create or replace function public.release_idempotency_key(p_user_id uuid, p_route text, p_key text)
returns boolean
language sql
volatile
set search_path = ''
as $$
  delete from public.idempotency_keys i
  where i.user_id = p_user_id and i.route = p_route and i.key = p_key and i.status = 'in_progress'
  returning true;
$$;
