-- Demo data for a local stack (`supabase db push --include-seed`, `supabase db reset`).
-- One demo producer, demo@fashionos.local / demo-password-123, with a realistic shoot:
--   * 40 samples across 9 categories, a few hero pieces late for the shoot in 3 days;
--   * one runway event with 25 dependent tasks (setup / show / teardown) and staffing gaps;
--   * a shot list of 12 looks x 3 shot types and 60 gallery assets with gaps against it.
-- Dates are relative to now(), so the demo stays "live". Ids are deterministic
-- (md5(<label>)::uuid) so tests and demos can refer to rows.

-- ---------------------------------------------------------------------------------------------
-- The demo producer (an email/password user as Supabase Auth stores it)
-- ---------------------------------------------------------------------------------------------
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at
) values (
  '00000000-0000-0000-0000-000000000000',
  'd0d0d0d0-0000-4000-8000-00000000de01',
  'authenticated', 'authenticated', 'demo@fashionos.local',
  extensions.crypt('demo-password-123', extensions.gen_salt('bf')),
  now(),
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  '{"full_name": "Demo Producer"}'::jsonb,
  now(), now(), null
) on conflict (id) do nothing;

insert into auth.identities (
  id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at
) values (
  'd0d0d0d0-0000-4000-8000-00000000de02',
  'd0d0d0d0-0000-4000-8000-00000000de01',
  'd0d0d0d0-0000-4000-8000-00000000de01',
  jsonb_build_object('sub', 'd0d0d0d0-0000-4000-8000-00000000de01',
                     'email', 'demo@fashionos.local', 'email_verified', true),
  'email', null, now(), now()
) on conflict (provider_id, provider) do nothing;

-- Supabase Auth scans its token columns as strings: NULL there breaks sign-in on a real GoTrue
-- schema (which has more of them than the local one). Blank whichever exist.
do $$
declare
  c text;
begin
  for c in
    select column_name from information_schema.columns
    where table_schema = 'auth' and table_name = 'users'
      and column_name in ('confirmation_token', 'recovery_token', 'email_change_token_new',
                          'email_change_token_current', 'email_change', 'phone_change',
                          'phone_change_token', 'reauthentication_token')
  loop
    execute format('update auth.users set %I = coalesce(%I, %L) where id = %L',
                   c, c, '', 'd0d0d0d0-0000-4000-8000-00000000de01');
  end loop;
end
$$;

update public.user_preferences
set default_kit = 'logistics',
    favorite_actions = array['show_blockers', 'batch_returns', 'missing_shots'],
    preferences = preferences || jsonb_build_object(
      'brandKeywords', jsonb_build_array('editorial', 'minimal', 'tailored', 'monochrome'))
where user_id = 'd0d0d0d0-0000-4000-8000-00000000de01';

-- ---------------------------------------------------------------------------------------------
-- Samples: 40 pieces for a shoot in 3 days
-- ---------------------------------------------------------------------------------------------
insert into public.samples
  (id, owner_id, name, category, status, is_hero, look_id, designer, expected_at, shoot_date)
select
  md5('demo-sample-' || s.n)::uuid,
  'd0d0d0d0-0000-4000-8000-00000000de01',
  s.name, s.category, s.status, s.is_hero, s.look_id, s.designer,
  now() + make_interval(hours => s.expected_in_hours),
  current_date + 3
