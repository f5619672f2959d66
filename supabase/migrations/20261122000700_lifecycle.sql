-- Account lifecycle and privacy: rows created on signup, delete_my_data(), export_my_data(),
-- purge_expired(), and the pg_cron schedules (only where pg_cron is installed).

-- ---------------------------------------------------------------------------------------------
-- Signup: preferences and profile rows for every new auth.users row.
-- ---------------------------------------------------------------------------------------------
create or replace function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.user_preferences (user_id) values (new.id)
  on conflict (user_id) do nothing;
  insert into public.profiles (id, email, full_name)
  values (new.id, new.email,
          left(coalesce(new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'name'), 200))
  on conflict (id) do nothing;
  return null;
end;
$$;

create trigger on_auth_user_created_fashionos
  after insert on auth.users
  for each row execute function private.handle_new_user();

-- ---------------------------------------------------------------------------------------------
-- delete_my_data(): removes every row the caller owns (GDPR erasure). Rows of other people that
-- merely mention the caller keep existing without the reference (task assignee, audit `changed_by`,
-- organization creator, maintenance initiator). The auth account itself is left to Supabase Auth
-- (auth.admin.deleteUser cascades the rest). Returns the number of rows removed per table.
-- ---------------------------------------------------------------------------------------------
create or replace function public.delete_my_data()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_result jsonb := '{}'::jsonb;
  n bigint;
begin
  if v_uid is null then
    raise exception 'authentication required' using errcode = '42501';
  end if;
  -- no realtime echo of the data being erased
  perform set_config('fashionos.suppress_broadcasts', 'on', true);

  delete from public.assistant_conversations where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('assistant_conversations', n);
  delete from public.assistant_insights where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('assistant_insights', n);
  delete from public.analytics_events where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('analytics_events', n);
  delete from public.samples where owner_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('samples', n);
  delete from public.events where owner_id = v_uid;   -- cascades members, tasks, staff
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('events', n);
  delete from public.event_members where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('event_members', n);
  update public.event_tasks set assignee_id = null where assignee_id = v_uid;
  delete from public.gallery_assets where owner_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('gallery_assets', n);
  delete from public.shot_list_items where owner_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('shot_list_items', n);
  delete from public.ai_configurations where user_id = v_uid;   -- and their vault secrets
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('ai_configurations', n);
  update public.ai_configurations set created_by = null where created_by = v_uid;
  delete from public.configuration_audit_log where owner_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('configuration_audit_log', n);
  update public.configuration_audit_log set changed_by = null where changed_by = v_uid;
  -- other people's audit rows keep no trace of the caller in their snapshots either
  update public.configuration_audit_log l
  set old_values = case when l.old_values ->> 'created_by' = v_uid::text
                        then jsonb_set(l.old_values, '{created_by}', 'null'::jsonb) else l.old_values end,
      new_values = case when l.new_values ->> 'created_by' = v_uid::text
                        then jsonb_set(l.new_values, '{created_by}', 'null'::jsonb) else l.new_values end
  where l.old_values ->> 'created_by' = v_uid::text or l.new_values ->> 'created_by' = v_uid::text;
  update public.maintenance_operations set initiated_by = null where initiated_by = v_uid;
  delete from public.composition_interactions where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('composition_interactions', n);
  delete from public.generation_history where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('generation_history', n);
  delete from public.compositions where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('compositions', n);
  delete from public.organization_members where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('organization_members', n);
  update public.organizations set created_by = null where created_by = v_uid;
  delete from public.idempotency_keys where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('idempotency_keys', n);
  delete from public.rate_limit_buckets where key like '%' || v_uid::text || '%';
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('rate_limit_buckets', n);
  delete from public.user_preferences where user_id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('user_preferences', n);
  delete from public.profiles where id = v_uid;
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('profiles', n);

  -- broadcasts already sent on the caller's own topics (kept ~3 days by Realtime)
  begin
    delete from realtime.messages m
    where m.topic in ('samples:' || v_uid::text, 'assets:' || v_uid::text);
  exception when others then
    raise warning 'delete_my_data: realtime.messages not cleaned: %', sqlerrm;
  end;
  return v_result;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- export_my_data(): everything the caller owns, as one JSON document. Security invoker: it reads
