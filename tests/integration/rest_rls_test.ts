/**
 * The local REST API with the genuine supabase-js client: every request runs as its caller,
 * so two users each see and change only their own rows, anon sees nothing private, a write
 * naming another user as owner is refused, and `rpc` runs under the same grants and RLS.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { anonClient, signUpUser, stackEnv } from "./_stack.ts";

const sql = () => postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });

Deno.test("REST: two users each see and change only their own samples", async () => {
  const [alice, bob] = await Promise.all([signUpUser("rest-alice"), signUpUser("rest-bob")]);
  const db = sql();
  try {
    for (const user of [alice, bob]) {
      const { data, error, status } = await user.client.from("samples")
        .insert([{ name: `${user.email} coat`, category: "outerwear" }, {
          name: `${user.email} boot`,
          category: "shoes",
        }])
        .select("id, owner_id, name");
      assert.equal(error, null);
      assert.equal(status, 201);
      assert.equal(data!.length, 2);
      assert.ok(data!.every((row) => row.owner_id === user.id), "owner_id defaults to the caller");
    }
    const { data: seen } = await alice.client.from("samples").select("owner_id");
    assert.equal(seen!.length, 2);
    assert.ok(seen!.every((row) => row.owner_id === alice.id));

    // Bob's rows are invisible to Alice's PATCH and DELETE: nothing changes.
    const bobRows = await db`select id, status from public.samples where owner_id = ${bob.id}`;
    const patched = await alice.client.from("samples").update({ status: "shot" })
      .eq("id", bobRows[0].id).select();
    assert.deepEqual([patched.error, patched.data], [null, []]);
    const removed = await alice.client.from("samples").delete({ count: "exact" })
      .eq("id", bobRows[0].id);
    assert.deepEqual([removed.error, removed.count], [null, 0]);
    const after = await db`select id, status from public.samples where owner_id = ${bob.id}
      order by id`;
    assert.deepEqual([...after], [...bobRows].sort((a, b) => a.id < b.id ? -1 : 1));

    // Her own row she may change.
    const own = await alice.client.from("samples").update({ status: "shot" })
      .eq("owner_id", alice.id).eq("category", "shoes").select("status").single();
    assert.deepEqual([own.error, own.data], [null, { status: "shot" }]);
  } finally {
    await db.end();
  }
});

Deno.test("REST: a write naming another user as owner is refused and changes nothing", async () => {
  const [alice, bob] = await Promise.all([signUpUser("rest-owner"), signUpUser("rest-victim")]);
  const db = sql();
  try {
    const { error, status } = await alice.client.from("samples")
      .insert({ name: "planted", category: "x", owner_id: bob.id });
    assert.equal(status, 403);
    assert.equal(error!.code, "42501");
    assert.match(error!.message, /row-level security/);
    const { error: moved } = await alice.client.from("samples")
      .insert({ name: "mine", category: "x" }).select("id").single()
      .then(async ({ data }) =>
        await alice.client.from("samples").update({ owner_id: bob.id }).eq("id", data!.id)
      );
    assert.equal(moved!.code, "42501");
    const [{ count }] = await db`select count(*)::int as count from public.samples
      where owner_id = ${bob.id}`;
    assert.equal(count, 0);
  } finally {
    await db.end();
  }
});

Deno.test("REST: anon sees nothing private", async () => {
  const anon = anonClient();
  const samples = await anon.from("samples").select("*");
  assert.equal(samples.status, 401, "anon has no grant on samples: 42501 is a 401 for anon");
  assert.equal(samples.error!.code, "42501");
  const db = sql();
  try {
    const { data, error } = await anon.from("compositions").select("id");
    assert.equal(error, null);
    const [{ count }] = await db`select count(*)::int as count from public.compositions
      where is_public`;
    assert.equal(data!.length, count, "only the public gallery");
  } finally {
    await db.end();
  }
  const rpc = await anon.rpc("export_my_data");
  assert.equal(rpc.status, 401);
});

Deno.test("REST: rpc runs as the caller (RLS and EXECUTE grants)", async () => {
  const [alice, bob] = await Promise.all([signUpUser("rest-rpc-a"), signUpUser("rest-rpc-b")]);
  await bob.client.from("samples").insert({ name: "bob only", category: "x" });
  const { data, error } = await alice.client.rpc("export_my_data");
  assert.equal(error, null);
  assert.equal(data.userId, alice.id);
  assert.ok(!JSON.stringify(data).includes("bob only"));

  // A function only the service role may execute: Postgres's 42501, 403 for a user.
  const refused = await alice.client.rpc("purge_expired");
  assert.equal(refused.status, 403);
  assert.equal(refused.error!.code, "42501");
  const missing = await alice.client.rpc("no_such_function");
  assert.equal(missing.status, 404);
  assert.equal(missing.error!.code, "PGRST202");
});
