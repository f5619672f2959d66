-- Settings and administration (settings-administration-module.md): AI configurations (a user's or
-- an organization's, never both), one append-only audit log for preference and AI-configuration
-- changes, maintenance operations, and AI provider keys kept in Supabase Vault.

-- ---------------------------------------------------------------------------------------------
-- ai_configurations
-- ---------------------------------------------------------------------------------------------
create table public.ai_configurations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete cascade,
  config_name text not null check (length(config_name) between 1 and 255),
  configuration jsonb not null default '{}'::jsonb check (jsonb_typeof(configuration) = 'object'),
  provider text not null default 'anthropic' check (provider ~ '^[a-z][a-z0-9_-]{0,39}$'),
  api_key_secret_id uuid,
  is_active boolean not null default true,
  priority integer not null default 0,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_configurations_user_or_org_check check (
    (user_id is not null and organization_id is null)
    or (user_id is null and organization_id is not null)),
  constraint ai_configurations_user_config_name_unique unique (user_id, config_name),
  constraint ai_configurations_org_config_name_unique unique (organization_id, config_name)
);
comment on column public.ai_configurations.api_key_secret_id is
  'vault.secrets id of the provider API key (set_ai_provider_key); the key never sits in this table.';
create index ai_configurations_created_by_idx on public.ai_configurations (created_by);
create index ai_configurations_active_idx on public.ai_configurations (is_active) where is_active;
create index ai_configurations_configuration_gin on public.ai_configurations using gin (configuration);

create trigger ai_configurations_set_updated_at
  before update on public.ai_configurations
  for each row execute function private.set_updated_at();

