-- Security hardening, part 1 (issue 7, finding 1): privileged functions trust only the system,
-- treat an unknown permission as "no", refuse with an error, and audit what they change; new
-- objects start closed.
--
-- Who is trusted: the service role, or a login with its privileges that has not taken on an API
-- role (the migration owner running pg_cron jobs, a superuser at a psql prompt). An
-- `authenticated` caller without `sub` is a stranger, not the system. The caller is read from
-- the role the transaction runs as (PostgREST and the functions layer `set role`), not from the
-- JWT claims, which are only a setting.

-- ---------------------------------------------------------------------------------------------
-- New objects start closed. Supabase's defaults grant everything on new tables, sequences and
-- functions in `public` to anon/authenticated/service_role, and PostgreSQL lets PUBLIC execute
-- every new function in every schema; from here on each migration grants what it means to.
-- ---------------------------------------------------------------------------------------------
alter default privileges for role postgres in schema public
  revoke all on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke all on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  revoke all on functions from anon, authenticated, service_role;
alter default privileges for role postgres
  revoke execute on functions from public;

-- ---------------------------------------------------------------------------------------------
-- The caller, as the database enforces it
-- ---------------------------------------------------------------------------------------------
create or replace function private.calling_role()
returns text
language sql
stable
set search_path = ''
as $$
  -- `role` is what `set [local] role` chose; security definer does not change it
  select coalesce(nullif(current_setting('role', true), 'none'), session_user::text);
$$;
comment on function private.calling_role() is
  'The role the caller runs as: the role set for the transaction, else the login role.';

create or replace function private.is_trusted_caller()
returns boolean
language sql
stable
set search_path = ''
as $$
  select private.calling_role() not in ('anon', 'authenticated')
     and coalesce(pg_has_role(private.calling_role(), 'service_role', 'usage'), false);
$$;
comment on function private.is_trusted_caller() is
  'True for the service role and logins with its privileges (owner, pg_cron); never for anon/authenticated.';

-- security invoker functions ask too (the answer reveals nothing)
revoke all on function private.calling_role() from public, anon;
revoke all on function private.is_trusted_caller() from public, anon;
grant execute on function private.calling_role() to authenticated, service_role;
grant execute on function private.is_trusted_caller() to authenticated, service_role;

