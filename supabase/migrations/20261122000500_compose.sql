-- Compose (compose-platform-technical-requirements.md, content-wizard-specification.md): profiles
-- with tiers and monthly quotas, saved compositions (dedupe by hash, public gallery, templates,
-- forks, likes), generation history, popularity and interactions. Tier limits on saved and public
-- compositions are enforced here, in the database.
--
-- Tier limits:            monthly generations   saved compositions   public compositions
--   free                                  100                   10                     3
--   pro                                 1,000                  100                    20
--   enterprise                         10,000                1,000                   100
-- A refused insert/update raises SQLSTATE 'PT403' (PostgREST answers 403) with message
-- 'tier_limit_exceeded' and a detail naming the limit.

create or replace function public.tier_limits(p_tier text)
returns table (monthly_generations integer, saved_compositions integer, public_compositions integer)
language sql
immutable
set search_path = ''
as $$
  select v.monthly_generations, v.saved_compositions, v.public_compositions
  from (values ('free', 100, 10, 3),
               ('pro', 1000, 100, 20),
               ('enterprise', 10000, 1000, 100))
       as v(tier, monthly_generations, saved_compositions, public_compositions)
  where v.tier = coalesce(p_tier, 'free');
$$;

-- ---------------------------------------------------------------------------------------------
-- profiles: one per user, created on signup. Users read their own and may change full_name only
-- (column grant in the grants migration); tier and counters are the service role's.
-- ---------------------------------------------------------------------------------------------
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  full_name text check (length(full_name) <= 200),
  tier text not null default 'free' check (tier in ('free', 'pro', 'enterprise')),
  monthly_generations integer not null default 0 check (monthly_generations >= 0),
  max_monthly_generations integer not null default 100 check (max_monthly_generations >= 0),
  last_reset_date date not null default (date_trunc('month', now()))::date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on column public.profiles.last_reset_date is
  'First day of the month monthly_generations counts; the counter restarts when the month changes.';

create or replace function private.profiles_apply_tier()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.tier is distinct from old.tier then
    new.max_monthly_generations := (select l.monthly_generations from public.tier_limits(new.tier) l);
  end if;
  return new;
end;
$$;

create trigger profiles_apply_tier
  before insert or update of tier on public.profiles
  for each row execute function private.profiles_apply_tier();
create trigger profiles_set_updated_at
  before update on public.profiles
  for each row execute function private.set_updated_at();

alter table public.profiles enable row level security;
create policy "profiles: read own" on public.profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "profiles: update own" on public.profiles
  for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

-- Monthly generation quota, atomically: restarts the counter in a new month, and counts this
-- generation only when under the limit. Users consume their own; the service role passes a user.
create or replace function public.consume_generation_quota(p_user_id uuid default null)
returns table (allowed boolean, used integer, monthly_limit integer, resets_on date)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller uuid := (select auth.uid());
  v_uid uuid := coalesce(v_caller, p_user_id);
  v_month date := (date_trunc('month', now()))::date;
  p public.profiles;
  v_used integer;
begin
  if v_caller is not null and p_user_id is not null and p_user_id <> v_caller then
    raise exception 'cannot consume another user''s quota' using errcode = '42501';
  end if;
  if v_uid is null then
    raise exception 'a user is required' using errcode = '22023';
  end if;
  insert into public.profiles (id) values (v_uid) on conflict (id) do nothing;
  select * into p from public.profiles where id = v_uid for update;
  v_used := case when p.last_reset_date < v_month then 0 else p.monthly_generations end;
  allowed := v_used < p.max_monthly_generations;
  update public.profiles
  set monthly_generations = v_used + (case when allowed then 1 else 0 end),
      last_reset_date = greatest(p.last_reset_date, v_month)
  where id = v_uid
  returning monthly_generations, max_monthly_generations into used, monthly_limit;
  resets_on := (v_month + interval '1 month')::date;
  return next;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- compositions: the saved configurations. content_hash is unique per user (dedupe).
