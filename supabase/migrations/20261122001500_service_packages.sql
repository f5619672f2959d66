-- Recommendations (issue 10): the catalogue of production service packages the recommendations
-- function scores, and the invalidation of cached recommendations.
--
-- The catalogue is product reference data, not demo data: it is seeded here so that every
-- project (hosted included) has it, where supabase/seed.sql only runs on local stacks. Signed-in
-- users read the active packages; nobody writes through the API but the service role (and the
-- owner, through migrations).
--
-- Cached recommendations live in the analyzers' cache (assistant_insights, insight_type
-- 'recommendations', context_id '<recommendationType>:<digest of the input>', 5 minutes). They
-- are dropped when what they were computed from changes:
--   samples, gallery assets, shot list  -> the owner's recommendations (the existing trigger
--                                          function, with type 'recommendations')
--   events, tasks, staff, members       -> the recommendations of the event's owner and members
--                                          (and of a member added or removed)
--   the catalogue                       -> every user's package recommendations
--   analytics_events                    -> the user's feature recommendations (a feature used for
--                                          the first time is no longer "not used yet")

create table public.service_packages (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
  name text not null check (length(name) between 1 and 200),
  description text not null default '' check (length(description) <= 2000),
  price numeric(10, 2) not null check (price >= 0),
  currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  lead_time_days integer not null check (lead_time_days between 0 and 365),
  -- sample categories it serves (lower case, as producers name them: 'outerwear', 'jewelry'),
  -- or the kind of event ('runway', 'presentation')
  categories text[] not null check (cardinality(categories) between 1 and 30),
  includes text[] not null default '{}' check (cardinality(includes) <= 30),
  -- bookings in the last 12 months
  popularity integer not null default 0 check (popularity >= 0),
  -- for event packages: the crew size (required headcount) it is built for; null for shoots
  crew_min integer check (crew_min >= 0),
  crew_max integer check (crew_max >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint service_packages_crew_range check (
    (crew_min is null) = (crew_max is null) and (crew_min is null or crew_min <= crew_max))
);
comment on table public.service_packages is
  'Production service packages the recommendations function scores. Read: signed-in users (active ones); write: service role.';
comment on column public.service_packages.popularity is 'Bookings in the last 12 months.';
comment on column public.service_packages.crew_min is
  'Event packages: the smallest crew (required headcount) the package is built for; null for shoot packages.';

create trigger service_packages_set_updated_at before update on public.service_packages
  for each row execute function private.set_updated_at();

alter table public.service_packages enable row level security;
create policy "service_packages: signed-in users read the active catalogue" on public.service_packages
  for select to authenticated using (active);

-- New tables start with no grants (default privileges): open exactly what is needed.
grant select on table public.service_packages to authenticated;
grant select, insert, update, delete on table public.service_packages to service_role;

insert into public.service_packages
  (slug, name, description, price, lead_time_days, categories, includes, popularity, crew_min, crew_max)
values
  ('express-garment-courier', 'Express garment courier (EU, 48 h)',
   'Door-to-door collection and delivery of garment samples between showrooms, studios and sets.',
   450, 2, array['outerwear', 'dresses', 'knitwear', 'tailoring', 'denim'],
   array['collection from the lender', 'delivery within 48 h in the EU', 'live tracking', 'insurance up to EUR 10,000'],
   320, null, null),
  ('small-goods-courier', 'Same-day small-goods courier',
   'Same-day city courier for shoes, bags and jewelry, in sealed pouches.',
   280, 1, array['footwear', 'bags', 'jewelry', 'accessories'],
   array['same-day city delivery', 'sealed pouches', 'insurance up to EUR 50,000'],
   210, null, null),
  ('on-set-wardrobe-care', 'On-set wardrobe care (one day)',
   'Two wardrobe assistants keep every look steamed, railed and repaired on set.',
   900, 3, array['dresses', 'tailoring', 'outerwear', 'knitwear'],
   array['2 wardrobe assistants', '4 rails and hangers', 'steamers', 'repair kit'],
   260, null, null),
  ('fine-jewelry-handling', 'Fine jewelry handler and security',
   'A certified handler and a guard for high-value pieces, with a chain-of-custody log.',
   1200, 5, array['jewelry', 'accessories'],
   array['certified handler', 'security guard', 'secure cases', 'chain-of-custody log'],
   90, null, null),
  ('footwear-bags-styling', 'Footwear and bags styling day',
   'An accessories stylist preps, protects and styles shoes and bags for the camera.',
   1100, 4, array['footwear', 'bags', 'accessories'],
   array['accessories stylist', 'sole protection', 'stuffing and props'],
   140, null, null),
  ('ecommerce-packshot-day', 'E-commerce packshot day (up to 80 looks)',
   'Studio day for on-model or flat packshots with basic retouching.',
   2400, 7, array['dresses', 'tailoring', 'knitwear', 'denim', 'outerwear'],
   array['photographer', 'digital technician', 'white-cyclorama studio', 'basic retouching'],
   280, null, null),
  ('editorial-shoot-production', 'Editorial shoot production',
   'A producer books crew, location and permits and runs the shoot day.',
   8500, 21, array['outerwear', 'dresses', 'tailoring', 'knitwear', 'jewelry', 'accessories'],
   array['producer', 'location scouting', 'permits', 'crew booking', 'catering'],
   120, null, null),
  ('sample-returns-customs', 'Sample returns and customs (ATA carnet)',
   'Consolidated returns to every lender, with carnet paperwork and condition reports.',
   650, 5, array['outerwear', 'dresses', 'knitwear', 'tailoring', 'denim', 'footwear', 'bags', 'jewelry', 'accessories'],
   array['returns consolidation', 'ATA carnet paperwork', 'condition reports'],
   180, null, null),
  ('showroom-presentation-crew', 'Showroom presentation crew (up to 6)',
   'A small crew for a presentation or re-see: dressers, a host and a stage manager.',
   2900, 10, array['presentation'],
   array['dressers', 'host', 'stage manager', 'rails and steamers'],
   110, 1, 6),
  ('runway-backstage-crew', 'Runway backstage crew (up to 15)',
   'Backstage team for a runway show: dressers, model wranglers and a backstage manager.',
   6800, 14, array['runway'],
   array['dressers', 'model wranglers', 'backstage manager', 'rails and steamers'],
   150, 5, 15),
  ('runway-hair-makeup-team', 'Hair and makeup team for shows',
   'Lead hair and makeup artists with assistants and kits for a runway or presentation.',
   4200, 10, array['runway', 'presentation'],
   array['lead hair artist', 'lead makeup artist', 'assistants', 'kits'],
   160, 4, 12),
  ('full-runway-production', 'Full runway show production (20+ crew)',
   'End-to-end show production: producer, lighting and sound, seating, security and backstage.',
   32000, 45, array['runway'],
   array['show producer', 'lighting and sound', 'seating and security', 'backstage crew', 'run-of-show management'],
   40, 20, 80);

-- ---------------------------------------------------------------------------------------------
-- Invalidation of cached recommendations
-- ---------------------------------------------------------------------------------------------
--
-- The triggers below find the entries to drop through the cache's key index: the users are
-- gathered into an array first, and `user_id = any (array)` is an index scan of
-- assistant_insights_key (user_id, insight_type, context_id). Written as `user_id in (subquery)`
-- (and, for events, three such conditions joined by OR), the planner hashes the users and scans
-- all of assistant_insights: on every batch of analytics rows and every task, staff or member
-- change, a scan of every user's cache.

-- Samples, gallery assets and the shot list are their owner's: the existing trigger function
-- drops the owner's entries of the type it is given (and ignores updates that change nothing).
create trigger samples_invalidate_recommendations
  after insert or update or delete on public.samples
  for each row execute function private.invalidate_owner_insights('recommendations');
create trigger gallery_assets_invalidate_recommendations
  after insert or update or delete on public.gallery_assets
  for each row execute function private.invalidate_owner_insights('recommendations');
create trigger shot_list_items_invalidate_recommendations
  after insert or update or delete on public.shot_list_items
  for each row execute function private.invalidate_owner_insights('recommendations');

-- An event's work is in the recommendations of its owner and of every member; a member added
-- or removed gains or loses the event. Security definer: users cannot delete insights.
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
revoke all on function private.invalidate_event_recommendations() from public, anon, authenticated, service_role;

create trigger events_invalidate_recommendations
  after insert or update or delete on public.events
  for each row execute function private.invalidate_event_recommendations();
create trigger event_tasks_invalidate_recommendations
  after insert or update or delete on public.event_tasks
  for each row execute function private.invalidate_event_recommendations();
create trigger event_staff_invalidate_recommendations
  after insert or update or delete on public.event_staff
  for each row execute function private.invalidate_event_recommendations();
create trigger event_members_invalidate_recommendations
  after insert or update or delete on public.event_members
  for each row execute function private.invalidate_event_recommendations();

-- A changed catalogue changes every package recommendation. Rare: once per statement.
create or replace function private.invalidate_package_recommendations()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.assistant_insights i
  where i.insight_type = 'recommendations' and i.context_id like 'packages:%';
  return null;
end;
$$;
revoke all on function private.invalidate_package_recommendations() from public, anon, authenticated, service_role;

create trigger service_packages_invalidate_recommendations
  after insert or update or delete or truncate on public.service_packages
  for each statement execute function private.invalidate_package_recommendations();

-- Feature recommendations list what a user has not used yet, read from analytics_events. The
-- rows the recommendations function records about itself are left out, or every answer would
-- drop its own cache entry when its analytics row is written. Once per statement: analytics
-- arrive in batches of up to 500 rows.
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
revoke all on function private.invalidate_feature_recommendations() from public, anon, authenticated, service_role;

create trigger analytics_events_invalidate_feature_recommendations
  after insert on public.analytics_events
  referencing new table as inserted
  for each statement execute function private.invalidate_feature_recommendations();