-- The permission predicate itself answers no, never null (a non-member's org_role is null, and
-- `not null` is null: that is how set_ai_provider_key let strangers through).
create or replace function private.can_manage_ai_configuration(p_user_id uuid, p_organization_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(case
    when p_user_id is not null then p_user_id = (select auth.uid())
    when p_organization_id is not null then private.org_role(p_organization_id) in ('owner', 'admin')
    else false
  end, false);
$$;

-- ---------------------------------------------------------------------------------------------
-- AI provider keys. set_ai_provider_key: the configuration's user, or an owner/admin of its
-- organization (a null answer from the permission check is a no); the system may set any.
-- Every call that stores a key writes one audit row: who, which configuration, never the key.
-- ---------------------------------------------------------------------------------------------
create or replace function public.set_ai_provider_key(p_config_id uuid, p_api_key text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_trusted boolean := private.is_trusted_caller();
  v_uid uuid := (select auth.uid());
  cfg public.ai_configurations;
  v_had_key boolean;
  v_secret uuid;
  ctx record;
begin
  if not v_trusted and v_uid is null then
    raise exception 'authentication required' using errcode = '42501';
  end if;
  select * into cfg from public.ai_configurations c where c.id = p_config_id for update;
  -- a configuration the caller cannot even read does not exist for them
  if not found
     or (v_trusted
         or cfg.user_id = v_uid
         or (cfg.organization_id is not null
             and private.org_role(cfg.organization_id) is not null)) is not true then
    raise exception 'AI configuration not found' using errcode = 'P0002';
  end if;
  if not v_trusted
     and private.can_manage_ai_configuration(cfg.user_id, cfg.organization_id) is not true then
    raise exception 'only the configuration''s user or an organization owner/admin may set its key'
      using errcode = '42501';
  end if;
  if p_api_key is null or length(p_api_key) < 8 or length(p_api_key) > 500 then
    raise exception 'invalid API key' using errcode = '22023';
  end if;

  v_had_key := cfg.api_key_secret_id is not null
               and exists (select 1 from vault.secrets s where s.id = cfg.api_key_secret_id);
  if v_had_key then
    perform vault.update_secret(cfg.api_key_secret_id, p_api_key);
    v_secret := cfg.api_key_secret_id;
  else
    v_secret := vault.create_secret(p_api_key, 'ai_configuration:' || cfg.id::text,
                                    'AI provider key of configuration ' || cfg.id::text);
    -- audited below, not by the row trigger (which ignores api_key_secret_id-only changes)
    update public.ai_configurations c set api_key_secret_id = v_secret where c.id = cfg.id;
  end if;

  select * into ctx from private.audit_context();
  insert into public.configuration_audit_log
    (config_type, config_id, action, owner_id, organization_id, changed_by,
     old_values, new_values, change_reason, client_ip, user_agent)
  values ('ai_config', cfg.id, 'updated', cfg.user_id, cfg.organization_id,
          case when v_uid is not null and exists (select 1 from auth.users u where u.id = v_uid)
               then v_uid end,
          jsonb_build_object('apiKey', case when v_had_key then 'set' else 'none' end),
          jsonb_build_object('apiKey', case when v_had_key then 'replaced' else 'set' end),
          coalesce(ctx.v_reason, 'provider key ' || case when v_had_key then 'replaced' else 'set' end),
          ctx.v_ip, ctx.v_agent);
  return v_secret;
end;
$$;

-- The key itself: the system only (the grant says so too; this holds if a grant ever slips).
create or replace function public.get_ai_provider_key(p_config_id uuid)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_trusted_caller() then
    raise exception 'provider keys are readable by the service role only' using errcode = '42501';
  end if;
  return (select d.decrypted_secret
          from public.ai_configurations c
          join vault.decrypted_secrets d on d.id = c.api_key_secret_id
          where c.id = p_config_id);
end;
$$;

-- A key change is audited by set_ai_provider_key (without the secret's id churn twice).
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
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - 'updated_at' - 'api_key_secret_id')
       = (to_jsonb(old) - 'updated_at' - 'api_key_secret_id') then
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

-- Users never write api_key_secret_id: pointing one's own configuration at another's secret
-- would spend that key, and deleting the configuration would delete the secret with it.
revoke insert, update on table public.ai_configurations from authenticated;
grant insert (id, user_id, organization_id, config_name, configuration, provider, is_active,
              priority, created_by)
  on table public.ai_configurations to authenticated;
grant update (config_name, configuration, provider, is_active, priority)
  on table public.ai_configurations to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Generation quota: users consume their own; only the system names a user.
-- ---------------------------------------------------------------------------------------------
create or replace function public.consume_generation_quota(p_user_id uuid default null)
returns table (allowed boolean, used integer, monthly_limit integer, resets_on date)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller uuid := (select auth.uid());
  v_uid uuid;
  v_month date := (date_trunc('month', now()))::date;
  p public.profiles;
  v_used integer;
begin
  if private.is_trusted_caller() then
    v_uid := coalesce(p_user_id, v_caller);
  elsif v_caller is null then
    raise exception 'authentication required' using errcode = '42501';
  elsif p_user_id is not null and p_user_id <> v_caller then
    raise exception 'cannot consume another user''s quota' using errcode = '42501';
  else
    v_uid := v_caller;
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
-- Downloads: a signed-in user counts one on a composition they can see; anything else is
-- "not found" (existence of a private composition does not leak).
-- ---------------------------------------------------------------------------------------------
create or replace function public.record_composition_download(p_composition_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_trusted boolean := private.is_trusted_caller();
  v_uid uuid := (select auth.uid());
  v_count integer;
begin
  if not v_trusted and v_uid is null then
    raise exception 'authentication required' using errcode = '42501';
  end if;
  update public.compositions c
  set download_count = c.download_count + 1
  where c.id = p_composition_id
    and (v_trusted
         or c.user_id = v_uid
         or c.is_public
         or (c.organization_id is not null and private.org_role(c.organization_id) is not null))
  returning c.download_count into v_count;
  if not found then
    raise exception 'composition not found' using errcode = 'P0002';
  end if;
  return v_count;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Feedback on one's own conversation; another user's (or no such) row is "not found".
-- ---------------------------------------------------------------------------------------------
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
  if not found then
    raise exception 'conversation not found' using errcode = 'P0002';
  end if;
  return true;
end;
$$;
comment on function public.record_conversation_feedback(uuid, boolean) is
  'Sets `helpful` on one of the caller''s conversation rows; P0002 when the caller has no such row.';

-- The grants of the replaced functions are kept by `create or replace`; restate the new ones.
revoke all on function public.get_ai_provider_key(uuid) from public, anon, authenticated;
grant execute on function public.get_ai_provider_key(uuid) to service_role;
