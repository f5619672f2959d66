-- Security hardening, part 3 (issue 7, finding 2): an AI configuration holds only the settings
-- get_effective_ai_config knows, within the settings document's ranges
-- (settings-administration-module.md, AIConfiguration). No base URL, no system prompt: the
-- provider's URL comes from the environment, never from a row another user could write.
--
-- Keys (all optional at the top level; a nested object, when present, has exactly its keys,
-- because get_effective_ai_config merges top-level keys and a partial object would replace the
-- default's whole object):
--   provider            string, ^[a-z][a-z0-9_-]{0,39}$ (as the provider column)
--   model               string, ^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$
--   temperature         number 0..1          maxTokens   integer 1..4096
--   topP                number 0..1          streaming   boolean
--   rateLimiting        requestsPerMinute integer 1..10000, concurrentRequests integer 1..100,
--                       burstAllowance integer 0..1000
--   retryStrategy       maxRetries integer 0..10, backoffType exponential|linear|fixed,
--                       baseDelay integer ms 0..60000, maxDelay integer ms 0..600000 >= baseDelay
--   costBudget          dailyBudget number (USD) 0..1000000, weeklyBudget >= dailyBudget,
--                       monthlyBudget >= weeklyBudget (same bounds), alertThresholds: at most 5
--                       numbers 0..1
--   timeouts            generationTimeout, connectionTimeout, totalRequestTimeout: integer ms
--                       1..600000, totalRequestTimeout >= each of the other two
-- The silent ones (the document gives no bounds) are chosen as generous sanity limits.

create or replace function private.ai_configuration_errors(p_config jsonb)
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  e text[] := '{}';
  k text;
  v jsonb;
  r record;
begin
  if p_config is null or jsonb_typeof(p_config) <> 'object' then
    return array['configuration: must be an object'];
  end if;
  for k in select jsonb_object_keys(p_config) loop
    if k not in ('provider', 'model', 'temperature', 'maxTokens', 'topP', 'streaming',
                 'rateLimiting', 'retryStrategy', 'costBudget', 'timeouts') then
      e := e || format('%s: unknown setting', k);
    end if;
  end loop;

  for r in select * from (values
      ('rateLimiting', array['burstAllowance', 'concurrentRequests', 'requestsPerMinute']),
      ('retryStrategy', array['backoffType', 'baseDelay', 'maxDelay', 'maxRetries']),
      ('costBudget', array['alertThresholds', 'dailyBudget', 'monthlyBudget', 'weeklyBudget']),
      ('timeouts', array['connectionTimeout', 'generationTimeout', 'totalRequestTimeout'])
    ) as o(name, keys)
  loop
    v := p_config -> r.name;
    if v is null then
      continue;
    elsif jsonb_typeof(v) <> 'object' then
      e := e || format('%s: must be an object', r.name);
    elsif (select array_agg(x order by x) from jsonb_object_keys(v) x) is distinct from r.keys then
      e := e || format('%s: must have exactly the keys %s', r.name, array_to_string(r.keys, ', '));
    end if;
  end loop;

  for r in select * from (values
      (array['temperature'], false, 0, 1),
      (array['maxTokens'], true, 1, 4096),
      (array['topP'], false, 0, 1),
      (array['rateLimiting', 'requestsPerMinute'], true, 1, 10000),
      (array['rateLimiting', 'concurrentRequests'], true, 1, 100),
      (array['rateLimiting', 'burstAllowance'], true, 0, 1000),
      (array['retryStrategy', 'maxRetries'], true, 0, 10),
      (array['retryStrategy', 'baseDelay'], true, 0, 60000),
      (array['retryStrategy', 'maxDelay'], true, 0, 600000),
      (array['costBudget', 'dailyBudget'], false, 0, 1000000),
      (array['costBudget', 'weeklyBudget'], false, 0, 1000000),
      (array['costBudget', 'monthlyBudget'], false, 0, 1000000),
      (array['timeouts', 'generationTimeout'], true, 1, 600000),
      (array['timeouts', 'connectionTimeout'], true, 1, 600000),
      (array['timeouts', 'totalRequestTimeout'], true, 1, 600000)
    ) as s(path, whole, lo, hi)
  loop
    v := p_config #> r.path;
    if v is not null and not coalesce(
         case when jsonb_typeof(v) = 'number'
              then v::numeric between r.lo and r.hi and (not r.whole or v::numeric = trunc(v::numeric))
         end, false) then
      e := e || format('%s: must be %s from %s to %s', array_to_string(r.path, '.'),
                       case when r.whole then 'an integer' else 'a number' end, r.lo, r.hi);
    end if;
  end loop;

  if p_config ? 'provider' and not coalesce(
       jsonb_typeof(p_config -> 'provider') = 'string'
       and (p_config ->> 'provider') ~ '^[a-z][a-z0-9_-]{0,39}$', false) then
    e := e || 'provider: must be a lowercase name of at most 40 characters'::text;
  end if;
  if p_config ? 'model' and not coalesce(
       jsonb_typeof(p_config -> 'model') = 'string'
       and (p_config ->> 'model') ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$', false) then
    e := e || 'model: must be a model name of at most 100 characters'::text;
  end if;
  if p_config ? 'streaming' and jsonb_typeof(p_config -> 'streaming') <> 'boolean' then
    e := e || 'streaming: must be a boolean'::text;
  end if;
  if jsonb_typeof(p_config -> 'retryStrategy') = 'object'
     and (p_config #> '{retryStrategy,backoffType}') is not null
     and not coalesce((p_config #> '{retryStrategy,backoffType}')
                        in ('"exponential"', '"linear"', '"fixed"'), false) then
    e := e || 'retryStrategy.backoffType: must be exponential, linear or fixed'::text;
  end if;
  if jsonb_typeof(p_config -> 'costBudget') = 'object'
     and (p_config #> '{costBudget,alertThresholds}') is not null
     and not coalesce(
       jsonb_typeof(p_config #> '{costBudget,alertThresholds}') = 'array'
       and jsonb_array_length(p_config #> '{costBudget,alertThresholds}') <= 5
       and (select bool_and(jsonb_typeof(t) = 'number'
                            and case when jsonb_typeof(t) = 'number'
                                     then t::numeric between 0 and 1 end)
            from jsonb_array_elements(p_config #> '{costBudget,alertThresholds}') t) is not false,
       false) then
    e := e || 'costBudget.alertThresholds: must be at most 5 numbers from 0 to 1'::text;
  end if;

  -- orderings, once every number is known to be one
  if cardinality(e) = 0 then
    if (p_config #>> '{retryStrategy,maxDelay}')::numeric < (p_config #>> '{retryStrategy,baseDelay}')::numeric then
      e := e || 'retryStrategy.maxDelay: must be at least baseDelay'::text;
    end if;
    if (p_config #>> '{costBudget,weeklyBudget}')::numeric < (p_config #>> '{costBudget,dailyBudget}')::numeric then
      e := e || 'costBudget.weeklyBudget: must be at least dailyBudget'::text;
    end if;
    if (p_config #>> '{costBudget,monthlyBudget}')::numeric < (p_config #>> '{costBudget,weeklyBudget}')::numeric then
      e := e || 'costBudget.monthlyBudget: must be at least weeklyBudget'::text;
    end if;
    if (p_config #>> '{timeouts,totalRequestTimeout}')::numeric
       < greatest((p_config #>> '{timeouts,generationTimeout}')::numeric,
                  (p_config #>> '{timeouts,connectionTimeout}')::numeric) then
      e := e || 'timeouts.totalRequestTimeout: must be at least generationTimeout and connectionTimeout'::text;
    end if;
  end if;
  return e;
end;
$$;
comment on function private.ai_configuration_errors(jsonb) is
  'What is wrong with an AI configuration document (empty: valid). Used by a CHECK on ai_configurations.';
-- A CHECK runs its function with the privileges of whoever writes the row.
grant execute on function private.ai_configuration_errors(jsonb) to authenticated, service_role;

-- Rows written before the check: settings nobody knows (a base URL, a system prompt) are
-- dropped; a row still out of range stops the migration with its id, for a person to decide.
update public.ai_configurations c
set configuration = (select coalesce(jsonb_object_agg(x.key, x.value), '{}'::jsonb)
                     from jsonb_each(c.configuration) x
                     where x.key in ('provider', 'model', 'temperature', 'maxTokens', 'topP',
                                     'streaming', 'rateLimiting', 'retryStrategy', 'costBudget',
                                     'timeouts'))
where cardinality(private.ai_configuration_errors(c.configuration)) > 0;

do $$
declare
  v_bad text;
begin
  select string_agg(c.id::text || ' (' || array_to_string(private.ai_configuration_errors(c.configuration), '; ') || ')', ', ')
  into v_bad
  from public.ai_configurations c
  where cardinality(private.ai_configuration_errors(c.configuration)) > 0;
  if v_bad is not null then
    raise exception 'ai_configurations rows out of range: %', v_bad
      using hint = 'Fix or delete these rows, then apply the migration again.';
  end if;
end
$$;

alter table public.ai_configurations
  add constraint ai_configurations_configuration_valid
  check (cardinality(private.ai_configuration_errors(configuration)) = 0);
