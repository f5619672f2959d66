-- Recommendations (issue 10): the invalidation triggers of 20261122001500 find the entries to
-- drop through the cache's key index. Written as `user_id in (subquery)` (and, for events, three
-- such conditions joined by OR), the planner hashed the users and scanned all of
-- assistant_insights: on every batch of analytics rows and every task, staff or member change,
-- a scan of every user's cache. `user_id = any (array)` is an index scan of
-- assistant_insights_key (user_id, insight_type, context_id).

create or replace function private.invalidate_event_recommendations()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_events uuid[];
  v_users uuid[] := '{}';
begin
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - 'updated_at' - 'deadline_notified_at')
       = (to_jsonb(old) - 'updated_at' - 'deadline_notified_at') then
    return null;
  end if;
  if tg_table_name = 'events' then
    v_events := array[(case when tg_op = 'DELETE' then old.id else new.id end)];
    v_users := array[(case when tg_op = 'DELETE' then old.owner_id else new.owner_id end),
                     (case when tg_op = 'UPDATE' then old.owner_id end)];
  else
    v_events := array[(case when tg_op = 'DELETE' then old.event_id else new.event_id end),
                      (case when tg_op = 'UPDATE' then old.event_id end)];
    if tg_table_name = 'event_members' then
      v_users := array[(case when tg_op = 'DELETE' then old.user_id else new.user_id end),
                       (case when tg_op = 'UPDATE' then old.user_id end)];
    end if;
  end if;
  -- The event's owner and members, besides the users the row names.
  v_users := v_users
    || array(select e.owner_id from public.events e where e.id = any (v_events))
    || array(select m.user_id from public.event_members m where m.event_id = any (v_events));
  delete from public.assistant_insights i
  where i.user_id = any (v_users)
    and i.insight_type = 'recommendations';
  return null;
end;
$$;

create or replace function private.invalidate_feature_recommendations()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.assistant_insights i
  where i.user_id = any (array(select distinct n.user_id from inserted n
                               where (n.event_data ->> 'function') is distinct from 'recommendations'))
    and i.insight_type = 'recommendations'
    and i.context_id like 'features:%';
  return null;
end;
$$;
