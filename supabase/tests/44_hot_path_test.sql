-- The hot path's cache functions: a lookup that writes nothing and keeps insight_cache_get's
-- visibility rule, batched hit counts, and a batch's admissions and lookups in one statement.
begin;
select plan(19);

insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now()),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b@test.local', 'authenticated', 'authenticated', '{}', '{}', now(), now());
insert into public.events (id, owner_id, name, starts_at) values
  ('e0000000-0000-4000-8000-0000000000e1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'Show', now() + interval '1 day');

select public.insight_cache_put('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'samples', '{"readiness": 50}', 3600) is not null;
-- B's analysis of A's event, stored while B was a member; B is not one now.
insert into public.assistant_insights (user_id, insight_type, context_id, data, expires_at) values
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events', 'e0000000-0000-4000-8000-0000000000e1', '{}', now() + interval '1 hour'),
  ('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'logistics', 'old', '{}', now() - interval '1 second');

set local role service_role;
select is((select json::jsonb ->> 'readiness' from public.insight_cache_peek('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'samples')),
          '50', 'insight_cache_peek returns the entry');
select is((select cache_hit_count from public.assistant_insights
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and context_id = 'samples'),
          0, 'insight_cache_peek writes nothing');
select is_empty($$ select * from public.insight_cache_peek('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'events',
                                                           'E0000000-0000-4000-8000-0000000000E1') $$,
                'insight_cache_peek serves nothing of an event the user can no longer see');
select is_empty($$ select * from public.insight_cache_peek('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'logistics', 'old') $$,
                'insight_cache_peek serves no expired row');

select public.insight_cache_count_hits(jsonb_build_array(
  jsonb_build_object('id', (select id from public.insight_cache_peek('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'samples')), 'hits', 2),
  jsonb_build_object('id', (select id from public.assistant_insights
                            where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and context_id = 'samples'), 'hits', 1),
  jsonb_build_object('id', gen_random_uuid(), 'hits', 5)));
select is((select cache_hit_count from public.assistant_insights
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and context_id = 'samples'),
          3, 'insight_cache_count_hits adds every batched hit of an entry, by its id; a gone entry is skipped');

reset role;
set local role authenticated;
select throws_ok($$ select public.insight_cache_count_hits('[]') $$, '42501', null,
                 'a signed-in user cannot count hits');

reset role;
-- The text a hit serves (migration 002110) follows the data, whoever writes it.
select is((select data_text::jsonb from public.assistant_insights
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and context_id = 'samples'),
          '{"readiness": 50}'::jsonb, 'a stored entry keeps its data as text');
select public.insight_cache_put('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'samples', '{"readiness":75}', 3600) is not null;
select is((select json from public.insight_cache_peek('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'samples')),
          '{"readiness":75}', 'an entry stored again serves the very text it was given');
update public.assistant_insights set data_text = '{"readiness": 0}'
where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and context_id = 'samples';
select is((select json from public.insight_cache_peek('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'logistics', 'samples')),
          '{"readiness": 75}', 'the text cannot be written apart from the data');

-- An entry is kept in its row, compressed, unless the row would not fit on a page (migration
-- 002300): storing one then writes no TOAST rows.
select is((select array_agg(attstorage::text order by attname) from pg_attribute
           where attrelid = 'public.assistant_insights'::regclass and attname in ('data', 'data_text')),
          array['m', 'm'], 'an entry''s data and text are stored in its row where they fit');

-- Redaction's fast path (migration 002100): what it lets through unwalked has nothing to redact.
select is(private.redact_pii('{"insightType": "logistics", "cached": true, "durationMs": 3.7, "tags": ["a", {"b": null}]}'),
          '{"insightType": "logistics", "cached": true, "durationMs": 3.7, "tags": ["a", {"b": null}]}'::jsonb,
          'a document without an e-mail or phone number comes back as it is');
select is(private.redact_pii('{"at": 1732270000000, "id": "550e8400-e29b-41d4-a716-446655440000"}'),
          '{"at": 1732270000000, "id": "550e8400-e29b-41d4-a716-446655440000"}'::jsonb,
          'a long number or an id is walked and kept');
select is(private.redact_pii('{"q": "say \"hi\" to a@b.io", "k": {"x": ["call 415.555.0134\n"]}}'),
          '{"q": "say \"hi\" to [redacted-email]", "k": {"x": ["call [redacted-phone]\n"]}}'::jsonb,
          'e-mails and phone numbers beside escaped characters are still redacted');
select is(private.redact_pii(null), null, 'no document, no redaction');

-- ------------------------------------------------------------ admit_batch
-- B has spent their budget; A has room, and an entry (readiness 75, above).
insert into public.rate_limit_buckets (key, window_seconds, hits, last_hit_at)
values ('user:bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 60, array_fill(now(), array[60]), now());
set local role service_role;
select results_eq(
  $$ select user_active, allowed, remaining, insight_json::jsonb ->> 'readiness'
     from public.admit_batch('[
       {"userId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
        "limits": [{"key": "user:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "limit": 60, "windowSeconds": 60}],
        "insight": {"type": "logistics", "contextId": "samples"}},
       {"userId": "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
        "limits": [{"key": "user:bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "limit": 60, "windowSeconds": 60}],
        "insight": {"type": "logistics", "contextId": "old"}},
       {"userId": "cccccccc-cccc-4ccc-8ccc-cccccccccccc",
        "limits": [{"key": "user:cccccccc-cccc-4ccc-8ccc-cccccccccccc", "limit": 60, "windowSeconds": 60}]},
       {"userId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
        "limits": [{"key": "test:batch", "limit": 60, "windowSeconds": 60}]}]') $$,
  $$ values (true, true, 59, '75'), (true, false, 0, null), (false, false, null, null),
            (true, true, 59, null) $$,
  'admit_batch admits each job in order, reads the entry of an admitted one only, and finds no user that does not exist');
select is((select cardinality(hits) from public.rate_limit_buckets
           where key = 'user:bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
          60, 'a refused job is not counted');
select throws_ok($$ select * from public.admit_batch('{"userId": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}') $$,
                 '22023', null, 'admit_batch takes an array of jobs only');
reset role;
set local role authenticated;
select throws_ok($$ select * from public.admit_batch('[]') $$, '42501', null,
                 'a user cannot run admit_batch');
reset role;
set local role anon;
select throws_ok($$ select * from public.admit_batch('[]') $$, '42501', null,
                 'nor can anon');
reset role;

select * from finish();
rollback;