from (values
  ( 1, 'Double-breasted wool coat',        'Outerwear',   'on_set',     true,  'L01', 'Maison Arlo',     -48),
  ( 2, 'Shearling aviator jacket',         'Outerwear',   'in_transit', true,  'L02', 'Nord Atelier',    -20),
  ( 3, 'Cropped trench',                   'Outerwear',   'shot',       false, 'L03', 'Maison Arlo',     -72),
  ( 4, 'Quilted liner vest',               'Outerwear',   'awaiting',   false, 'L04', 'Kiso',             -6),
  ( 5, 'Bias-cut silk slip dress',         'Dresses',     'on_set',     true,  'L05', 'Vela',            -30),
  ( 6, 'Column gown, ivory',               'Dresses',     'requested',  true,  'L06', 'Studio Orin',     -12),
  ( 7, 'Pleated midi dress',               'Dresses',     'shot',       false, 'L07', 'Vela',            -60),
  ( 8, 'Tiered poplin dress',              'Dresses',     'awaiting',   false, 'L08', 'Kiso',             12),
  ( 9, 'Draped jersey dress',              'Dresses',     'in_transit', false, 'L09', 'Studio Orin',      30),
  (10, 'Cable-knit fisherman sweater',     'Knitwear',    'on_set',     false, 'L01', 'Nord Atelier',    -50),
  (11, 'Mohair cardigan',                  'Knitwear',    'on_set',     false, 'L03', 'Kiso',            -40),
  (12, 'Ribbed turtleneck',                'Knitwear',    'shot',       false, 'L02', 'Nord Atelier',    -70),
  (13, 'Open-stitch tank',                 'Knitwear',    'awaiting',   false, 'L10', 'Vela',              4),
  (14, 'Cashmere crewneck',                'Knitwear',    'returned',   false, 'L11', 'Maison Arlo',     -96),
  (15, 'Pinstripe suit jacket',            'Tailoring',   'on_set',     true,  'L04', 'Maison Arlo',     -36),
  (16, 'Pleated wide trousers',            'Tailoring',   'on_set',     false, 'L04', 'Maison Arlo',     -36),
  (17, 'Tuxedo blazer',                    'Tailoring',   'in_transit', true,  'L12', 'Studio Orin',     -8),
  (18, 'Waistcoat, grey flannel',          'Tailoring',   'shot',       false, 'L08', 'Kiso',            -55),
  (19, 'Cigarette trousers',               'Tailoring',   'requested',  false, 'L12', 'Studio Orin',     40),
  (20, 'Raw selvedge jeans',               'Denim',       'shot',       false, 'L09', 'Indigo Works',    -80),
  (21, 'Denim chore jacket',               'Denim',       'on_set',     false, 'L10', 'Indigo Works',    -26),
  (22, 'Wide-leg jeans, ecru',             'Denim',       'awaiting',   false, 'L07', 'Indigo Works',     18),
  (23, 'Chelsea boots',                    'Footwear',    'on_set',     false, 'L01', 'Calzoleria Bruni', -44),
  (24, 'Pointed slingbacks',               'Footwear',    'shot',       false, 'L05', 'Calzoleria Bruni', -66),
  (25, 'Platform loafers',                 'Footwear',    'in_transit', false, 'L04', 'Calzoleria Bruni',  10),
  (26, 'Satin mules',                      'Footwear',    'awaiting',   false, 'L06', 'Vela',              -2),
  (27, 'Knee-high boots',                  'Footwear',    'requested',  true,  'L11', 'Calzoleria Bruni', -30),
  (28, 'Structured top-handle bag',        'Bags',        'on_set',     true,  'L05', 'Maison Arlo',     -52),
  (29, 'Woven tote',                       'Bags',        'in_transit', false, 'L03', 'Kiso',             20),
  (30, 'Mini crossbody',                   'Bags',        'shot',       false, 'L07', 'Vela',            -58),
  (31, 'Leather duffel',                   'Bags',        'awaiting',   false, 'L02', 'Nord Atelier',     26),
  (32, 'Sculptural cuff',                  'Jewelry',     'on_set',     false, 'L06', 'Aurum Lab',       -34),
  (33, 'Pearl drop earrings',              'Jewelry',     'shot',       false, 'L05', 'Aurum Lab',       -62),
  (34, 'Chain collar necklace',            'Jewelry',     'in_transit', true,  'L09', 'Aurum Lab',       -16),
  (35, 'Signet ring set',                  'Jewelry',     'awaiting',   false, 'L12', 'Aurum Lab',        8),
  (36, 'Silk scarf, printed',              'Accessories', 'on_set',     false, 'L08', 'Vela',            -46),
  (37, 'Leather gloves',                   'Accessories', 'shot',       false, 'L01', 'Nord Atelier',    -68),
  (38, 'Wide-brim hat',                    'Accessories', 'in_transit', false, 'L10', 'Studio Orin',      36),
  (39, 'Tortoiseshell sunglasses',         'Accessories', 'requested',  false, 'L11', 'Indigo Works',     48),
  (40, 'Skinny leather belt',              'Accessories', 'returned',   false, 'L04', 'Maison Arlo',     -90)
) as s(n, name, category, status, is_hero, look_id, designer, expected_in_hours)
on conflict (id) do nothing;

