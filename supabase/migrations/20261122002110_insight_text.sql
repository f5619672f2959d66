-- A cache hit serves the entry's JSON text, and the entry was kept only as jsonb: every hit
-- converted it back to text. For the answer about 10,000 supplied samples (2.5 MB) that took
-- 32 ms of a 44 ms hit, against 10 ms to read the same text stored as text (and a 3.5 KB stored
-- analysis paid 24 µs a hit). The entry now keeps its text beside the jsonb: the text the
-- function computed, stored by insight_cache_put as it was given (converting the jsonb back
-- would cost the write 45 ms for that answer, and spaces); any other writer of `data` gets the
-- text made from it by a trigger, so no writer can leave the two apart. Both are compressed
-- with lz4 where the server has it (several times faster than pglz). `data` stays, for SQL and
-- for the owner's reads through the API.
alter table public.assistant_insights add column data_text text;
comment on column public.assistant_insights.data_text is
  'data as JSON text, kept by a trigger: what a cache hit serves, without converting data again.';

do $$
begin
  if exists (select 1 from pg_settings
             where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
    alter table public.assistant_insights alter column data_text set compression lz4;
    alter table public.assistant_insights alter column data set compression lz4;
  end if;
end;
$$;

-- The entries there are, before the trigger exists (it would convert each one twice).
update public.assistant_insights set data_text = data::text;

create function private.assistant_insights_data_text()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- insight_cache_put says, by a setting it holds while it writes, that it gives the text
  if current_setting('fashionos.insight_text', true) is distinct from 'given' then
    new.data_text := new.data::text;
  end if;
  return new;
end;
$$;
revoke all on function private.assistant_insights_data_text() from public, anon, authenticated, service_role;

-- `of data, data_text`: a hit count's update (most updates) converts nothing, and a write of the
-- text alone cannot make it disagree with the data.
create trigger assistant_insights_data_text
  before insert or update of data, data_text on public.assistant_insights
  for each row execute function private.assistant_insights_data_text();

-- The entry is stored from its text: parsed once for `data`, kept as it is for `data_text`.
-- Its argument's type changes (jsonb to text), so it is made anew; the same grants.
drop function public.insight_cache_put(uuid, text, text, jsonb, integer);
create function public.insight_cache_put(
  p_user_id uuid, p_insight_type text, p_context_id text, p_json text, p_ttl_seconds integer
)
returns public.assistant_insights
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_entry public.assistant_insights;
begin
  -- the trigger keeps the text given here (only for this statement)
  perform set_config('fashionos.insight_text', 'given', true);
  insert into public.assistant_insights as i
    (user_id, insight_type, context_id, data, data_text, calculated_at, expires_at, cache_hit_count)
  values (p_user_id, p_insight_type, private.insight_context(p_insight_type, p_context_id),
          p_json::jsonb, p_json, now(), now() + make_interval(secs => greatest(p_ttl_seconds, 1)), 0)
  on conflict (user_id, insight_type, context_id) do update
    set data = excluded.data,
        data_text = excluded.data_text,
        calculated_at = excluded.calculated_at,
        expires_at = excluded.expires_at,
        cache_hit_count = 0
  returning i.* into v_entry;
  perform set_config('fashionos.insight_text', '', true);
  return v_entry;
end;
$$;
comment on function public.insight_cache_put(uuid, text, text, text, integer) is
  'Service role: stores (or replaces) a cached insight from its JSON text, with a TTL.';
revoke execute on function public.insight_cache_put(uuid, text, text, text, integer) from public, anon, authenticated;
grant execute on function public.insight_cache_put(uuid, text, text, text, integer) to service_role;

-- The lookup now returns the text, and the entry's id, by which its hits are counted. Its result
-- type changes, so it is made anew, with the same rule and grants as before.
drop function public.insight_cache_peek(uuid, text, text);
create function public.insight_cache_peek(p_user_id uuid, p_insight_type text, p_context_id text)
returns table (id uuid, json text, calculated_at timestamptz)
language plpgsql
stable
set search_path = ''
as $$
begin
  return query
  select i.id, coalesce(i.data_text, i.data::text), i.calculated_at
  from public.assistant_insights i
  where i.user_id = p_user_id
    and i.insight_type = p_insight_type
    and i.context_id = private.insight_context(p_insight_type, p_context_id)
    and i.expires_at > now()
    and private.insight_visible_to(p_user_id, i.insight_type, i.context_id);
end;
$$;
comment on function public.insight_cache_peek(uuid, text, text) is
  'Service role: the cached insight''s id and JSON text if it is unexpired and its data visible to the user; no write.';
revoke execute on function public.insight_cache_peek(uuid, text, text) from public, anon, authenticated;
grant execute on function public.insight_cache_peek(uuid, text, text) to service_role;

-- Hit counts by the entry's id. Matched by (user, type, context), the planner took the index on
-- (type, context) and filtered by user: every stored analysis of one kind shares its context
-- ("samples"), so each row of a batch scanned every user's entry of that kind (55,000 buffers for
-- a batch of 230, 136 ms on the local stack). By primary key it is one index probe a row. An id
-- that no longer exists (the entry was invalidated since) is skipped; one stored again keeps
-- its id (insight_cache_put upserts) and so its count goes on. [{"id", "hits"}, ...].
create or replace function public.insight_cache_count_hits(p_hits jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
  update public.assistant_insights i
  set cache_hit_count = i.cache_hit_count + h.hits
  from (select x.id, sum(x.hits)::integer as hits
        from jsonb_to_recordset(p_hits) as x(id uuid, hits integer)
        group by x.id) h
  where i.id = h.id;
$$;
comment on function public.insight_cache_count_hits(jsonb) is
  'Service role: adds batched cache hits ([{"id", "hits"}]) to cache_hit_count.';

-- The index on (type, context) served the lookup too: plpgsql keeps one plan for the session,
-- made for any user, and the planner may take that index and filter by user, which reads every
-- user's entry of the kind when they share a context ("samples": 800 buffers a hit on the local
-- stack, 1.2 ms, against 3 by the key). Only the events' invalidation needs entries by context
-- alone, so the index now covers those entries only, and the lookup has the key to itself.
drop index public.assistant_insights_type_context_idx;
create index assistant_insights_event_context_idx on public.assistant_insights (context_id)
  where insight_type in ('events', 'event_critical_path');
