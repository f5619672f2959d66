-- The request hot path (issue 8). A cache lookup no longer writes: it is pipelined with the
-- rate-limit admission in one transaction, and a read that takes a row lock and writes a tuple
-- made every hit cost a write (and serialized concurrent hits of one entry). Hit counts are
-- counted in the functions and added in batches, off the response path.

-- Cache read (service role): the unexpired entry, and for an event only while the user is its
-- owner or a member (the visibility rule of insight_cache_get, without the hit count).
create function public.insight_cache_peek(p_user_id uuid, p_insight_type text, p_context_id text)
returns table (data jsonb, calculated_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select i.data, i.calculated_at
  from public.assistant_insights i
  where i.user_id = p_user_id
    and i.insight_type = p_insight_type
    and i.context_id = private.insight_context(p_insight_type, p_context_id)
    and i.expires_at > now()
    and private.insight_visible_to(p_user_id, i.insight_type, i.context_id);
$$;
comment on function public.insight_cache_peek(uuid, text, text) is
  'Service role: the cached insight if it is unexpired and its data visible to the user; no write.';

-- Hit counts, batched: [{"userId", "type", "contextId", "hits"}, ...].
create function public.insight_cache_count_hits(p_hits jsonb)
returns void
language sql
volatile
set search_path = ''
as $$
  update public.assistant_insights i
  set cache_hit_count = i.cache_hit_count + h.hits
  from (select x."userId" as user_id, x.type, x."contextId" as context_id, sum(x.hits) as hits
        from jsonb_to_recordset(p_hits) as x("userId" uuid, type text, "contextId" text, hits integer)
        group by 1, 2, 3) h
  where i.user_id = h.user_id
    and i.insight_type = h.type
    and i.context_id = private.insight_context(h.type, h.context_id);
$$;
comment on function public.insight_cache_count_hits(jsonb) is
  'Service role: adds batched cache hits to cache_hit_count.';

revoke execute on function public.insight_cache_peek(uuid, text, text) from public, anon, authenticated;
revoke execute on function public.insight_cache_count_hits(jsonb) from public, anon, authenticated;
grant execute on function public.insight_cache_peek(uuid, text, text) to service_role;
grant execute on function public.insight_cache_count_hits(jsonb) to service_role;