-- ---------------------------------------------------------------------------------------------
-- The runway event: 25 dependent tasks and staffing gaps
-- ---------------------------------------------------------------------------------------------
insert into public.events (id, owner_id, name, starts_at, ends_at, venue, staffing_required)
values (
  md5('demo-event-runway')::uuid,
  'd0d0d0d0-0000-4000-8000-00000000de01',
  'SS27 Runway Show',
  date_trunc('day', now()) + interval '5 days 19 hours',
  date_trunc('day', now()) + interval '5 days 21 hours',
  'Hall 3, Fabbrica Lumière',
  '{"dresser": 8, "hair": 4, "makeup": 4, "model_wrangler": 2, "stage_manager": 1, "security": 3}'::jsonb
) on conflict (id) do nothing;

insert into public.event_staff (id, event_id, name, role)
select md5('demo-staff-' || s.n)::uuid, md5('demo-event-runway')::uuid, s.name, s.role
from (values
  (1, 'Ana Ruiz', 'dresser'), (2, 'Ben Okafor', 'dresser'), (3, 'Chiara Neri', 'dresser'),
  (4, 'Dev Patel', 'dresser'), (5, 'Elin Berg', 'dresser'),
  (6, 'Farah Haddad', 'hair'), (7, 'Gus Lind', 'hair'), (8, 'Hana Sato', 'hair'), (9, 'Ivo Marsh', 'hair'),
  (10, 'Jade Moreau', 'makeup'), (11, 'Kofi Mensah', 'makeup'),
  (12, 'Lena Vogel', 'model_wrangler'),
  (13, 'Marco Bassi', 'stage_manager')
) as s(n, name, role)
on conflict (id) do nothing;

-- offsets are hours relative to the show start (negative = before the show)
insert into public.event_tasks
  (id, event_id, title, status, duration_minutes, depends_on, deadline, required_role, phase)
select
  md5('demo-task-' || t.k)::uuid,
  md5('demo-event-runway')::uuid,
  t.title, t.status, t.minutes,
  coalesce((select array_agg(md5('demo-task-' || d)::uuid order by d) from unnest(t.deps) as d),
           '{}'::uuid[]),
  date_trunc('day', now()) + interval '5 days 19 hours' + make_interval(hours => t.deadline_offset_h),
  t.required_role, t.phase
from (values
  ('t01', 'Confirm venue floor plan',          'done',        60, '{}'::text[],            -96, 'stage_manager',  'setup'),
  ('t02', 'Book lighting rig',                 'done',        90, '{t01}',                 -90, 'stage_manager',  'setup'),
  ('t03', 'Finalize running order',            'in_progress', 120, '{t01}',                -48, 'stage_manager',  'setup'),
  ('t04', 'Casting confirmations',             'done',        180, '{}',                   -80, 'model_wrangler', 'setup'),
  ('t05', 'Fittings round 1',                  'done',        240, '{t04}',                -60, 'dresser',        'setup'),
  ('t06', 'Fittings round 2',                  'in_progress', 240, '{t05}',                -30, 'dresser',        'setup'),
  ('t07', 'Collect late hero samples',         'blocked',     180, '{}',                   -36, null,             'setup'),
  ('t08', 'Look boards printed',               'todo',        60, '{t03,t06}',             -20, 'dresser',        'setup'),
  ('t09', 'Hair and makeup test',              'todo',        120, '{t04}',                -26, 'hair',           'setup'),
  ('t10', 'Rig lights and sound',              'todo',        240, '{t02}',                -10, 'stage_manager',  'setup'),
  ('t11', 'Build runway and backdrop',         'in_progress', 300, '{t01}',                -12, 'stage_manager',  'setup'),
  ('t12', 'Seating plan and place cards',      'todo',        90, '{t01}',                 -8,  null,             'setup'),
  ('t13', 'Steam and rail all looks',          'todo',        180, '{t06,t07}',            -6,  'dresser',        'setup'),
  ('t14', 'Technical rehearsal',               'todo',        90, '{t10,t11}',             -4,  'stage_manager',  'setup'),
  ('t15', 'Model call and prep',               'todo',        150, '{t09}',                -3,  'model_wrangler', 'setup'),
  ('t16', 'Hair and makeup',                   'todo',        120, '{t09,t15}',            -1,  'makeup',         'setup'),
  ('t17', 'Dress rehearsal',                   'todo',        60, '{t13,t14,t16}',         -1,  'stage_manager',  'setup'),
  ('t18', 'Doors open, guest seating',         'todo',        30, '{t12,t17}',              0,  'security',       'show'),
  ('t19', 'Runway show',                       'todo',        20, '{t18}',                  1,  'stage_manager',  'show'),
  ('t20', 'Finale walk',                       'todo',        5, '{t19}',                   1,  'model_wrangler', 'show'),
  ('t21', 'Backstage press',                   'todo',        40, '{t20}',                  2,  null,             'show'),
  ('t22', 'Return looks to rails',             'todo',        60, '{t20}',                  3,  'dresser',        'teardown'),
  ('t23', 'Pack samples for return',           'todo',        90, '{t22}',                  6,  'dresser',        'teardown'),
  ('t24', 'Strike set and lights',             'todo',        180, '{t21}',                 8,  'stage_manager',  'teardown'),
  ('t25', 'Venue handover',                    'todo',        30, '{t23,t24}',             10,  'stage_manager',  'teardown')
) as t(k, title, status, minutes, deps, deadline_offset_h, required_role, phase)
on conflict (id) do nothing;

