-- Security hardening, part 4 (issue 7, finding 3): a cached analysis is readable only by whoever
-- may read its underlying data now. An event's insights (context_id = the event's id) need the
-- reader's event membership at read time; expired rows are nobody's; a change to event_members
-- invalidates the event's insights like a change to its tasks or staff does.

-- Event ids are stored in canonical (lower-case) form, so invalidation and membership checks
-- find them whatever spelling of the uuid the request used.
create or replace function private.insight_context(p_insight_type text, p_context_id text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when p_insight_type in ('events', 'event_critical_path')
         and p_context_id ~* '^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$'
      then p_context_id::uuid::text
    else p_context_id
  end;
$$;
comment on function private.insight_context(text, text) is
  'The stored form of an insight''s context id: an event''s uuid in canonical form, else as given.';

-- The event an insight was computed from, or null (a hash of a supplied list, another type).
create or replace function private.insight_event_id(p_insight_type text, p_context_id text)
returns uuid
language sql
immutable
set search_path = ''
as $$
  select case
    when p_insight_type in ('events', 'event_critical_path')
         and p_context_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      then p_context_id::uuid
  end;
$$;

-- Policies evaluate these as the querying role.
grant execute on function private.insight_event_id(text, text) to authenticated, service_role;

-- Whether `p_user_id` may see an insight's data now: an event's only while they own it or are a
-- member; anything else is theirs alone anyway. The service role's cache reads ask this for the
-- user they read for (the RLS policy asks private.event_role as the caller). Inlined by the planner.
create or replace function private.insight_visible_to(
  p_user_id uuid, p_insight_type text, p_context_id text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select private.insight_event_id(p_insight_type, p_context_id) is null
      or exists (select 1 from public.events e
                 where e.id = private.insight_event_id(p_insight_type, p_context_id)
                   and (e.owner_id = p_user_id
                        or exists (select 1 from public.event_members m
                                   where m.event_id = e.id and m.user_id = p_user_id)));
$$;
revoke all on function private.insight_visible_to(uuid, text, text) from public, anon, authenticated;
grant execute on function private.insight_visible_to(uuid, text, text) to service_role;

update public.assistant_insights i
set context_id = private.insight_context(i.insight_type, i.context_id)
where i.context_id is distinct from private.insight_context(i.insight_type, i.context_id)
  and not exists (select 1 from public.assistant_insights o
                  where o.user_id = i.user_id and o.insight_type = i.insight_type
                    and o.context_id = private.insight_context(i.insight_type, i.context_id));

drop policy "assistant_insights: read own" on public.assistant_insights;
create policy "assistant_insights: own, unexpired, while the data is visible"
  on public.assistant_insights
  for select to authenticated
  using (user_id = (select auth.uid())
         and expires_at > now()
         and (private.insight_event_id(insight_type, context_id) is null
              or private.event_role(private.insight_event_id(insight_type, context_id)) is not null));

-- Cache read (service role): the unexpired entry, and for an event only while the user is its
-- owner or a member.
create or replace function public.insight_cache_get(p_user_id uuid, p_insight_type text, p_context_id text)
returns setof public.assistant_insights
language sql
volatile
set search_path = ''
as $$
  update public.assistant_insights i
  set cache_hit_count = i.cache_hit_count + 1
  where i.user_id = p_user_id
    and i.insight_type = p_insight_type
    and i.context_id = private.insight_context(p_insight_type, p_context_id)
    and i.expires_at > now()
    and private.insight_visible_to(p_user_id, i.insight_type, i.context_id)
  returning i.*;
$$;

create or replace function public.insight_cache_put(
  p_user_id uuid, p_insight_type text, p_context_id text, p_data jsonb, p_ttl_seconds integer
)
returns public.assistant_insights
language sql
volatile
set search_path = ''
as $$
  insert into public.assistant_insights as i
    (user_id, insight_type, context_id, data, calculated_at, expires_at, cache_hit_count)
  values (p_user_id, p_insight_type, private.insight_context(p_insight_type, p_context_id), p_data,
          now(), now() + make_interval(secs => greatest(p_ttl_seconds, 1)), 0)
  on conflict (user_id, insight_type, context_id) do update
    set data = excluded.data,
        calculated_at = excluded.calculated_at,
        expires_at = excluded.expires_at,
        cache_hit_count = 0
  returning i.*;
$$;
grant execute on function private.insight_context(text, text) to service_role;

-- Adding, removing or re-roling a member changes who may read the event's analyses.
create trigger event_members_invalidate_insights
  after insert or update or delete on public.event_members
  for each row execute function private.invalidate_event_insights();