-- ---------------------------------------------------------------------------------------------
create table public.compositions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  name text not null check (length(name) between 1 and 200),
  description text check (length(description) <= 2000),
  kind text not null check (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  inputs jsonb not null default '{}'::jsonb check (jsonb_typeof(inputs) = 'object'),
  content jsonb not null,
  content_hash text not null check (length(content_hash) between 8 and 128),
  is_public boolean not null default false,
  is_template boolean not null default false,
  tags text[] not null default '{}',
  download_count integer not null default 0 check (download_count >= 0),
  like_count integer not null default 0 check (like_count >= 0),
  fork_count integer not null default 0 check (fork_count >= 0),
  parent_id uuid references public.compositions (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint compositions_user_content_hash_unique unique (user_id, content_hash)
);
comment on column public.compositions.kind is
  'What was composed (e.g. product_description, run_of_show, shot_list, email).';
create index compositions_public_idx on public.compositions (created_at desc) where is_public;
create index compositions_public_popular_idx on public.compositions (like_count desc) where is_public;
create index compositions_tags_gin on public.compositions using gin (tags);
create index compositions_parent_idx on public.compositions (parent_id);
create index compositions_organization_idx on public.compositions (organization_id);

create trigger compositions_set_updated_at
  before update on public.compositions
  for each row execute function private.set_updated_at();

-- Counters belong to the triggers and the service role: API users cannot set them.
create or replace function private.compositions_protect_counters()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated') then
    if tg_op = 'INSERT' then
      new.download_count := 0; new.like_count := 0; new.fork_count := 0;
    else
      new.download_count := old.download_count;
      new.like_count := old.like_count;
      new.fork_count := old.fork_count;
    end if;
  end if;
  return new;
end;
$$;

create trigger compositions_protect_counters
  before insert or update on public.compositions
  for each row execute function private.compositions_protect_counters();

create or replace function private.compositions_enforce_tier_limits()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_tier text;
  v_limits record;
  v_count integer;
begin
  -- serialize per user, so concurrent inserts cannot both slip under the limit
  perform pg_advisory_xact_lock(hashtextextended('fashionos.compositions:' || new.user_id::text, 0));
  select p.tier into v_tier from public.profiles p where p.id = new.user_id;
  select * into v_limits from public.tier_limits(coalesce(v_tier, 'free'));

  if tg_op = 'INSERT' or new.user_id is distinct from old.user_id then
    select count(*) into v_count from public.compositions c where c.user_id = new.user_id;
    if v_count >= v_limits.saved_compositions then
      raise exception 'tier_limit_exceeded'
        using errcode = 'PT403',
              detail = format('The %s tier allows %s saved compositions.',
                              coalesce(v_tier, 'free'), v_limits.saved_compositions),
              hint = 'Delete a composition or upgrade the tier.';
    end if;
  end if;

  if new.is_public and (tg_op = 'INSERT' or not old.is_public or new.user_id is distinct from old.user_id) then
    select count(*) into v_count
    from public.compositions c
    where c.user_id = new.user_id and c.is_public and c.id <> new.id;
    if v_count >= v_limits.public_compositions then
      raise exception 'tier_limit_exceeded'
        using errcode = 'PT403',
              detail = format('The %s tier allows %s public compositions.',
                              coalesce(v_tier, 'free'), v_limits.public_compositions),
              hint = 'Make a composition private or upgrade the tier.';
    end if;
  end if;
  return new;
end;
$$;

create trigger compositions_enforce_tier_limits
  before insert or update of is_public, user_id on public.compositions
  for each row execute function private.compositions_enforce_tier_limits();

alter table public.compositions enable row level security;
create policy "compositions: own, organization's and public" on public.compositions
  for select to authenticated
  using (user_id = (select auth.uid())
         or is_public
         or (organization_id is not null and private.org_role(organization_id) is not null));
create policy "compositions: public gallery" on public.compositions
  for select to anon
  using (is_public);
create policy "compositions: insert own" on public.compositions
  for insert to authenticated
  with check (user_id = (select auth.uid())
              and (organization_id is null or private.org_role(organization_id) is not null));
create policy "compositions: update own" on public.compositions
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid())
              and (organization_id is null or private.org_role(organization_id) is not null));
create policy "compositions: delete own" on public.compositions
  for delete to authenticated
  using (user_id = (select auth.uid()));

