/**
 * consume_rate_limit() under concurrent callers: 20 connections race on one key with limit 10;
 * exactly 10 calls are allowed. Needs SUPABASE_DB_URL (the local stack's database); fails without.
 */
import assert from "node:assert/strict";
import postgres from "postgres";

const CALLERS = 20;
const LIMIT = 10;

Deno.test("consume_rate_limit allows exactly `limit` calls for concurrent callers", async () => {
  const url = Deno.env.get("SUPABASE_DB_URL");
  assert.ok(url, "SUPABASE_DB_URL must point at the database (start the local stack first)");

  const key = `test:rate-limit:${crypto.randomUUID()}`;
  // One client per caller, so the calls really run on separate connections at the same time.
  const clients = Array.from(
    { length: CALLERS },
    () => postgres(url, { max: 1, prepare: false, onnotice: () => {} }),
  );
  try {
    await Promise.all(clients.map((sql) => sql`select 1`)); // connect everyone first
    const results = await Promise.all(
      clients.map((sql) =>
        sql<{ allowed: boolean; remaining: number; reset_seconds: number }[]>`
          select allowed, remaining, reset_seconds
          from public.consume_rate_limit(${key}, ${LIMIT}, 60)`
      ),
    );
    const rows = results.map((r) => r[0]);
    assert.equal(rows.filter((r) => r.allowed).length, LIMIT);
    assert.equal(rows.filter((r) => !r.allowed).length, CALLERS - LIMIT);
    // every allowed caller saw a distinct remaining count: LIMIT-1 .. 0
    assert.deepEqual(
      rows.filter((r) => r.allowed).map((r) => r.remaining).sort((a, b) => a - b),
      Array.from({ length: LIMIT }, (_, i) => i),
    );
    for (const r of rows) assert.ok(r.reset_seconds >= 0 && r.reset_seconds <= 60);
  } finally {
    await clients[0]`delete from public.rate_limit_buckets where key = ${key}`.catch(() => {});
    await Promise.all(clients.map((sql) => sql.end()));
  }
});
