-- The assistant's own tables (assistant-backend-requirements.md): conversations (immutable log),
-- insights (the analyzers' cache), user preferences (with the settings document of
-- settings-administration-module.md), analytics events (PII stripped on insert).

-- ---------------------------------------------------------------------------------------------
-- assistant_conversations: an immutable log. Users read and insert their own rows; nobody updates
-- or deletes through the API (grants revoked in the grants migration), except recording feedback
-- on one's own row through record_conversation_feedback().
-- ---------------------------------------------------------------------------------------------
create table public.assistant_conversations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  session_id uuid not null,
  message text not null check (length(message) <= 20000),
  response jsonb not null default '{}'::jsonb,
  kit_context text,
  page_route text,
  intent_detected text,
  skill_used text,
  response_time_ms integer check (response_time_ms >= 0),
  helpful boolean,
  created_at timestamptz not null default now()
);
comment on table public.assistant_conversations is
  'Chat log. Immutable for users: insert + read own; feedback via record_conversation_feedback().';
create index assistant_conversations_user_created_idx
  on public.assistant_conversations (user_id, created_at desc);
create index assistant_conversations_session_idx on public.assistant_conversations (session_id);
create index assistant_conversations_kit_idx on public.assistant_conversations (kit_context);

alter table public.assistant_conversations enable row level security;
create policy "assistant_conversations: own rows, admins all" on public.assistant_conversations
  for select to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));
create policy "assistant_conversations: insert own" on public.assistant_conversations
  for insert to authenticated
  with check (user_id = (select auth.uid()));

-- The one mutation users may make: thumbs up/down (or null to clear) on their own message.
create or replace function public.record_conversation_feedback(conversation_id uuid, helpful boolean)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null then
    raise exception 'authentication required' using errcode = '42501';
  end if;
  update public.assistant_conversations c
  set helpful = record_conversation_feedback.helpful
  where c.id = record_conversation_feedback.conversation_id
    and c.user_id = v_uid;
  return found;
end;
$$;
comment on function public.record_conversation_feedback(uuid, boolean) is
  'Sets `helpful` on one of the caller''s conversation rows; false when no such row.';

-- ---------------------------------------------------------------------------------------------
-- assistant_insights: the analyzers' cache. Key (user_id, insight_type, context_id).
-- insight_type: logistics | events | media (the analyzers), recommendations, chat, and the
-- product document's finer names logistics_readiness | event_critical_path.
-- context_id: the entity id (for `events`, the event's uuid as text, which the triggers use to
-- invalidate) or a stable hash of a supplied list. Written by the service role only.
-- ---------------------------------------------------------------------------------------------
create table public.assistant_insights (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  insight_type text not null check (insight_type in (
    'logistics', 'events', 'media', 'recommendations', 'chat',
    'logistics_readiness', 'event_critical_path')),
  context_id text not null check (length(context_id) between 1 and 200),
  data jsonb not null,
  calculated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  cache_hit_count integer not null default 0 check (cache_hit_count >= 0),
  constraint assistant_insights_key unique (user_id, insight_type, context_id)
);
comment on table public.assistant_insights is
  'Insight cache: users read their own; the service role writes (insight_cache_put/get).';
create index assistant_insights_expires_at_idx on public.assistant_insights (expires_at);
create index assistant_insights_type_context_idx on public.assistant_insights (insight_type, context_id);

alter table public.assistant_insights enable row level security;
create policy "assistant_insights: read own" on public.assistant_insights
  for select to authenticated
  using (user_id = (select auth.uid()));

-- Cache read: the unexpired entry (incrementing cache_hit_count) or no row.
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
    and i.context_id = p_context_id
    and i.expires_at > now()
  returning i.*;
$$;

-- Cache write: upsert with a TTL, resetting the hit counter.
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
  values (p_user_id, p_insight_type, p_context_id, p_data, now(),
          now() + make_interval(secs => greatest(p_ttl_seconds, 1)), 0)
  on conflict (user_id, insight_type, context_id) do update
    set data = excluded.data,
        calculated_at = excluded.calculated_at,
        expires_at = excluded.expires_at,
        cache_hit_count = 0
  returning i.*;
$$;

-- ---------------------------------------------------------------------------------------------
-- user_preferences: one row per user, created by the signup trigger. Seed-002 columns plus the
-- settings document (`preferences`, settings-administration-module.md). Changes are audited into
-- configuration_audit_log (see the settings migration).
-- ---------------------------------------------------------------------------------------------
create or replace function private.default_preferences()
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'theme', 'system',
    'sidebarCollapsed', false,
    'tableDensity', 'comfortable',
    'rowsPerPage', 25,
    'enableAnimations', true,
    'keyboardShortcutsEnabled', true,
    'keyboardShortcuts', jsonb_build_object(),
    'notifications', jsonb_build_object(
      'toast', true, 'email', false, 'inApp', true, 'frequency', 'immediate'),
    'defaultFilters', jsonb_build_object(
      'tier', null, 'status', null, 'qualityRange', jsonb_build_array(0, 10)),
    'exportPreferences', jsonb_build_object(
      'defaultFormat', 'json', 'includeMetadata', true,
      'includeQualityScores', true, 'autoCompression', true),
    'qualityThresholds', jsonb_build_object(
      'autoApproval', 8.0, 'flagging', 6.0, 'minimumAcceptable', 4.0)
  );
