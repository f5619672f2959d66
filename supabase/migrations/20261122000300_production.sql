-- The work the assistant analyses: samples (logistics kit), events with members, tasks and staff
-- (events kit), gallery assets and shot lists (media kit). Triggers keep the insight cache honest
-- and broadcast changes on private realtime topics:
--   samples:<ownerId>  sample_added | sample_status_changed | sample_removed
--   events:<eventId>   task_status_changed | task_assigned | deadline_approaching
--   assets:<ownerId>   asset_uploaded | asset_approved | asset_rejected
-- Payloads carry `type` (= the event name), the entity ids, old/new values and what a toast needs;
-- realtime.send() adds the message `id`.

-- ---------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------
create table public.samples (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 300),
  category text not null check (length(category) between 1 and 100),
  status text not null default 'requested'
    check (status in ('requested', 'in_transit', 'awaiting', 'on_set', 'shot', 'returned')),
  is_hero boolean not null default false,
  look_id text,
  designer text,
  expected_at timestamptz,
  shoot_date date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index samples_owner_status_idx on public.samples (owner_id, status);
create index samples_owner_category_idx on public.samples (owner_id, category);
create index samples_owner_look_idx on public.samples (owner_id, look_id);

create table public.events (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 300),
  starts_at timestamptz not null,
  ends_at timestamptz,
  venue text,
  staffing_required jsonb not null default '{}'::jsonb
    check (jsonb_typeof(staffing_required) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint events_ends_after_start check (ends_at is null or ends_at >= starts_at)
);
comment on column public.events.staffing_required is 'role -> required headcount, e.g. {"dresser": 6}';
create index events_owner_starts_idx on public.events (owner_id, starts_at);

