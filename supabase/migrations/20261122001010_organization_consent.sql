-- Security hardening, part 2 (issue 7, finding 2): membership needs the member's consent.
-- An owner or admin adding someone to organization_members now makes an invitation: a row with
-- accepted_at null, which grants nothing (org_role ignores it) and applies nothing (the
-- organization's AI configuration reaches only accepted members). The invitee accepts with
-- accept_organization_invitation(org), or declines by deleting the row (the existing "leave"
-- policy). The organization's creator is its accepted owner, as before.
--
-- Existing rows: the creator's stays accepted; every other row becomes a pending invitation,
-- since nothing recorded whether its member agreed (the hole let anyone add anyone).

alter table public.organization_members
  add column accepted_at timestamptz;
comment on column public.organization_members.accepted_at is
  'When the member accepted the invitation; null: invited, not a member yet (grants nothing).';

update public.organization_members m
set accepted_at = m.joined_at
from public.organizations o
where o.id = m.organization_id and o.created_by = m.user_id;

create index organization_members_pending_idx on public.organization_members (user_id)
  where accepted_at is null;

-- The caller's role in an organization: accepted memberships only.
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
    and m.user_id = (select auth.uid())
    and m.accepted_at is not null;
$$;

create or replace function private.add_org_creator_as_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.organization_members (organization_id, user_id, role, accepted_at)
    values (new.id, new.created_by, 'owner', now())
    on conflict (organization_id, user_id) do update
      set role = 'owner', accepted_at = coalesce(public.organization_members.accepted_at, now());
  end if;
  return null;
end;
$$;

-- Owners and admins invite (pending rows only: accepted_at is not theirs to write) and change
-- roles; nobody moves a row to another user or organization.
drop policy "organization_members: owners and admins add" on public.organization_members;
create policy "organization_members: owners and admins invite" on public.organization_members
  for insert to authenticated
  with check (private.org_role(organization_id) in ('owner', 'admin') and accepted_at is null);
revoke insert, update on table public.organization_members from authenticated;
grant insert (organization_id, user_id, role) on table public.organization_members to authenticated;
grant update (role) on table public.organization_members to authenticated;

-- The invitee's consent. P0002 when the caller has no pending invitation to that organization.
create or replace function public.accept_organization_invitation(p_organization_id uuid)
returns public.organization_members
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  m public.organization_members;
begin
  if v_uid is null then
    raise exception 'authentication required' using errcode = '42501';
  end if;
  update public.organization_members om
  set accepted_at = now(), joined_at = now()
  where om.organization_id = p_organization_id
    and om.user_id = v_uid
    and om.accepted_at is null
  returning om.* into m;
  if not found then
    raise exception 'invitation not found' using errcode = 'P0002';
  end if;
  return m;
end;
$$;
comment on function public.accept_organization_invitation(uuid) is
  'The caller accepts their pending invitation to an organization; P0002 when there is none.';
grant execute on function public.accept_organization_invitation(uuid) to authenticated;

-- Effective AI configuration: only organizations the user accepted; callers other than the
-- system ask for themselves only.
create or replace function public.get_effective_ai_config(p_user_id uuid default null)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_caller uuid := (select auth.uid());
  v_uid uuid;
  v_default jsonb := jsonb_build_object(
    'provider', 'anthropic',
    'model', 'claude-sonnet-4-5-20250929',
    'temperature', 0.7,
    'maxTokens', 4096,
    'topP', 0.9,
    'streaming', false,
    'rateLimiting', jsonb_build_object(
      'requestsPerMinute', 50, 'concurrentRequests', 3, 'burstAllowance', 10),
    'retryStrategy', jsonb_build_object(
      'maxRetries', 3, 'backoffType', 'exponential', 'baseDelay', 1000, 'maxDelay', 16000),
    'costBudget', jsonb_build_object(
      'dailyBudget', 100.0, 'weeklyBudget', 500.0, 'monthlyBudget', 2000.0,
      'alertThresholds', jsonb_build_array(0.5, 0.75, 0.9)),
    'timeouts', jsonb_build_object(
      'generationTimeout', 60000, 'connectionTimeout', 10000, 'totalRequestTimeout', 120000));
  v_org record;
  v_user record;
begin
  if private.is_trusted_caller() then
    v_uid := coalesce(p_user_id, v_caller);
  elsif v_caller is null then
    raise exception 'authentication required' using errcode = '42501';
  elsif p_user_id is not null and p_user_id <> v_caller then
    raise exception 'cannot read another user''s configuration' using errcode = '42501';
  else
    v_uid := v_caller;
  end if;

  select c.id, c.configuration, c.provider, c.api_key_secret_id is not null as has_key into v_org
  from public.ai_configurations c
  join public.organization_members m
    on m.organization_id = c.organization_id and m.user_id = v_uid and m.accepted_at is not null
  where c.is_active
  order by c.priority desc, c.updated_at desc
  limit 1;

  select c.id, c.configuration, c.provider, c.api_key_secret_id is not null as has_key into v_user
  from public.ai_configurations c
  where c.user_id = v_uid and c.is_active
  order by c.priority desc, c.updated_at desc
  limit 1;

  return v_default
    || coalesce(v_org.configuration, '{}'::jsonb)
    || coalesce(v_user.configuration, '{}'::jsonb)
    || jsonb_build_object(
         'source', case when v_user.id is not null then 'user'
                        when v_org.id is not null then 'organization' else 'default' end,
         'configurationId', coalesce(v_user.id, v_org.id),
         'hasApiKey', coalesce(v_user.has_key, v_org.has_key, false));
end;
$$;
