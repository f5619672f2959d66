-- The local platform layer (or hosted Supabase) provides what the migrations rely on.
begin;
select plan(24);

select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select has_role('authenticator');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');

select has_schema('auth');
select has_schema('extensions');
select has_schema('realtime');
select has_schema('vault');
select ok(exists (select 1 from pg_extension e join pg_namespace n on n.oid = e.extnamespace
                  where e.extname = 'pgcrypto' and n.nspname = 'extensions'),
          'pgcrypto is installed in schema extensions');

-- auth helpers read the request's JWT claims
select set_config('request.jwt.claims',
  json_build_object('sub', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'role', 'authenticated',
                    'email', 'a@test.local')::text, true);
set local role authenticated;
select is(auth.uid(), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'::uuid, 'auth.uid() returns the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() returns the role claim');
select is(auth.jwt() ->> 'email', 'a@test.local', 'auth.jwt() returns the claims');
reset role;

-- realtime
select has_function('realtime', 'send', array['jsonb', 'text', 'text', 'boolean']);
select has_function('realtime', 'broadcast_changes',
  array['text', 'text', 'text', 'text', 'text', 'record', 'record', 'text']);
select has_function('realtime', 'topic', '{}'::name[]);
select ok((select relrowsecurity from pg_class where oid = 'realtime.messages'::regclass),
          'realtime.messages has RLS enabled');

select realtime.send(jsonb_build_object('hello', 'world'), 'greeting', 'room:platform-test', true);
select results_eq(
  $$ select topic, event, extension, private, payload ->> 'hello', payload ? 'id'
     from realtime.messages where topic = 'room:platform-test' $$,
  $$ values ('room:platform-test'::text, 'greeting'::text, 'broadcast'::text, true, 'world'::text, true) $$,
  'realtime.send inserts a private broadcast message and adds payload.id');
select is(realtime.topic(), 'room:platform-test', 'realtime.send sets realtime.topic for the transaction');
select lives_ok($$ select realtime.send('{}'::jsonb, 'e', null) $$,
                'realtime.send turns a failure into a warning');

-- vault
select has_function('vault', 'create_secret', array['text', 'text', 'text', 'uuid']);
select has_function('vault', 'update_secret', array['uuid', 'text', 'text', 'text', 'uuid']);
select vault.create_secret('platform-test-secret', 'platform_test_secret');
select is(
  (select decrypted_secret from vault.decrypted_secrets where name = 'platform_test_secret'),
  'platform-test-secret',
  'a vault secret round-trips through vault.decrypted_secrets');

set local role authenticated;
select throws_ok($$ select * from vault.decrypted_secrets $$, '42501', null,
                 'authenticated users cannot read vault secrets');
reset role;

select * from finish();
rollback;
