-- Foundation: the `private` schema for helpers the API must not expose, the admin check, the
-- shared trigger helpers, and organizations (used by AI configurations and compositions).
--
-- Conventions of every migration in this project:
--   * every table has RLS enabled; policies are written per command and per role, one permissive
--     policy per (role, command), and call auth functions as `(select auth.uid())`;
--   * every function sets search_path; security definer only where a rule needs it, and execute is
--     granted narrowly in 20261122000900_grants.sql;
--   * nothing here creates roles or schemas that Supabase owns (auth, realtime, vault, extensions).

create schema if not exists private;
comment on schema private is
  'Helpers for policies and triggers. Not exposed through the Data API.';
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- Admin: the JWT's app_metadata.role = 'admin' (app_metadata is writable only by the service role).
create or replace function public.is_admin()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((select auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin';
$$;
comment on function public.is_admin() is
  'True when the caller''s JWT has app_metadata.role = ''admin''.';

create or replace function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- delete_my_data() sets this for its transaction so that mass deletions do not broadcast the
-- caller's data again on realtime topics.
create or replace function private.broadcasts_suppressed()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(current_setting('fashionos.suppress_broadcasts', true), '') = 'on';
$$;

-- ---------------------------------------------------------------------------------------------
-- Organizations (compose-platform-technical-requirements.md)
-- ---------------------------------------------------------------------------------------------
create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  tier text not null default 'team' check (tier in ('team', 'enterprise')),
  max_members integer not null default 10 check (max_members > 0),
  max_monthly_generations integer not null default 1000 check (max_monthly_generations >= 0),
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.organizations is 'Teams (enterprise); membership in organization_members.';
create index organizations_created_by_idx on public.organizations (created_by);

create table public.organization_members (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'admin', 'member')),
  joined_at timestamptz not null default now(),
  unique (organization_id, user_id)
);
create index organization_members_user_id_idx on public.organization_members (user_id);

-- The caller's role in an organization, or null. Security definer so that policies on
-- organizations and organization_members never query each other under RLS (no recursion).
create or replace function private.org_role(p_organization_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select m.role
  from public.organization_members m
  where m.organization_id = p_organization_id
    and m.user_id = (select auth.uid());
$$;

create or replace function private.add_org_creator_as_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.organization_members (organization_id, user_id, role)
    values (new.id, new.created_by, 'owner')
    on conflict (organization_id, user_id) do update set role = 'owner';
  end if;
  return null;
end;
$$;

create trigger organizations_set_updated_at
  before update on public.organizations
  for each row execute function private.set_updated_at();
create trigger organizations_add_creator
  after insert on public.organizations
  for each row execute function private.add_org_creator_as_owner();

alter table public.organizations enable row level security;
alter table public.organization_members enable row level security;

create policy "organizations: members read" on public.organizations
  for select to authenticated
  using (created_by = (select auth.uid()) or private.org_role(id) is not null);
create policy "organizations: users create their own" on public.organizations
  for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy "organizations: owners and admins update" on public.organizations
  for update to authenticated
  using (private.org_role(id) in ('owner', 'admin'))
  with check (private.org_role(id) in ('owner', 'admin'));
create policy "organizations: owners delete" on public.organizations
  for delete to authenticated
  using (private.org_role(id) = 'owner');

create policy "organization_members: members read the roster" on public.organization_members
  for select to authenticated
  using (user_id = (select auth.uid()) or private.org_role(organization_id) is not null);
create policy "organization_members: owners and admins add" on public.organization_members
  for insert to authenticated
  with check (private.org_role(organization_id) in ('owner', 'admin'));
create policy "organization_members: owners and admins change roles" on public.organization_members
  for update to authenticated
  using (private.org_role(organization_id) in ('owner', 'admin'))
  with check (private.org_role(organization_id) in ('owner', 'admin'));
create policy "organization_members: leave, or be removed by owners and admins"
  on public.organization_members
  for delete to authenticated
  using (user_id = (select auth.uid()) or private.org_role(organization_id) in ('owner', 'admin'));
