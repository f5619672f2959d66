-- composition_popularity's unique_users_count without counting every row of the key: the
-- trigger counted distinct users over all of a key's generation_history rows on each insert,
-- so the cost of a generation grew with how popular its inputs were (compose logs every call,
-- cache hits included: a hot key reached milliseconds a call, serialized on the key's row).
-- Now the users who generated a key are kept once each in private.composition_popularity_users,
-- and a user counts when their row is new: one primary-key probe, exact under concurrency and
-- within one statement of several rows (the second insert of a pair is the conflict).

create table private.composition_popularity_users (
  kind text not null,
  inputs_hash text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  primary key (kind, inputs_hash, user_id)
);
comment on table private.composition_popularity_users is
  'Who generated each (kind, inputs_hash) successfully: composition_popularity.unique_users_count.';
create index composition_popularity_users_user_idx on private.composition_popularity_users (user_id);
alter table private.composition_popularity_users enable row level security;
revoke all on table private.composition_popularity_users from public, anon, authenticated,
  service_role;

insert into private.composition_popularity_users (kind, inputs_hash, user_id)
select distinct g.kind, g.inputs_hash, g.user_id from public.generation_history g where g.success
on conflict do nothing;

create or replace function private.track_generation_popularity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_new_user integer := 0;
begin
  if not new.success then
    return null;
  end if;
  insert into private.composition_popularity_users (kind, inputs_hash, user_id)
  values (new.kind, new.inputs_hash, new.user_id)
  on conflict do nothing;
  if found then
    v_new_user := 1;
  end if;
  insert into public.composition_popularity as p
    (kind, inputs_hash, generation_count, unique_users_count, last_generated, trend_score)
  values (new.kind, new.inputs_hash, 1, v_new_user, new.created_at, 1)
  on conflict (kind, inputs_hash) do update
    set generation_count = p.generation_count + 1,
        unique_users_count = p.unique_users_count + v_new_user,
        trend_score = p.trend_score
                      * exp(-greatest(extract(epoch from (excluded.last_generated - p.last_generated)), 0)
                            / (72 * 3600.0))
                      + 1,
        last_generated = greatest(p.last_generated, excluded.last_generated);
  return null;
end;
$$;

-- Erasure (delete_my_data removes the history): who generated what goes with it.
create or replace function private.forget_owned_compositions()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.composition_cache c
  where c.owner_id in (select distinct o.user_id from forgotten o);
  delete from private.composition_popularity_users u
  where u.user_id in (select distinct o.user_id from forgotten o);
  return null;
end;
$$;
