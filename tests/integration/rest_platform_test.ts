/**
 * The REST API and the platform layer as hosted Supabase has them: a transaction carries
 * the settings PostgREST sets and the role's statement timeout (anon 3 s, authenticated
 * 8 s, roles that INHERIT); the schema cache reloads on `NOTIFY pgrst, 'reload schema'`;
 * Vault's grants are hosted's.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { anonClient, signUpUser, stackEnv } from "./_stack.ts";

const FN = "rest_platform_probe";

/** Calls `rpc` until `accept` says yes: the reload is asynchronous (bounded, no timing assertion). */
async function until<T>(call: () => PromiseLike<T>, accept: (value: T) => boolean): Promise<T> {
  let value = await call();
  for (let attempt = 0; attempt < 100 && !accept(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await call();
  }
  return value;
}

Deno.test("REST: the schema cache reloads on NOTIFY, and requests carry PostgREST's settings", async () => {
  const db = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  const user = await signUpUser("rest-platform");
  const anon = anonClient();
  try {
    await db.unsafe(`create function public.${FN}()
      returns jsonb language sql stable set search_path = '' as $$
        select jsonb_build_object(
          'role', current_user,
          'timeout', current_setting('statement_timeout'),
          'method', current_setting('request.method', true),
          'path', current_setting('request.path', true),
          'apikey', current_setting('request.headers', true)::jsonb ? 'apikey',
          'sub', current_setting('request.jwt.claims', true)::jsonb ->> 'sub',
          'read_only', current_setting('transaction_read_only'))
      $$`);
    await db.unsafe(`revoke all on function public.${FN}() from public`);
    await db.unsafe(`grant execute on function public.${FN}() to anon, authenticated`);
    const stale = await anon.rpc(FN);
    assert.equal(stale.error?.code, "PGRST202", "not in the cache before the NOTIFY");

    await db`select pg_notify('pgrst', 'reload schema')`;
    const asAnon = await until(() => anon.rpc(FN), (r) => r.error === null);
    assert.equal(asAnon.error, null);
    assert.deepEqual(asAnon.data, {
      role: "anon",
      timeout: "3s",
      method: "POST",
      path: `/rpc/${FN}`,
      apikey: true,
      sub: null,
      read_only: "off",
    });
    const asUser = await user.client.rpc(FN, undefined, { get: true });
    assert.equal(asUser.error, null);
    assert.deepEqual(asUser.data, {
      role: "authenticated",
      timeout: "8s",
      method: "GET",
      path: `/rpc/${FN}`,
      apikey: true,
      sub: user.id,
      read_only: "on",
    });
  } finally {
    await db.unsafe(`drop function if exists public.${FN}()`);
    await db`select pg_notify('pgrst', 'reload schema')`;
    await db.end();
  }
});

Deno.test("platform: the API roles inherit and carry hosted's statement timeouts", async () => {
  const db = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const roles = await db<{ rolname: string; rolinherit: boolean; rolconfig: string[] | null }[]>`
      select rolname, rolinherit, rolconfig from pg_roles
      where rolname in ('anon', 'authenticated', 'service_role') order by rolname`;
    assert.deepEqual(roles.map((r) => ({ ...r })), [
      { rolname: "anon", rolinherit: true, rolconfig: ["statement_timeout=3s"] },
      { rolname: "authenticated", rolinherit: true, rolconfig: ["statement_timeout=8s"] },
      { rolname: "service_role", rolinherit: true, rolconfig: null },
    ]);
  } finally {
    await db.end();
  }
});

Deno.test("platform: Vault's grants are hosted's", async () => {
  const db = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [grants] = await db`select
        has_schema_privilege('service_role', 'vault', 'usage') as service_usage,
        has_table_privilege('postgres', 'vault.secrets', 'select') as postgres_select,
        has_table_privilege('postgres', 'vault.secrets', 'delete') as postgres_delete,
        has_table_privilege('postgres', 'vault.secrets', 'insert') as postgres_insert,
        has_table_privilege('postgres', 'vault.secrets', 'update') as postgres_update,
        has_function_privilege('postgres', 'vault.create_secret(text, text, text, uuid)',
          'execute') as postgres_create`;
    assert.deepEqual({ ...grants }, {
      service_usage: false,
      postgres_select: true,
      postgres_delete: true,
      postgres_insert: false,
      postgres_update: false,
      postgres_create: true,
    });
    // update_secret keeps the description unless it is given a new one.
    const name = `rest-platform-${crypto.randomUUID()}`;
    const [{ id }] = await db`select vault.create_secret('s1', ${name}, 'kept') as id`;
    try {
      await db`select vault.update_secret(${id}, 's2')`;
      const [row] = await db`select description, decrypted_secret from vault.decrypted_secrets
        where id = ${id}`;
      assert.deepEqual({ ...row }, { description: "kept", decrypted_secret: "s2" });
    } finally {
      await db`delete from vault.secrets where id = ${id}`;
    }
  } finally {
    await db.end();
  }
});

Deno.test("platform: enabling pg_cron after the migrations schedules the lifecycle jobs", async () => {
  const { dbUrl } = stackEnv();
  // The platform's superuser, as on hosted Supabase the role that creates extensions.
  const admin = postgres(dbUrl.replace(/\/\/[^:@/]+:/, "//supabase_admin:"), {
    max: 1,
    onnotice: () => {},
  });
  const db = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const jobs = () =>
    admin<{ jobname: string }[]>`select jobname from cron.job
      where jobname like 'fashionos-%' order by jobname`.then((rows) => rows.map((r) => r.jobname));
  try {
    // pg_cron off, as on a hosted project until it is enabled: scheduling is a no-op.
    await admin`drop extension if exists pg_cron`;
    const [{ scheduled }] = await db`select private.schedule_lifecycle_jobs() as scheduled`;
    assert.deepEqual(scheduled, []);
    // The event trigger the migration creates where its role may (hosted: supautils).
    await admin`create event trigger rest_platform_test_schedule on ddl_command_end
      when tag in ('CREATE EXTENSION')
      execute function private.schedule_lifecycle_jobs_on_pg_cron()`;
    await admin`create extension pg_cron with schema pg_catalog`;
    assert.deepEqual(await jobs(), ["fashionos-deadline-approaching", "fashionos-purge-expired"]);
  } finally {
    await admin`drop event trigger if exists rest_platform_test_schedule`;
    // Back as the platform layer leaves it: pg_cron on, the jobs owned by postgres.
    await admin`create extension if not exists pg_cron with schema pg_catalog`;
    await admin`grant usage on schema cron to postgres`;
    await admin`delete from cron.job where username <> 'postgres' and jobname like 'fashionos-%'`;
    await db`select private.schedule_lifecycle_jobs()`;
    await Promise.all([admin.end(), db.end()]);
  }
});