-- ---------------------------------------------------------------------------------------------
-- generation_history: one row per generation (compose). Read and insert own; immutable.
-- ---------------------------------------------------------------------------------------------
create table public.generation_history (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  composition_id uuid references public.compositions (id) on delete set null,
  kind text not null check (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  inputs jsonb not null default '{}'::jsonb,
  inputs_hash text generated always as (md5(kind || ':' || inputs::text)) stored,
  generation_source text not null check (generation_source in ('prebuilt', 'cached', 'generated')),
  duration_ms integer check (duration_ms >= 0),
  response_size integer check (response_size >= 0),
  success boolean not null,
  error_code text,
  error_message text,
  created_at timestamptz not null default now()
);
create index generation_history_user_created_idx on public.generation_history (user_id, created_at desc);
create index generation_history_composition_idx on public.generation_history (composition_id);
create index generation_history_kind_inputs_user_idx on public.generation_history (kind, inputs_hash, user_id);

alter table public.generation_history enable row level security;
create policy "generation_history: read own" on public.generation_history
  for select to authenticated using (user_id = (select auth.uid()));
create policy "generation_history: insert own" on public.generation_history
  for insert to authenticated
  with check (user_id = (select auth.uid())
              and (composition_id is null
                   or exists (select 1 from public.compositions c where c.id = composition_id)));

-- ---------------------------------------------------------------------------------------------
-- composition_popularity: per (kind, inputs_hash), maintained by a trigger on successful
-- generations. trend_score decays with a 72 h time constant and gains 1 per generation:
--   trend = trend * exp(-(hours since last generation) / 72) + 1
-- Holds no inputs (only their hash), so every signed-in user may read it.
-- ---------------------------------------------------------------------------------------------
create table public.composition_popularity (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  inputs_hash text not null,
  generation_count integer not null default 0 check (generation_count >= 0),
  unique_users_count integer not null default 0 check (unique_users_count >= 0),
  last_generated timestamptz not null default now(),
  trend_score double precision not null default 0,
  constraint composition_popularity_key unique (kind, inputs_hash)
);
create index composition_popularity_trend_idx
  on public.composition_popularity (trend_score desc, generation_count desc);

alter table public.composition_popularity enable row level security;
create policy "composition_popularity: signed-in users read" on public.composition_popularity
  for select to authenticated using (true);

create or replace function private.track_generation_popularity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_users integer;
begin
  if not new.success then
    return null;
  end if;
  select count(distinct g.user_id) into v_users
  from public.generation_history g
  where g.kind = new.kind and g.inputs_hash = new.inputs_hash and g.success;

  insert into public.composition_popularity as p
    (kind, inputs_hash, generation_count, unique_users_count, last_generated, trend_score)
  values (new.kind, new.inputs_hash, 1, greatest(v_users, 1), new.created_at, 1)
  on conflict (kind, inputs_hash) do update
    set generation_count = p.generation_count + 1,
        unique_users_count = greatest(v_users, 1),
        trend_score = p.trend_score
                      * exp(-greatest(extract(epoch from (excluded.last_generated - p.last_generated)), 0)
                            / (72 * 3600.0))
                      + 1,
        last_generated = greatest(p.last_generated, excluded.last_generated);
  return null;
end;
$$;

create trigger generation_history_track_popularity
  after insert on public.generation_history
  for each row execute function private.track_generation_popularity();

-- ---------------------------------------------------------------------------------------------
-- composition_interactions: like | bookmark | fork, unique per user/composition/type. Users add
-- likes and bookmarks on compositions they can see; a fork row is written when a composition is
-- saved with parent_id. like_count / fork_count are maintained by triggers.
-- ---------------------------------------------------------------------------------------------
create table public.composition_interactions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  composition_id uuid not null references public.compositions (id) on delete cascade,
  interaction_type text not null check (interaction_type in ('like', 'bookmark', 'fork')),
  created_at timestamptz not null default now(),
  constraint composition_interactions_unique unique (user_id, composition_id, interaction_type)
);
create index composition_interactions_user_type_idx
  on public.composition_interactions (user_id, interaction_type);
create index composition_interactions_composition_idx
  on public.composition_interactions (composition_id, interaction_type);

alter table public.composition_interactions enable row level security;
create policy "composition_interactions: read own" on public.composition_interactions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "composition_interactions: like or bookmark visible compositions"
  on public.composition_interactions
  for insert to authenticated
  with check (user_id = (select auth.uid())
              and interaction_type in ('like', 'bookmark')
              and exists (select 1 from public.compositions c where c.id = composition_id));
create policy "composition_interactions: remove own" on public.composition_interactions
  for delete to authenticated using (user_id = (select auth.uid()));

create or replace function private.maintain_interaction_counters()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.composition_interactions;
  d integer;
begin
  if tg_op = 'INSERT' then r := new; d := 1; else r := old; d := -1; end if;
  if r.interaction_type = 'like' then
    update public.compositions c set like_count = greatest(c.like_count + d, 0)
    where c.id = r.composition_id;
  elsif r.interaction_type = 'fork' then
    update public.compositions c set fork_count = greatest(c.fork_count + d, 0)
    where c.id = r.composition_id;
  end if;
  return null;
end;
$$;

create trigger composition_interactions_counters
  after insert or delete on public.composition_interactions
  for each row execute function private.maintain_interaction_counters();

create or replace function private.record_fork()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.parent_id is not null then
    insert into public.composition_interactions (user_id, composition_id, interaction_type)
    values (new.user_id, new.parent_id, 'fork')
    on conflict (user_id, composition_id, interaction_type) do nothing;
  end if;
  return null;
end;
$$;

create trigger compositions_record_fork
  after insert on public.compositions
  for each row execute function private.record_fork();

-- A fork must start from a composition the caller can see.
create or replace function private.compositions_check_parent_visible()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.parent_id is not null
     and (tg_op = 'INSERT' or new.parent_id is distinct from old.parent_id)
     and current_user in ('anon', 'authenticated')
     and not exists (select 1 from public.compositions c where c.id = new.parent_id) then
    raise exception 'parent composition not found' using errcode = '23503';
  end if;
  return new;
end;
$$;

create trigger compositions_check_parent_visible
  before insert or update of parent_id on public.compositions
  for each row execute function private.compositions_check_parent_visible();

-- Downloads: anyone signed in who can see the composition counts one download.
create or replace function public.record_composition_download(p_composition_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_count integer;
begin
  update public.compositions c
  set download_count = c.download_count + 1
  where c.id = p_composition_id
    and (v_uid is null
         or c.user_id = v_uid
         or c.is_public
         or (c.organization_id is not null and private.org_role(c.organization_id) is not null))
  returning c.download_count into v_count;
  return v_count;
end;
$$;
