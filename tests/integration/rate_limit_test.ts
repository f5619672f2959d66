/**
 * consume_rate_limit() under concurrent callers: 20 connections race on one key with limit 10;
 * exactly 10 calls are allowed. Needs SUPABASE_DB_URL (the local stack's database); fails without.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { admissionStatement } from "../../supabase/functions/_shared/admission_batch.ts";
import { asService, closePools, pool } from "../../supabase/functions/_shared/db.ts";
import { limitsFor } from "../../supabase/functions/_shared/rate_limit.ts";
import { signUpUser } from "./_stack.ts";

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
      rows.filter((r) => r.allowed).map((r) => r.remaining ?? -1).sort((a, b) => a - b),
      Array.from({ length: LIMIT }, (_, i) => i),
    );
    for (const r of rows) assert.ok(r.reset_seconds >= 0 && r.reset_seconds <= 60);
  } finally {
    await clients[0]`delete from public.rate_limit_buckets where key = ${key}`.catch(() => {});
    await Promise.all(clients.map((sql) => sql.end()));
  }
});

Deno.test("an admission statement admits exactly `limit` of many concurrent calls, in a sliding window", async () => {
  const url = Deno.env.get("SUPABASE_DB_URL");
  assert.ok(url, "SUPABASE_DB_URL must point at the database (start the local stack first)");
  const { id: userId } = await signUpUser("admission");
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  // as many pooled connections as callers, so the statements really race
  const sql = pool(url);
  try {
    // a transaction each, as a batch of one call
    const admit = () =>
      asService(
        sql,
        (tx) =>
          admissionStatement(tx, [{
            userId,
            limits: limitsFor(userId, { limit: LIMIT, windowSeconds: 60 }),
          }]),
      );
    const rows = (await Promise.all(Array.from({ length: CALLERS }, admit))).map((r) => r[0]);
    assert.equal(rows.filter((r) => r.allowed).length, LIMIT);
    assert.deepEqual(
      rows.filter((r) => r.allowed).map((r) => r.remaining ?? -1).sort((a, b) => a - b),
      Array.from({ length: LIMIT }, (_, i) => i),
    );
    assert.ok(rows.every((r) => r.user_active), "the user exists");
    const [bucket] = await admin`select cardinality(hits) as n from public.rate_limit_buckets
      where key = ${`user:${userId}`}`;
    assert.equal(bucket.n, LIMIT, "refused calls are not recorded");
    // half the window later the calls still count; once they are older than it, one fits again
    await admin`update public.rate_limit_buckets set hits = array(
      select h - interval '30 seconds' from unnest(hits) h) where key = ${`user:${userId}`}`;
    assert.equal((await admit())[0].allowed, false);
    await admin`update public.rate_limit_buckets set hits = array(
      select h - interval '31 seconds' from unnest(hits) h) where key = ${`user:${userId}`}`;
    const again = (await admit())[0];
    assert.equal(again.allowed, true);
    assert.equal(again.remaining, LIMIT - 1);
    // an id that is no user is not active, and nothing is counted for it
    const stranger = crypto.randomUUID();
    const [gone] = await asService(
      sql,
      (tx) =>
        admissionStatement(tx, [{
          userId: stranger,
          limits: limitsFor(stranger, { limit: LIMIT, windowSeconds: 60 }),
        }]),
    );
    assert.deepEqual([gone.user_active, gone.allowed], [false, false]);
    const counted = await admin`select 1 from public.rate_limit_buckets
      where key = ${`user:${stranger}`}`;
    assert.equal(counted.length, 0);
  } finally {
    await admin`delete from public.rate_limit_buckets where key = ${`user:${userId}`}`;
    await admin.end();
    await closePools();
  }
});
