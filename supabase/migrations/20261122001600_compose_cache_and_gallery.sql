-- What the compose function needs beyond 20261122000500_compose.sql:
--
-- 1. private.composition_cache: the answers of POST /compose, keyed by kind and normalized
--    inputs (inputs_hash is computed exactly as generation_history's, so popularity and cache
--    rows meet on it). An entry is served for an hour; once its popularity reaches 10
--    generations it is promoted (promoted_at) and served as prebuilt from then on. Entries
--    built from a user's stored rows (a run of show of a stored event, an e-mail about the
--    caller's late samples) carry owner_id: only that user is served them, and they are never
--    promoted. Only the service role (the compose function) reads or writes the table.
-- 2. The promotion, by a trigger on composition_popularity: the database counts generations,
--    so it decides when one has become common.
-- 3. The public gallery's search over name, description and tags, through a GIN index on the
--    public rows instead of a scan.

create table private.composition_cache (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind ~ '^[a-z][a-z0-9_]{0,63}$'),
  inputs jsonb not null check (jsonb_typeof(inputs) = 'object'),
  -- the same expression as generation_history.inputs_hash
  inputs_hash text generated always as (md5(kind || ':' || inputs::text)) stored,
  owner_id uuid references auth.users (id) on delete cascade,
  answer jsonb not null check (jsonb_typeof(answer) = 'object'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  promoted_at timestamptz,
  constraint composition_cache_key unique nulls not distinct (kind, inputs_hash, owner_id)
);
comment on table private.composition_cache is
  'POST /compose answers by (kind, inputs_hash, owner_id): cached for an hour, prebuilt once promoted.';
create index composition_cache_expires_idx on private.composition_cache (expires_at)
  where promoted_at is null;

alter table private.composition_cache enable row level security;
revoke all on table private.composition_cache from public, anon, authenticated;
grant select, insert, update, delete on table private.composition_cache to service_role;

-- A composition generated this many times is served as prebuilt.
create or replace function private.promote_popular_composition()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.generation_count >= 10 then
    update private.composition_cache c
    set promoted_at = now()
    where c.kind = new.kind and c.inputs_hash = new.inputs_hash
      and c.owner_id is null and c.promoted_at is null;
  end if;
  return null;
end;
$$;
revoke all on function private.promote_popular_composition() from public, anon, authenticated,
  service_role;

create trigger composition_popularity_promote
  after insert or update of generation_count on public.composition_popularity
  for each row execute function private.promote_popular_composition();

-- ---------------------------------------------------------------------------------------------
-- Gallery search. The document of a composition: name, description and tags, English stemming
-- (a search for "dress" finds "Dresses"). Immutable so that it can be indexed: array_to_string
-- is only stable in general (element output functions), but for text[] it cannot change.
-- ---------------------------------------------------------------------------------------------
create or replace function private.composition_search_document(
  p_name text, p_description text, p_tags text[]
)
returns tsvector
language sql
immutable
parallel safe
set search_path = ''
as $$
  select to_tsvector('english'::regconfig,
                     coalesce(p_name, '') || ' ' || coalesce(p_description, '') || ' '
                     || coalesce(pg_catalog.array_to_string(p_tags, ' '), ''));
$$;
revoke all on function private.composition_search_document(text, text, text[])
  from public, anon, authenticated, service_role;
grant execute on function private.composition_search_document(text, text, text[])
  to authenticated, service_role;

create index compositions_public_search_idx on public.compositions
  using gin (private.composition_search_document(name, description, tags))
  where is_public;
-- Gallery sorts over public rows (recent and likes have theirs since the compose migration).
create index compositions_public_downloads_idx on public.compositions (download_count desc, id)
  where is_public;

-- Entries built from a user's stored rows (sample names in an e-mail, an event's schedule) go
-- with that user's generation history: delete_my_data erases the history, and this the copies.
create or replace function private.forget_owned_compositions()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.composition_cache c
  where c.owner_id in (select distinct o.user_id from forgotten o);
  return null;
end;
$$;
revoke all on function private.forget_owned_compositions() from public, anon, authenticated,
  service_role;

create trigger generation_history_forget_owned_compositions
  after delete on public.generation_history
  referencing old table as forgotten
  for each statement execute function private.forget_owned_compositions();
