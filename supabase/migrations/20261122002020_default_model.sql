-- The default model moves to claude-sonnet-4-6. claude-sonnet-4-5-20250929 reaches its end of
-- life on 2026-11-30 (the Anthropic SDK 1.12 lists it as deprecated and warns on every request
-- that names it): a project that never chose a model would lose the model path that day and
-- answer from the rules only. The defaults get a function of their own, so the next change of
-- a default is one line, not a copy of get_effective_ai_config.

create or replace function private.default_ai_config()
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  return jsonb_build_object(
    'provider', 'anthropic',
    'model', 'claude-sonnet-4-6',
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
end;
$$;
comment on function private.default_ai_config() is
  'The AI configuration every layer starts from (get_effective_ai_config).';
revoke all on function private.default_ai_config() from public, anon;
grant execute on function private.default_ai_config() to authenticated, service_role;

-- Unchanged but for the defaults' source (20261122001010_organization_consent.sql).
create or replace function public.get_effective_ai_config(p_user_id uuid default null)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_caller uuid := (select auth.uid());
  v_uid uuid;
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

  return private.default_ai_config()
    || coalesce(v_org.configuration, '{}'::jsonb)
    || coalesce(v_user.configuration, '{}'::jsonb)
    || jsonb_build_object(
         'source', case when v_user.id is not null then 'user'
                        when v_org.id is not null then 'organization' else 'default' end,
         'configurationId', coalesce(v_user.id, v_org.id),
         'hasApiKey', coalesce(v_user.has_key, v_org.has_key, false));
end;
$$;
