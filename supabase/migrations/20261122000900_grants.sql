-- Privileges, in one place. RLS decides which rows; these grants decide which operations reach
-- RLS at all. Supabase's default privileges give anon/authenticated/service_role everything on
-- new objects in `public`, and PUBLIC may execute every new function, so narrow them here.

-- ---------------------------------------------------------------------------------------------
-- Functions: nobody by default; then exactly who needs each one.
-- ---------------------------------------------------------------------------------------------
revoke execute on all functions in schema public from public, anon, authenticated, service_role;
revoke execute on all functions in schema private from public, anon, authenticated, service_role;

-- used inside RLS policies (evaluated as the querying role)
grant execute on function public.is_admin() to authenticated, service_role;
grant execute on function private.org_role(uuid) to authenticated, service_role;
grant execute on function private.event_role(uuid) to authenticated, service_role;
grant execute on function private.can_receive_topic(text) to authenticated, service_role;
grant execute on function private.can_manage_ai_configuration(uuid, uuid) to authenticated, service_role;
-- called by security-invoker triggers, column defaults and functions that run as the caller
-- (trigger functions themselves need no EXECUTE grant: it is checked when a trigger is created)
grant execute on function private.redact_pii(jsonb) to authenticated, service_role;
grant execute on function private.redact_pii_text(text) to authenticated, service_role;
grant execute on function private.default_preferences() to authenticated, service_role;
grant execute on function public.tier_limits(text) to authenticated, service_role;

-- user-facing RPCs
grant execute on function public.record_conversation_feedback(uuid, boolean) to authenticated;
grant execute on function public.get_effective_ai_config(uuid) to authenticated, service_role;
grant execute on function public.set_ai_provider_key(uuid, text) to authenticated, service_role;
grant execute on function public.consume_generation_quota(uuid) to authenticated, service_role;
grant execute on function public.record_composition_download(uuid) to authenticated, service_role;
grant execute on function public.delete_my_data() to authenticated;
grant execute on function public.export_my_data() to authenticated;

-- system RPCs (functions layer with the service role, pg_cron as the owner)
grant execute on function public.insight_cache_get(uuid, text, text) to service_role;
grant execute on function public.insight_cache_put(uuid, text, text, jsonb, integer) to service_role;
grant execute on function public.notify_deadlines_approaching(interval) to service_role;
grant execute on function public.get_ai_provider_key(uuid) to service_role;
grant execute on function public.consume_rate_limit(text, integer, integer) to service_role;
grant execute on function public.claim_idempotency_key(uuid, text, text, text, integer) to service_role;
grant execute on function public.complete_idempotency_key(uuid, text, text, integer, jsonb, jsonb) to service_role;
grant execute on function public.release_idempotency_key(uuid, text, text) to service_role;
grant execute on function public.purge_expired() to service_role;

-- ---------------------------------------------------------------------------------------------
-- Tables. TRUNCATE, REFERENCES and TRIGGER bypass or sidestep RLS: no API role keeps them.
-- anon reads only the public composition gallery.
-- ---------------------------------------------------------------------------------------------
do $$
declare
  t text;
begin
  foreach t in array array[
    'organizations', 'organization_members', 'assistant_conversations', 'assistant_insights',
    'user_preferences', 'analytics_events', 'samples', 'events', 'event_members', 'event_tasks',
    'event_staff', 'gallery_assets', 'shot_list_items', 'ai_configurations',
    'configuration_audit_log', 'maintenance_operations', 'profiles', 'compositions',
    'generation_history', 'composition_popularity', 'composition_interactions',
    'rate_limit_buckets', 'idempotency_keys']
  loop
    execute format('revoke all on table public.%I from anon', t);
    execute format('revoke truncate, references, trigger on table public.%I from authenticated, service_role', t);
  end loop;
end
$$;
grant select on table public.compositions to anon;

-- immutable logs: nobody updates or deletes them through the API (not even the service role);
-- the audit log is written only by its triggers
revoke update, delete on table public.assistant_conversations from authenticated, service_role;
revoke insert, update, delete on table public.configuration_audit_log from authenticated;
revoke update, delete on table public.configuration_audit_log from service_role;
revoke update, delete on table public.generation_history from authenticated;
revoke update, delete on table public.analytics_events from authenticated;

-- written by the service role / triggers only
revoke insert, update, delete on table public.assistant_insights from authenticated;
revoke insert, update, delete on table public.composition_popularity from authenticated;
revoke insert, update, delete on table public.idempotency_keys from authenticated;
revoke all on table public.rate_limit_buckets from authenticated;
revoke update, delete on table public.maintenance_operations from authenticated;
revoke update on table public.composition_interactions from authenticated;

-- profiles: users read their own and may change their name; tier and counters are not theirs
revoke insert, update, delete on table public.profiles from authenticated;
grant update (full_name) on table public.profiles to authenticated;