-- Who may change a configuration: its user, or an owner/admin of its organization.
create or replace function private.can_manage_ai_configuration(p_user_id uuid, p_organization_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select case
    when p_user_id is not null then p_user_id = (select auth.uid())
    when p_organization_id is not null then private.org_role(p_organization_id) in ('owner', 'admin')
    else false
  end;
$$;

alter table public.ai_configurations enable row level security;
create policy "ai_configurations: own and organization's" on public.ai_configurations
  for select to authenticated
  using (user_id = (select auth.uid())
         or (organization_id is not null and private.org_role(organization_id) is not null));
create policy "ai_configurations: insert own or as org admin" on public.ai_configurations
  for insert to authenticated
  with check (private.can_manage_ai_configuration(user_id, organization_id)
              and (created_by is null or created_by = (select auth.uid())));
create policy "ai_configurations: update own or as org admin" on public.ai_configurations
  for update to authenticated
  using (private.can_manage_ai_configuration(user_id, organization_id))
  with check (private.can_manage_ai_configuration(user_id, organization_id));
create policy "ai_configurations: delete own or as org admin" on public.ai_configurations
  for delete to authenticated
  using (private.can_manage_ai_configuration(user_id, organization_id));

-- ---------------------------------------------------------------------------------------------
-- configuration_audit_log: append-only. Rows are written only by the audit triggers below
-- (security definer); the API roles may read (own/organization's) and nothing else.
-- owner_id: whose configuration changed (null for an organization's); changed_by: who changed it
-- (null when the service role did, e.g. a system reset). change_reason comes from the
-- transaction setting `fashionos.change_reason` when the caller sets it.
-- ---------------------------------------------------------------------------------------------
create table public.configuration_audit_log (
  id uuid primary key default gen_random_uuid(),
  config_type text not null check (config_type in ('user_preference', 'ai_config')),
  config_id uuid not null,
  action text not null check (action in ('created', 'updated', 'deleted')),
  owner_id uuid references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete cascade,
  changed_by uuid references auth.users (id) on delete set null,
  changed_at timestamptz not null default now(),
  old_values jsonb,
  new_values jsonb,
  change_reason text,
  client_ip inet,
  user_agent text
);
comment on table public.configuration_audit_log is
  'Append-only audit of user_preferences and ai_configurations changes (old/new values, who, when, reason).';
create index configuration_audit_log_config_idx
  on public.configuration_audit_log (config_type, config_id, changed_at desc);
create index configuration_audit_log_owner_idx on public.configuration_audit_log (owner_id, changed_at desc);
create index configuration_audit_log_org_idx on public.configuration_audit_log (organization_id);
create index configuration_audit_log_changed_by_idx on public.configuration_audit_log (changed_by);
create index configuration_audit_log_changed_at_idx on public.configuration_audit_log (changed_at desc);

alter table public.configuration_audit_log enable row level security;
create policy "configuration_audit_log: own, organization admins', admins all"
  on public.configuration_audit_log
  for select to authenticated
  using (owner_id = (select auth.uid())
         or changed_by = (select auth.uid())
         or (organization_id is not null and private.org_role(organization_id) in ('owner', 'admin'))
         or (select public.is_admin()));

create or replace function private.audit_context(out v_actor uuid, out v_reason text, out v_ip inet, out v_agent text)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_headers jsonb;
begin
  v_actor := (select auth.uid());
  v_reason := nullif(current_setting('fashionos.change_reason', true), '');
  begin
    v_headers := nullif(current_setting('request.headers', true), '')::jsonb;
    v_ip := nullif(split_part(coalesce(v_headers ->> 'x-forwarded-for', ''), ',', 1), '')::inet;
  exception when others then
    v_ip := null;
  end;
  v_agent := left(v_headers ->> 'user-agent', 500);
end;
$$;

create or replace function private.audit_user_preferences()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ctx record;
begin
  if (to_jsonb(new) - 'updated_at') = (to_jsonb(old) - 'updated_at') then
    return null;
  end if;
  select * into ctx from private.audit_context();
  insert into public.configuration_audit_log
    (config_type, config_id, action, owner_id, changed_by, old_values, new_values,
     change_reason, client_ip, user_agent)
  values ('user_preference', new.user_id, 'updated', new.user_id,
          case when ctx.v_actor is not null
                    and exists (select 1 from auth.users u where u.id = ctx.v_actor)
               then ctx.v_actor end,
          to_jsonb(old), to_jsonb(new), ctx.v_reason, ctx.v_ip, ctx.v_agent);
  return null;
end;
$$;

create trigger user_preferences_audit
  after update on public.user_preferences
  for each row execute function private.audit_user_preferences();

create or replace function private.audit_ai_configurations()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ctx record;
  r public.ai_configurations;
begin
  r := case when tg_op = 'DELETE' then old else new end;
  if tg_op = 'UPDATE' and (to_jsonb(new) - 'updated_at') = (to_jsonb(old) - 'updated_at') then
    return null;
  end if;
  -- erasing a creator (delete_my_data) is not a configuration change
  if tg_op = 'UPDATE' and new.created_by is null and old.created_by is not null
     and (to_jsonb(new) - 'updated_at' - 'created_by') = (to_jsonb(old) - 'updated_at' - 'created_by') then
    return null;
  end if;
  select * into ctx from private.audit_context();
  insert into public.configuration_audit_log
    (config_type, config_id, action, owner_id, organization_id, changed_by,
     old_values, new_values, change_reason, client_ip, user_agent)
  values ('ai_config', r.id,
          case tg_op when 'INSERT' then 'created' when 'UPDATE' then 'updated' else 'deleted' end,
          r.user_id,
          -- an organization being deleted takes its log with it (cascade); do not reference it
          case when exists (select 1 from public.organizations o where o.id = r.organization_id)
               then r.organization_id end,
          case when ctx.v_actor is not null
                    and exists (select 1 from auth.users u where u.id = ctx.v_actor)
               then ctx.v_actor end,
          case when tg_op <> 'INSERT' then to_jsonb(old) end,
          case when tg_op <> 'DELETE' then to_jsonb(new) end,
          ctx.v_reason, ctx.v_ip, ctx.v_agent);
  return null;
end;
$$;

create trigger ai_configurations_audit
  after insert or update or delete on public.ai_configurations
  for each row execute function private.audit_ai_configurations();

-- ---------------------------------------------------------------------------------------------
-- AI provider keys in Supabase Vault. set_ai_provider_key: the config's user or an org owner/admin
-- stores (or rotates) the key; get_ai_provider_key: the service role reads it to call the model.
-- Deleting a configuration deletes its secret.
-- ---------------------------------------------------------------------------------------------
create or replace function public.set_ai_provider_key(p_config_id uuid, p_api_key text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  cfg public.ai_configurations;
  v_secret uuid;
begin
  select * into cfg from public.ai_configurations c where c.id = p_config_id for update;
  if not found
     or ((select auth.uid()) is not null
         and not private.can_manage_ai_configuration(cfg.user_id, cfg.organization_id)) then
    raise exception 'AI configuration not found' using errcode = 'P0002';
  end if;
  if p_api_key is null or length(p_api_key) < 8 or length(p_api_key) > 500 then
    raise exception 'invalid API key' using errcode = '22023';
  end if;
  if cfg.api_key_secret_id is not null
     and exists (select 1 from vault.secrets s where s.id = cfg.api_key_secret_id) then
    perform vault.update_secret(cfg.api_key_secret_id, p_api_key);
    v_secret := cfg.api_key_secret_id;
  else
    v_secret := vault.create_secret(p_api_key, 'ai_configuration:' || cfg.id::text,
                                    'AI provider key of configuration ' || cfg.id::text);
    update public.ai_configurations c set api_key_secret_id = v_secret where c.id = cfg.id;
  end if;
  return v_secret;
end;
$$;

create or replace function public.get_ai_provider_key(p_config_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select d.decrypted_secret
  from public.ai_configurations c
  join vault.decrypted_secrets d on d.id = c.api_key_secret_id
  where c.id = p_config_id;
$$;

create or replace function private.delete_ai_configuration_secret()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.api_key_secret_id is not null then
    delete from vault.secrets s where s.id = old.api_key_secret_id;
  end if;
  return null;
end;
$$;

create trigger ai_configurations_delete_secret
  after delete on public.ai_configurations
  for each row execute function private.delete_ai_configuration_secret();

-- Effective configuration, with the fallback chain user -> organization -> defaults. Security
-- invoker: reads only what the caller may read (the service role may pass any user id).
create or replace function public.get_effective_ai_config(p_user_id uuid default null)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_uid uuid := coalesce(p_user_id, (select auth.uid()));
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
  select c.id, c.configuration, c.provider, c.api_key_secret_id is not null as has_key into v_org
  from public.ai_configurations c
  join public.organization_members m on m.organization_id = c.organization_id and m.user_id = v_uid
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

-- ---------------------------------------------------------------------------------------------
-- maintenance_operations: database maintenance log (VACUUM, ANALYZE, REINDEX, PURGE), for admins.
-- ---------------------------------------------------------------------------------------------
create table public.maintenance_operations (
  id uuid primary key default gen_random_uuid(),
  operation_type text not null
    check (operation_type in ('VACUUM', 'ANALYZE', 'REINDEX', 'VACUUM FULL', 'PURGE')),
  table_name text,
  index_name text,
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  duration_ms integer check (duration_ms >= 0),
  status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed')),
  initiated_by uuid default auth.uid() references auth.users (id) on delete set null,
  error_message text,
  options jsonb,
  created_at timestamptz not null default now()
);
create index maintenance_operations_table_idx on public.maintenance_operations (table_name);
create index maintenance_operations_type_idx on public.maintenance_operations (operation_type);
create index maintenance_operations_status_idx on public.maintenance_operations (status);
create index maintenance_operations_started_idx on public.maintenance_operations (started_at desc);
create index maintenance_operations_initiated_by_idx on public.maintenance_operations (initiated_by);

alter table public.maintenance_operations enable row level security;
create policy "maintenance_operations: admins read" on public.maintenance_operations
  for select to authenticated using ((select public.is_admin()));
create policy "maintenance_operations: admins queue operations" on public.maintenance_operations
  for insert to authenticated
  with check ((select public.is_admin()) and initiated_by = (select auth.uid()));
