-- The daily purge (purge_expired, pg_cron) left expired compose answers behind: an entry of
-- private.composition_cache is served for an hour and then never again unless it was promoted,
-- so the table only grew. The purge now deletes entries past their hour that were not promoted
-- (the partial index composition_cache_expires_idx covers exactly those); a promoted entry is
-- served as prebuilt for good and stays, and an owner's entries still go with the owner.
create or replace function public.purge_expired()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_started timestamptz := clock_timestamp();
  v_result jsonb := '{}'::jsonb;
  n bigint;
begin
  delete from public.assistant_conversations c
  where c.created_at < now() - make_interval(days => coalesce(
          (select p.conversation_history_retention_days from public.user_preferences p
           where p.user_id = c.user_id), 90));
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('assistant_conversations', n);
  delete from public.assistant_insights where expires_at <= now();
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('assistant_insights', n);
  delete from private.composition_cache c where c.expires_at <= now() and c.promoted_at is null;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('composition_cache', n);
  delete from public.idempotency_keys where expires_at <= now();
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('idempotency_keys', n);
  delete from public.rate_limit_buckets
  where last_hit_at + make_interval(secs => window_seconds) < now() - interval '1 hour';
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('rate_limit_buckets', n);

  insert into public.maintenance_operations
    (operation_type, started_at, completed_at, duration_ms, status, initiated_by, options)
  values ('PURGE', v_started, clock_timestamp(),
          (extract(epoch from (clock_timestamp() - v_started)) * 1000)::integer,
          'completed', null, jsonb_build_object('deleted', v_result));
  return v_result;
end;
$$;