-- ---------------------------------------------------------------------------------------------
-- Shot list (12 looks x front/back/detail) and 60 gallery assets with gaps
-- ---------------------------------------------------------------------------------------------
insert into public.shot_list_items (id, owner_id, look_id, shot_type, quantity, required)
select md5('demo-shot-' || l.look || '-' || st.shot_type)::uuid,
       'd0d0d0d0-0000-4000-8000-00000000de01',
       l.look, st.shot_type,
       case when st.shot_type = 'front' then 2 else 1 end,
       st.shot_type <> 'detail' or l.n % 3 = 0
from generate_series(1, 12) as l0(n)
cross join lateral (select l0.n as n, 'L' || lpad(l0.n::text, 2, '0') as look) as l
cross join (values ('front'), ('back'), ('detail')) as st(shot_type)
on conflict (id) do nothing;

-- Assets: 60 against the shot list, with gaps: L06 lacks its required detail, L10 has one front
-- of two and no back, L11 only a rejected front, L12 nothing; a few rejects elsewhere.
insert into public.gallery_assets
  (id, owner_id, look_id, shot_type, storage_path, width, height, sharpness, exposure, tags,
   status, captured_at)
select
  md5('demo-asset-' || a.n)::uuid,
  'd0d0d0d0-0000-4000-8000-00000000de01',
  a.look_id, a.shot_type,
  'gallery/d0d0d0d0-0000-4000-8000-00000000de01/' || lower(a.look_id) || '-' || a.shot_type || '-' || a.n || '.jpg',
  case when a.shot_type = 'detail' then 3000 when a.n % 7 = 0 then 1200 else 4000 end,
  case when a.shot_type = 'detail' then 3000 when a.n % 7 = 0 then 1800 else 6000 end,
  round((0.45 + ((a.n * 37) % 55) / 100.0)::numeric, 3),
  round((((a.n * 13) % 31) / 10.0 - 1.5)::numeric, 2),
  case a.n % 4
    when 0 then array['editorial', 'minimal']
    when 1 then array['tailored', 'studio']
    when 2 then array['monochrome']
    else array['outdoor', 'color'] end,
  case when a.look_id = 'L11' or a.n % 9 = 0 then 'rejected'
       when a.n % 3 = 0 then 'approved' else 'pending' end,
  now() - make_interval(mins => (600 - a.n * 10)::integer)
from (
  select (row_number() over (order by p.look_id, p.shot_order, c.copy))::integer as n,
         p.look_id, p.shot_type
  from (values
    ('L01', 'front', 1, 4), ('L01', 'back', 2, 2), ('L01', 'detail', 3, 2),
    ('L02', 'front', 1, 4), ('L02', 'back', 2, 2), ('L02', 'detail', 3, 1),
    ('L03', 'front', 1, 4), ('L03', 'back', 2, 1), ('L03', 'detail', 3, 2),
    ('L04', 'front', 1, 3), ('L04', 'back', 2, 2), ('L04', 'detail', 3, 1),
    ('L05', 'front', 1, 4), ('L05', 'back', 2, 1), ('L05', 'detail', 3, 2),
    ('L06', 'front', 1, 3), ('L06', 'back', 2, 1),
    ('L07', 'front', 1, 3), ('L07', 'back', 2, 2), ('L07', 'detail', 3, 1),
    ('L08', 'front', 1, 3), ('L08', 'back', 2, 2), ('L08', 'detail', 3, 1),
    ('L09', 'front', 1, 3), ('L09', 'back', 2, 1), ('L09', 'detail', 3, 1),
    ('L10', 'front', 1, 1), ('L10', 'detail', 3, 2),
    ('L11', 'front', 1, 1)
  ) as p(look_id, shot_type, shot_order, copies)
  cross join lateral generate_series(1, p.copies) as c(copy)
) as a
on conflict (id) do nothing;