$$;

create table public.user_preferences (
  user_id uuid primary key references auth.users (id) on delete cascade,
  default_kit text check (default_kit in ('logistics', 'events', 'media', 'compose')),
  auto_suggestions_enabled boolean not null default true,
  notification_preferences jsonb not null default jsonb_build_object(
    'sample_status_changed', true, 'sample_added', true, 'sample_removed', true,
    'task_status_changed', true, 'task_assigned', true, 'deadline_approaching', true,
    'asset_uploaded', true, 'asset_approved', true, 'asset_rejected', true)
    check (jsonb_typeof(notification_preferences) = 'object'),
  kit_order text[] not null default array['logistics', 'events', 'media'],
  favorite_actions text[] not null default '{}',
  conversation_history_retention_days integer not null default 90
    check (conversation_history_retention_days between 1 and 3650),
  preferences jsonb not null default private.default_preferences()
    check (jsonb_typeof(preferences) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on column public.user_preferences.preferences is
  'Settings document: display, notifications, defaultFilters, exportPreferences, keyboardShortcuts, qualityThresholds, brandKeywords...';
create index user_preferences_preferences_gin on public.user_preferences using gin (preferences);

create trigger user_preferences_set_updated_at
  before update on public.user_preferences
  for each row execute function private.set_updated_at();

alter table public.user_preferences enable row level security;
create policy "user_preferences: read own" on public.user_preferences
  for select to authenticated
  using (user_id = (select auth.uid()));
create policy "user_preferences: insert own" on public.user_preferences
  for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy "user_preferences: update own" on public.user_preferences
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

-- ---------------------------------------------------------------------------------------------
-- analytics_events: users insert their own (and may read them back); admins read all.
-- event_data is stripped of e-mail addresses and phone numbers on insert and update.
-- ---------------------------------------------------------------------------------------------
create table public.analytics_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  event_type text not null check (event_type ~ '^[a-z][a-z0-9_.:-]{0,63}$'),
  event_data jsonb not null default '{}'::jsonb,
  page_route text,
  kit_context text,
  session_id uuid,
  created_at timestamptz not null default now()
);
create index analytics_events_type_created_idx on public.analytics_events (event_type, created_at);
create index analytics_events_user_created_idx on public.analytics_events (user_id, created_at);

-- PII redaction. E-mail: local@domain.tld. Phone: 9-15 digits with optional +, spaces, dots,
-- dashes and parentheses, not part of a longer token (so uuids, ISO dates and ids survive).
create or replace function private.redact_pii_text(t text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  r text := t;
  m text;
begin
  if r is null then
    return null;
  end if;
  r := regexp_replace(r, '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}',
                      '[redacted-email]', 'g');
  for m in
    select x[1]
    from regexp_matches(r, '(?<![[:alnum:]_-])(\+?\(?[0-9][0-9 ().-]{6,}[0-9])(?![[:alnum:]_-])', 'g') as x
  loop
    if length(regexp_replace(m, '[^0-9]', '', 'g')) between 9 and 15
       and m !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then
      r := replace(r, m, '[redacted-phone]');
    end if;
  end loop;
  return r;
end;
$$;

create or replace function private.redact_pii(j jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  case jsonb_typeof(j)
    when 'object' then
      return coalesce((select jsonb_object_agg(e.key, private.redact_pii(e.value))
                       from jsonb_each(j) as e), '{}'::jsonb);
    when 'array' then
      return coalesce((select jsonb_agg(private.redact_pii(a.value) order by a.ord)
                       from jsonb_array_elements(j) with ordinality as a(value, ord)), '[]'::jsonb);
    when 'string' then
      return to_jsonb(private.redact_pii_text(j #>> '{}'));
    else
      return j;
  end case;
end;
$$;

create or replace function private.analytics_events_strip_pii()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.event_data := private.redact_pii(coalesce(new.event_data, '{}'::jsonb));
  new.page_route := private.redact_pii_text(new.page_route);
  return new;
end;
$$;

create trigger analytics_events_strip_pii
  before insert or update on public.analytics_events
  for each row execute function private.analytics_events_strip_pii();

alter table public.analytics_events enable row level security;
create policy "analytics_events: own rows, admins all" on public.analytics_events
  for select to authenticated
  using (user_id = (select auth.uid()) or (select public.is_admin()));
create policy "analytics_events: insert own" on public.analytics_events
  for insert to authenticated
  with check (user_id = (select auth.uid()));