-- through the caller's own RLS, filtered to the caller's rows (admins get only their own too).
-- ---------------------------------------------------------------------------------------------
create or replace function public.export_my_data()
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null then
    raise exception 'authentication required' using errcode = '42501';
  end if;
  return jsonb_build_object(
    'exportedAt', now(),
    'userId', v_uid,
    'profile', (select to_jsonb(p) from public.profiles p where p.id = v_uid),
    'preferences', (select to_jsonb(p) from public.user_preferences p where p.user_id = v_uid),
    'conversations', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at)
                               from public.assistant_conversations c where c.user_id = v_uid), '[]'),
    'insights', coalesce((select jsonb_agg(to_jsonb(i) order by i.calculated_at)
                          from public.assistant_insights i where i.user_id = v_uid), '[]'),
    'analyticsEvents', coalesce((select jsonb_agg(to_jsonb(a) order by a.created_at)
                                 from public.analytics_events a where a.user_id = v_uid), '[]'),
    'samples', coalesce((select jsonb_agg(to_jsonb(s) order by s.created_at)
                         from public.samples s where s.owner_id = v_uid), '[]'),
    'events', coalesce((select jsonb_agg(to_jsonb(e) || jsonb_build_object(
                          'tasks', coalesce((select jsonb_agg(to_jsonb(t) order by t.created_at)
                                             from public.event_tasks t where t.event_id = e.id), '[]'),
                          'staff', coalesce((select jsonb_agg(to_jsonb(st) order by st.created_at)
                                             from public.event_staff st where st.event_id = e.id), '[]'),
                          'members', coalesce((select jsonb_agg(to_jsonb(m))
                                               from public.event_members m where m.event_id = e.id), '[]'))
                          order by e.starts_at)
                        from public.events e where e.owner_id = v_uid), '[]'),
    'eventMemberships', coalesce((select jsonb_agg(to_jsonb(m))
                                  from public.event_members m where m.user_id = v_uid), '[]'),
    'galleryAssets', coalesce((select jsonb_agg(to_jsonb(g) order by g.created_at)
                               from public.gallery_assets g where g.owner_id = v_uid), '[]'),
    'shotListItems', coalesce((select jsonb_agg(to_jsonb(s) order by s.created_at)
                               from public.shot_list_items s where s.owner_id = v_uid), '[]'),
    'aiConfigurations', coalesce((select jsonb_agg(to_jsonb(c) - 'api_key_secret_id' order by c.created_at)
                                  from public.ai_configurations c where c.user_id = v_uid), '[]'),
    'configurationAuditLog', coalesce((select jsonb_agg(to_jsonb(l) order by l.changed_at)
                                       from public.configuration_audit_log l
                                       where l.owner_id = v_uid or l.changed_by = v_uid), '[]'),
    'compositions', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at)
                              from public.compositions c where c.user_id = v_uid), '[]'),
    'generationHistory', coalesce((select jsonb_agg(to_jsonb(g) order by g.created_at)
                                   from public.generation_history g where g.user_id = v_uid), '[]'),
    'compositionInteractions', coalesce((select jsonb_agg(to_jsonb(i) order by i.created_at)
                                         from public.composition_interactions i
                                         where i.user_id = v_uid), '[]'),
    'organizationMemberships', coalesce((select jsonb_agg(to_jsonb(m))
                                         from public.organization_members m
                                         where m.user_id = v_uid), '[]'),
    'idempotencyKeys', coalesce((select jsonb_agg(to_jsonb(k) - 'response_body' - 'response_headers')
                                 from public.idempotency_keys k where k.user_id = v_uid), '[]'));
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- purge_expired(): conversations older than each user's retention (90 days without preferences),
-- expired insights and idempotency keys, rate buckets whose window ended over an hour ago.
-- Logged in maintenance_operations. Service role / pg_cron only.
-- ---------------------------------------------------------------------------------------------
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
  delete from public.idempotency_keys where expires_at <= now();
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('idempotency_keys', n);
  delete from public.rate_limit_buckets
  where window_start + make_interval(secs => window_seconds) < now() - interval '1 hour';
  get diagnostics n = row_count; v_result := v_result || jsonb_build_object('rate_limit_buckets', n);

  insert into public.maintenance_operations
    (operation_type, started_at, completed_at, duration_ms, status, initiated_by, options)
  values ('PURGE', v_started, clock_timestamp(),
          (extract(epoch from (clock_timestamp() - v_started)) * 1000)::integer,
          'completed', null, jsonb_build_object('deleted', v_result));
  return v_result;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Schedules, where pg_cron exists (hosted Supabase: enable it in Database > Extensions, then
-- re-run this block; the local stack may call the RPCs on a timer instead).
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select from pg_extension where extname = 'pg_cron') then
    perform cron.schedule('fashionos-deadline-approaching', '*/5 * * * *',
                          'select public.notify_deadlines_approaching()');
    perform cron.schedule('fashionos-purge-expired', '17 3 * * *',
                          'select public.purge_expired()');
  end if;
end
$$;
