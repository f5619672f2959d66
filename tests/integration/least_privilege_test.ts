/**
 * The functions' pool has the privileges hosted Supabase gives `postgres`, and no more: not a
 * superuser (there, `supabase_admin` is), so a query that only works for a superuser fails here
 * before it fails in production.
 */
import assert from "node:assert/strict";
import { closePools, pool } from "../../supabase/functions/_shared/db.ts";
import { stackEnv } from "./_stack.ts";

Deno.test("the functions' pool connects as hosted Supabase's postgres: not a superuser", async () => {
  const sql = pool(stackEnv().dbUrl);
  try {
    const [role] = await sql<
      { name: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }[]
    >`select current_user as name, rolsuper, rolbypassrls, rolcreaterole
      from pg_roles where rolname = current_user`;
    assert.deepEqual(role, {
      name: "postgres",
      rolsuper: false,
      rolbypassrls: true,
      rolcreaterole: true,
    });
    const [{ member }] = await sql<{ member: boolean }[]>`
      select bool_and(pg_has_role(current_user, r, 'member')) as member
      from unnest(array['anon', 'authenticated', 'service_role']) as r`;
    assert.equal(member, true, "postgres can take on the API roles, as on hosted Supabase");
    // What only a superuser may do is refused.
    await assert.rejects(sql`select count(*) from pg_authid`, { code: "42501" });
    await assert.rejects(sql`alter system set work_mem = '8MB'`, { code: "42501" });
  } finally {
    await closePools();
  }
});
