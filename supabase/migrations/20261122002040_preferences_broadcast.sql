-- Settings changed on one device appear on the user's others: a change of user_preferences is
-- broadcast on the private topic preferences:<userId>, which only that user may receive. Tabs of
-- one browser also hear it over a BroadcastChannel; this reaches the other devices.

create or replace function private.can_receive_topic(p_topic text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_scope text := split_part(p_topic, ':', 1);
  v_id text := split_part(p_topic, ':', 2);
begin
  if v_uid is null or p_topic is null
     or v_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
     or p_topic <> v_scope || ':' || v_id then
    return false;
  end if;
  if v_scope in ('samples', 'assets', 'preferences') then
    return v_id::uuid = v_uid;
  elsif v_scope = 'events' then
    return private.event_role(v_id::uuid) is not null;
  end if;
  return false;
end;
$$;

create or replace function private.broadcast_preferences_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.broadcasts_suppressed() then
    return null;
  end if;
  perform realtime.send(
    jsonb_build_object('type', 'preferences_changed', 'userId', new.user_id,
                       'updatedAt', new.updated_at),
    'preferences_changed',
    'preferences:' || new.user_id::text,
    true);
  return null;
end;
$$;
revoke all on function private.broadcast_preferences_change() from public, anon, authenticated;

create trigger user_preferences_broadcast
  after update on public.user_preferences
  for each row execute function private.broadcast_preferences_change();