-- Who may see an event besides its owner. editor: may change tasks and staff; viewer: read only.
create table public.event_members (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'viewer' check (role in ('editor', 'viewer')),
  added_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
create index event_members_user_idx on public.event_members (user_id);

create table public.event_tasks (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  title text not null check (length(title) between 1 and 300),
  status text not null default 'todo' check (status in ('todo', 'in_progress', 'blocked', 'done')),
  duration_minutes integer not null default 0 check (duration_minutes >= 0),
  depends_on uuid[] not null default '{}',
  deadline timestamptz,
  assignee_id uuid references auth.users (id) on delete set null,
  required_role text,
  phase text not null default 'setup' check (phase in ('setup', 'show', 'teardown')),
  deadline_notified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on column public.event_tasks.depends_on is
  'Ids of tasks of the same event; validated by events-optimizer (unknown ids / cycles -> 422).';
comment on column public.event_tasks.deadline_notified_at is
  'When deadline_approaching was broadcast; reset when the deadline changes.';
create index event_tasks_event_idx on public.event_tasks (event_id, status);
create index event_tasks_assignee_idx on public.event_tasks (assignee_id);
create index event_tasks_deadline_pending_idx on public.event_tasks (deadline)
  where status <> 'done' and deadline_notified_at is null;

create table public.event_staff (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  role text not null check (length(role) between 1 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index event_staff_event_role_idx on public.event_staff (event_id, role);

create table public.gallery_assets (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  look_id text,
  shot_type text,
  storage_path text,
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  sharpness numeric(4, 3) check (sharpness between 0 and 1),
  exposure numeric(4, 2) check (exposure between -10 and 10),
  tags text[] not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  captured_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on column public.gallery_assets.exposure is 'Exposure deviation in EV (0 = correct).';
create index gallery_assets_owner_look_shot_idx on public.gallery_assets (owner_id, look_id, shot_type);
create index gallery_assets_owner_status_idx on public.gallery_assets (owner_id, status);

create table public.shot_list_items (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  look_id text not null,
  shot_type text not null,
  quantity integer not null default 1 check (quantity > 0),
  required boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index shot_list_items_owner_look_shot_idx on public.shot_list_items (owner_id, look_id, shot_type);

-- ---------------------------------------------------------------------------------------------
-- Event access: owner | editor | viewer | null. Security definer so that the policies of events,
-- event_members, event_tasks and event_staff never recurse into each other.
-- ---------------------------------------------------------------------------------------------
create or replace function private.event_role(p_event_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when exists (select 1 from public.events e
                 where e.id = p_event_id and e.owner_id = (select auth.uid())) then 'owner'
    else (select m.role from public.event_members m
          where m.event_id = p_event_id and m.user_id = (select auth.uid()))
  end;
$$;

-- May the caller receive broadcasts on this realtime topic?
create or replace function private.can_receive_topic(p_topic text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_scope text := split_part(p_topic, ':', 1);
  v_id text := split_part(p_topic, ':', 2);
begin
  if v_uid is null or p_topic is null
     or v_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     or p_topic <> v_scope || ':' || v_id then
    return false;
  end if;
  if v_scope in ('samples', 'assets') then
    return v_id::uuid = v_uid;
  elsif v_scope = 'events' then
    return private.event_role(v_id::uuid) is not null;
  end if;
  return false;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- RLS
-- ---------------------------------------------------------------------------------------------
alter table public.samples enable row level security;
alter table public.events enable row level security;
alter table public.event_members enable row level security;
alter table public.event_tasks enable row level security;
alter table public.event_staff enable row level security;
alter table public.gallery_assets enable row level security;
alter table public.shot_list_items enable row level security;

create policy "samples: read own" on public.samples
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "samples: insert own" on public.samples
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "samples: update own" on public.samples
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "samples: delete own" on public.samples
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "gallery_assets: read own" on public.gallery_assets
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "gallery_assets: insert own" on public.gallery_assets
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "gallery_assets: update own" on public.gallery_assets
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "gallery_assets: delete own" on public.gallery_assets
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "shot_list_items: read own" on public.shot_list_items
  for select to authenticated using (owner_id = (select auth.uid()));
create policy "shot_list_items: insert own" on public.shot_list_items
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "shot_list_items: update own" on public.shot_list_items
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "shot_list_items: delete own" on public.shot_list_items
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "events: owner and members read" on public.events
  for select to authenticated
  using (owner_id = (select auth.uid()) or private.event_role(id) is not null);
create policy "events: insert own" on public.events
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy "events: owner updates" on public.events
  for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "events: owner deletes" on public.events
  for delete to authenticated using (owner_id = (select auth.uid()));

create policy "event_members: members read the roster" on public.event_members
  for select to authenticated
  using (user_id = (select auth.uid()) or private.event_role(event_id) is not null);
create policy "event_members: owner adds" on public.event_members
  for insert to authenticated with check (private.event_role(event_id) = 'owner');
create policy "event_members: owner changes roles" on public.event_members
  for update to authenticated
  using (private.event_role(event_id) = 'owner') with check (private.event_role(event_id) = 'owner');
create policy "event_members: leave, or be removed by the owner" on public.event_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or private.event_role(event_id) = 'owner');

create policy "event_tasks: members read" on public.event_tasks
  for select to authenticated using (private.event_role(event_id) is not null);
create policy "event_tasks: owner and editors insert" on public.event_tasks
  for insert to authenticated with check (private.event_role(event_id) in ('owner', 'editor'));
create policy "event_tasks: owner and editors update" on public.event_tasks
  for update to authenticated
  using (private.event_role(event_id) in ('owner', 'editor'))
  with check (private.event_role(event_id) in ('owner', 'editor'));
create policy "event_tasks: owner and editors delete" on public.event_tasks
  for delete to authenticated using (private.event_role(event_id) in ('owner', 'editor'));

create policy "event_staff: members read" on public.event_staff
  for select to authenticated using (private.event_role(event_id) is not null);
create policy "event_staff: owner and editors insert" on public.event_staff
  for insert to authenticated with check (private.event_role(event_id) in ('owner', 'editor'));
create policy "event_staff: owner and editors update" on public.event_staff
  for update to authenticated
  using (private.event_role(event_id) in ('owner', 'editor'))
  with check (private.event_role(event_id) in ('owner', 'editor'));
create policy "event_staff: owner and editors delete" on public.event_staff
  for delete to authenticated using (private.event_role(event_id) in ('owner', 'editor'));

-- Private channels: only the owner joins samples:<id> / assets:<id>; owner and members join
-- events:<id>. Clients get no INSERT policy: they receive, only the database sends.
create policy "fashionos topics: owners and event members receive" on realtime.messages
  for select to authenticated
  using (
    realtime.messages.extension in ('broadcast', 'presence')
    and private.can_receive_topic((select realtime.topic()))
  );

-- ---------------------------------------------------------------------------------------------
-- updated_at
-- ---------------------------------------------------------------------------------------------
create trigger samples_set_updated_at before update on public.samples
  for each row execute function private.set_updated_at();
create trigger events_set_updated_at before update on public.events
  for each row execute function private.set_updated_at();
create trigger event_tasks_set_updated_at before update on public.event_tasks
  for each row execute function private.set_updated_at();
create trigger event_staff_set_updated_at before update on public.event_staff
  for each row execute function private.set_updated_at();
create trigger gallery_assets_set_updated_at before update on public.gallery_assets
  for each row execute function private.set_updated_at();
create trigger shot_list_items_set_updated_at before update on public.shot_list_items
  for each row execute function private.set_updated_at();

-- A changed deadline may be announced again.
create or replace function private.event_tasks_reset_deadline_notice()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.deadline is distinct from old.deadline then
    new.deadline_notified_at := null;
  end if;
  return new;
end;
$$;
create trigger event_tasks_reset_deadline_notice before update of deadline on public.event_tasks
  for each row execute function private.event_tasks_reset_deadline_notice();

-- ---------------------------------------------------------------------------------------------
-- Cache invalidation (security definer: users cannot delete insights themselves)
-- ---------------------------------------------------------------------------------------------
create or replace function private.invalidate_owner_insights()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_type text := tg_argv[0];   -- 'logistics' | 'media'
begin
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - 'updated_at') = (to_jsonb(old) - 'updated_at') then
    return null;
  end if;
  delete from public.assistant_insights i
  where i.insight_type = v_type
    and i.user_id in (
      select (case when tg_op = 'DELETE' then old.owner_id else new.owner_id end)
      union
      select (case when tg_op = 'UPDATE' then old.owner_id end));
  return null;
end;
$$;

create or replace function private.invalidate_event_insights()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - 'updated_at' - 'deadline_notified_at')
       = (to_jsonb(old) - 'updated_at' - 'deadline_notified_at') then
    return null;
  end if;
  if tg_table_name = 'events' then
    v_ids := array[(case when tg_op = 'DELETE' then old.id else new.id end)];
  else
    v_ids := array[(case when tg_op = 'DELETE' then old.event_id else new.event_id end),
                   (case when tg_op = 'UPDATE' then old.event_id end)];
  end if;
  delete from public.assistant_insights i
  where i.insight_type in ('events', 'event_critical_path')
    and i.context_id in (select x::text from unnest(v_ids) as x where x is not null);
  return null;
end;
$$;

create trigger samples_invalidate_insights
  after insert or update or delete on public.samples
  for each row execute function private.invalidate_owner_insights('logistics');
create trigger gallery_assets_invalidate_insights
  after insert or update or delete on public.gallery_assets
  for each row execute function private.invalidate_owner_insights('media');
create trigger shot_list_items_invalidate_insights
  after insert or update or delete on public.shot_list_items
  for each row execute function private.invalidate_owner_insights('media');
create trigger events_invalidate_insights
  after update or delete on public.events
  for each row execute function private.invalidate_event_insights();
create trigger event_tasks_invalidate_insights
  after insert or update or delete on public.event_tasks
  for each row execute function private.invalidate_event_insights();
create trigger event_staff_invalidate_insights
  after insert or update or delete on public.event_staff
  for each row execute function private.invalidate_event_insights();

-- ---------------------------------------------------------------------------------------------
-- Realtime broadcasts (security definer, as Supabase's "broadcast from the database" guide does:
-- realtime.messages accepts no inserts from clients).
-- ---------------------------------------------------------------------------------------------
create or replace function private.broadcast_sample_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event text;
  r public.samples;
begin
  if private.broadcasts_suppressed() then
    return null;
  end if;
  if tg_op = 'INSERT' then
    v_event := 'sample_added'; r := new;
  elsif tg_op = 'DELETE' then
    v_event := 'sample_removed'; r := old;
  elsif new.status is distinct from old.status then
    v_event := 'sample_status_changed'; r := new;
  else
    return null;
  end if;
  perform realtime.send(
    jsonb_build_object(
      'type', v_event,
      'sampleId', r.id,
      'ownerId', r.owner_id,
      'name', r.name,
      'category', r.category,
      'isHero', r.is_hero,
      'lookId', r.look_id,
      'oldStatus', case when tg_op = 'UPDATE' then old.status end,
      'newStatus', case when tg_op = 'DELETE' then null else r.status end,
      'status', r.status,
      'occurredAt', now()),
    v_event,
    'samples:' || r.owner_id::text,
    true);
  return null;
end;
$$;

create or replace function private.broadcast_task_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_topic text := 'events:' || new.event_id::text;
begin
  if private.broadcasts_suppressed() then
    return null;
  end if;
  if tg_op = 'UPDATE' and new.status is distinct from old.status then
    perform realtime.send(
      jsonb_build_object(
        'type', 'task_status_changed',
        'taskId', new.id, 'eventId', new.event_id, 'title', new.title,
        'phase', new.phase, 'oldStatus', old.status, 'newStatus', new.status,
        'assigneeId', new.assignee_id, 'deadline', new.deadline, 'occurredAt', now()),
      'task_status_changed', v_topic, true);
  end if;
  if new.assignee_id is not null
     and (tg_op = 'INSERT' or new.assignee_id is distinct from old.assignee_id) then
    perform realtime.send(
      jsonb_build_object(
        'type', 'task_assigned',
        'taskId', new.id, 'eventId', new.event_id, 'title', new.title,
        'phase', new.phase, 'status', new.status,
        'oldAssigneeId', case when tg_op = 'UPDATE' then old.assignee_id end,
        'assigneeId', new.assignee_id, 'deadline', new.deadline, 'occurredAt', now()),
      'task_assigned', v_topic, true);
  end if;
  return null;
end;
$$;

create or replace function private.broadcast_asset_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event text;
begin
  if private.broadcasts_suppressed() then
    return null;
  end if;
  if tg_op = 'INSERT' then
    v_event := 'asset_uploaded';
  elsif new.status is distinct from old.status and new.status in ('approved', 'rejected') then
    v_event := 'asset_' || new.status;
  else
    return null;
  end if;
  perform realtime.send(
    jsonb_build_object(
      'type', v_event,
      'assetId', new.id, 'ownerId', new.owner_id,
      'lookId', new.look_id, 'shotType', new.shot_type, 'storagePath', new.storage_path,
      'oldStatus', case when tg_op = 'UPDATE' then old.status end,
      'newStatus', new.status, 'occurredAt', now()),
    v_event,
    'assets:' || new.owner_id::text,
    true);
  return null;
end;
$$;

create trigger samples_broadcast
  after insert or update of status or delete on public.samples
  for each row execute function private.broadcast_sample_change();
create trigger event_tasks_broadcast
  after insert or update of status, assignee_id on public.event_tasks
  for each row execute function private.broadcast_task_change();
create trigger gallery_assets_broadcast
  after insert or update of status on public.gallery_assets
  for each row execute function private.broadcast_asset_change();

-- ---------------------------------------------------------------------------------------------
-- deadline_approaching: once per task, when its deadline is within 24 h (p_within) and the task
-- is not done. Scheduled with pg_cron (lifecycle migration) where it exists; the local stack may
-- call it on a timer. Returns how many tasks were announced.
-- ---------------------------------------------------------------------------------------------
create or replace function public.notify_deadlines_approaching(p_within interval default interval '24 hours')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  t record;
  n integer := 0;
begin
  for t in
    update public.event_tasks et
    set deadline_notified_at = now()
    where et.status <> 'done'
      and et.deadline_notified_at is null
      and et.deadline > now()
      and et.deadline <= now() + p_within
    returning et.id, et.event_id, et.title, et.status, et.phase, et.deadline, et.assignee_id
  loop
    perform realtime.send(
      jsonb_build_object(
        'type', 'deadline_approaching',
        'taskId', t.id, 'eventId', t.event_id, 'title', t.title,
        'status', t.status, 'phase', t.phase, 'deadline', t.deadline,
        'assigneeId', t.assignee_id,
        'hoursLeft', round((extract(epoch from (t.deadline - now())) / 3600.0)::numeric, 1),
        'occurredAt', now()),
      'deadline_approaching',
      'events:' || t.event_id::text,
      true);
    n := n + 1;
  end loop;
  return n;
end;
$$;
