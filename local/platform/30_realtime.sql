-- Local platform layer, part 4: the `realtime` schema objects that Supabase Realtime creates in
-- every project database, with the same names and signatures (checked against supabase/realtime's
-- tenant migrations): realtime.messages, realtime.topic(), realtime.send(...),
-- realtime.broadcast_changes(...). Idempotent: applied on every start.
--
-- As hosted: realtime.messages is partitioned by day on inserted_at with primary key
-- (id, inserted_at); the Realtime service creates the days' partitions (here: this file for
-- yesterday to three days ahead, and local/realtime/partitions.ts daily), and a send into a
-- missing partition only warns.
--
-- Differences from hosted Supabase, all local-only:
--   * no binary_payload column / send_binary(): nothing in this project uses them.
--   * an AFTER INSERT trigger NOTIFYs channel `realtime_messages`, so the local realtime server
--     can fan messages out (hosted Realtime reads the table through logical replication instead).

create schema if not exists realtime;
grant usage on schema realtime to postgres, anon, authenticated, service_role;
-- The Realtime service's role creates the days' partitions of realtime.messages.
grant usage, create on schema realtime to supabase_realtime_admin;

do $$
begin
  if to_regclass('realtime.messages') is null then
    create table realtime.messages (
      topic text not null,
      extension text not null,
      payload jsonb,
      event text,
      private boolean default false,
      updated_at timestamp without time zone default now() not null,
      inserted_at timestamp without time zone default now() not null,
      id uuid default gen_random_uuid() not null,
      primary key (id, inserted_at)
    ) partition by range (inserted_at);
  elsif (select relkind from pg_class where oid = 'realtime.messages'::regclass) <> 'p' then
    -- A cluster made before the table was partitioned: its policies came from migrations that
    -- will not run again, so it is left as it is. `npm run db:reset` makes it as hosted.
    raise warning 'realtime.messages is not partitioned by day as on hosted Supabase: run npm run db:reset';
  end if;
end
$$;
create index if not exists messages_inserted_at_topic_index
  on realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;

alter table realtime.messages enable row level security;
alter table realtime.messages owner to supabase_realtime_admin;
grant all on realtime.messages to postgres, service_role, supabase_realtime_admin;
grant select, insert, update on realtime.messages to anon, authenticated;
-- Hosted Supabase lets `postgres` create and drop policies on realtime.messages, which it does
-- not own, through supautils' `policy_grants`. Without supautils, membership in the owning role
-- is the nearest local equivalent (and what hosted Supabase itself did until 2025).
grant supabase_realtime_admin to postgres;

-- The days' partitions, named as the Realtime service names them (messages_2026_11_22).
do $$
declare
  d date;
begin
  if (select relkind from pg_class where oid = 'realtime.messages'::regclass) <> 'p' then
    return;
  end if;
  for d in select generate_series(current_date - 1, current_date + 3, interval '1 day')::date loop
    execute format(
      'create table if not exists realtime.%I partition of realtime.messages for values from (%L) to (%L)',
      'messages_' || to_char(d, 'YYYY_MM_DD'), d, d + 1);
    execute format('alter table realtime.%I owner to supabase_realtime_admin',
      'messages_' || to_char(d, 'YYYY_MM_DD'));
  end loop;
end
$$;

create or replace function realtime.topic() returns text
language sql stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text;
$$;

-- Broadcast a message to `topic` from the database. Adds payload.id when missing, sets
-- realtime.topic for the transaction, inserts with extension 'broadcast', and never aborts the
-- caller's transaction: errors become a WARNING (as on Supabase).
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    if payload ? 'id' then
      final_payload := payload;
    else
      final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
    end if;

    execute format('set local realtime.topic to %L', topic);

    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception
    when others then
      raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end;
$$;

-- Broadcast a row change: payload {old_record, record, operation, table, schema}.
create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void
language plpgsql
as $$
declare
  row_data jsonb := '{}'::jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation = 'INSERT' or operation = 'UPDATE' or operation = 'DELETE' then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
                                   'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation type: %', operation;
  end if;
exception
  when others then
    raise exception 'Failed to process the row: %', sqlerrm;
end;
$$;

alter function realtime.topic() owner to supabase_realtime_admin;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
alter function realtime.broadcast_changes(text, text, text, text, text, record, record, text)
  owner to supabase_realtime_admin;
grant execute on function realtime.topic() to postgres, anon, authenticated, service_role;
grant execute on function realtime.send(jsonb, text, text, boolean) to postgres, service_role;
grant execute on function realtime.broadcast_changes(text, text, text, text, text, record, record, text)
  to postgres, service_role;

-- Local only: fan-out hook for the local realtime server. pg_notify payloads are limited to 8000
-- bytes, so a message whose JSON exceeds 7900 bytes is announced without its payload (the server
-- then reads the row by id).
create or replace function realtime.local_notify_message() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  body text;
begin
  body := json_build_object('id', new.id, 'topic', new.topic, 'event', new.event,
                            'private', new.private, 'extension', new.extension,
                            'payload', new.payload)::text;
  if octet_length(body) > 7900 then
    body := json_build_object('id', new.id, 'topic', new.topic, 'event', new.event,
                              'private', new.private, 'extension', new.extension,
                              'truncated', true)::text;
  end if;
  perform pg_notify('realtime_messages', body);
  return null;
end;
$$;
alter function realtime.local_notify_message() owner to supabase_realtime_admin;
revoke all on function realtime.local_notify_message() from public;

drop trigger if exists local_notify_message on realtime.messages;
create trigger local_notify_message
  after insert on realtime.messages
  for each row execute function realtime.local_notify_message();
