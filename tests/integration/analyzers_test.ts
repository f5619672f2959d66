import assert from "node:assert/strict";
import { FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import { decodeJwt } from "jose";
import postgres from "postgres";
import type { UserClaims } from "../../supabase/functions/_shared/auth.ts";
import { MIN_CACHED_BODY_CHARS } from "../../supabase/functions/_shared/analyzer.ts";
import { flushPending } from "../../supabase/functions/_shared/bookkeeping.ts";
import { asService, asUser } from "../../supabase/functions/_shared/db.ts";
import { queueInsight } from "../../supabase/functions/_shared/insight_cache.ts";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const sql = postgres(stackEnv().dbUrl, { max: 4, prepare: false, onnotice: () => {} });
Deno.test.afterAll(() => sql.end());
const claimsOf = (user: TestUser) => decodeJwt(user.accessToken) as UserClaims;

/** Calls a function and returns `{status, body}` for success and problem alike. */
async function call(
  client: SupabaseClient,
  name: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const { data, error } = await client.functions.invoke(name, { body: body as object, headers });
  if (!error) return { status: 200, body: data };
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const response = error.context as Response;
  return { status: response.status, body: await response.json() };
}

function samples(statuses: string[]) {
  return statuses.map((status, i) => ({
    id: `s${i}`,
    name: `Sample ${i}`,
    category: i % 2 ? "shoes" : "dresses",
    status,
    isHero: i === 0,
  }));
}

async function cacheHits(userId: string, type: string) {
  const rows = await asService(sql, (tx) =>
    tx`select cache_hit_count from public.assistant_insights
       where user_id = ${userId} and insight_type = ${type}`);
  return rows.map((row) => row.cache_hit_count);
}

async function mediaEntries(userId: string) {
  const [{ count }] = await asService(
    sql,
    (tx) =>
      tx`select count(*)::int from public.assistant_insights
       where user_id = ${userId} and insight_type = 'media'`,
  );
  return count;
}

async function insightsCalculated(userId: string) {
  const [{ count }] = await asService(
    sql,
    (tx) =>
      tx`select count(*)::int from public.analytics_events
       where user_id = ${userId} and event_type = 'insight_calculated'`,
  );
  return count;
}

/**
 * `read()` once it equals `expected`: bookkeeping (analytics, hit counts, entries of supplied
 * lists) is written in batches after the answer, within a second when the database is up.
 */
async function eventually<T>(read: () => Promise<T>, expected: T, waitMs = 10_000): Promise<T> {
  const until = Date.now() + waitMs;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

// Readiness 50 %: 3 of 10 on set and 2 shot.
const TEN = [
  "on_set",
  "on_set",
  "on_set",
  "shot",
  "shot",
  "requested",
  "in_transit",
  "awaiting",
  "returned",
  "requested",
];

Deno.test("logistics-analyzer computes readiness from a short supplied list every time", async () => {
  const user = await signUpUser("logistics");
  const list = samples(TEN);
  for (const _ of [1, 2]) {
    const answer = await call(user.client, "logistics-analyzer", {
      analysisType: "readiness",
      sampleList: list,
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.readiness.percent, 50);
    assert.equal(answer.body.cached, false, "a short list costs less to compute than to cache");
    assert.equal(answer.body.blockers, undefined, "only the asked part");
  }
  assert.equal(await eventually(() => insightsCalculated(user.id), 2), 2);
  assert.deepEqual(await cacheHits(user.id, "logistics"), []);
});

Deno.test("logistics-analyzer caches a long supplied list by its body and counts hits, but not a fresh answer", async () => {
  const user = await signUpUser("logistics-long");
  // 100 copies of the ten: still 50 %, and a body well over MIN_CACHED_BODY_CHARS.
  const list = samples(Array.from({ length: 100 }, () => TEN).flat());
  const body = { analysisType: "readiness", sampleList: list };
  assert.ok(JSON.stringify(body).length >= MIN_CACHED_BODY_CHARS);
  const fresh = await call(user.client, "logistics-analyzer", body, {
    "Cache-Control": "no-cache",
  });
  assert.equal(fresh.body.cached, false);
  assert.equal(fresh.body.readiness.percent, 50);
  // Its analytics row goes out in the batch its entry would have gone out in (or a later one).
  assert.equal(await eventually(() => insightsCalculated(user.id), 1), 1);
  assert.deepEqual(await cacheHits(user.id, "logistics"), [], "a fresh answer is not stored");
  const first = await call(user.client, "logistics-analyzer", body);
  assert.equal(first.body.cached, false, "so the next call misses, and stores");
  assert.deepEqual(first.body.readiness, fresh.body.readiness);
  // The entry is stored off the response path.
  assert.deepEqual(await eventually(() => cacheHits(user.id, "logistics"), [0]), [0]);
  const second = await call(user.client, "logistics-analyzer", body);
  assert.equal(second.body.cached, true);
  assert.deepEqual(second.body.readiness, first.body.readiness);
  assert.equal(second.body.blockers, undefined, "only the asked part");
  assert.deepEqual(await eventually(() => cacheHits(user.id, "logistics"), [1]), [1]);
  const again = await call(user.client, "logistics-analyzer", body, {
    "Cache-Control": "no-cache",
  });
  assert.equal(again.body.cached, false, "a fresh answer is computed even with an entry stored");
  const other = await call(user.client, "logistics-analyzer", { ...body, analysisType: "all" });
  assert.equal(other.body.cached, false, "another analysisType is another body");
  assert.ok(other.body.blockers && other.body.batching, "all parts");
  assert.equal(await eventually(() => insightsCalculated(user.id), 5), 5);
});

Deno.test("logistics-analyzer reads stored samples under RLS and sees edits at once", async () => {
  const owner = await signUpUser("owner");
  const other = await signUpUser("other");
  const ids = await asUser(
    sql,
    claimsOf(owner),
    (tx) =>
      tx`insert into public.samples (name, category, status, is_hero)
       values ('Gown', 'dresses', 'on_set', true), ('Boot', 'shoes', 'requested', false)
       returning id`,
  );
  const before = await call(owner.client, "logistics-analyzer", { analysisType: "readiness" });
  assert.equal(before.body.readiness.total, 2);
  assert.equal(before.body.readiness.percent, 50);
  assert.equal(
    (await call(owner.client, "logistics-analyzer", { analysisType: "readiness" }))
      .body.cached,
    true,
  );
  await asUser(
    sql,
    claimsOf(owner),
    (tx) => tx`update public.samples set status = 'shot' where id = ${ids[1].id}`,
  );
  const after = await call(owner.client, "logistics-analyzer", { analysisType: "readiness" });
  assert.equal(after.body.cached, false, "the trigger dropped the cached entry");
  assert.equal(after.body.readiness.percent, 100);
  const theirs = await call(other.client, "logistics-analyzer", { analysisType: "readiness" });
  assert.equal(theirs.body.readiness.total, 0, "another user's samples are never used");
  // "all" from the cache is the stored entry as it is: the same parts as computed, and no more
  const { cached: _c, calculatedAt: _a, ...all } =
    (await call(owner.client, "logistics-analyzer", { analysisType: "all" }, {
      "Cache-Control": "no-cache",
    })).body;
  const again = await call(owner.client, "logistics-analyzer", { analysisType: "all" });
  assert.equal(again.body.cached, true);
  const { cached: _c2, calculatedAt: _a2, ...allAgain } = again.body;
  assert.deepEqual(allAgain, all);
  assert.deepEqual(Object.keys(all).sort(), ["batching", "blockers", "readiness"]);
});

Deno.test("events-optimizer answers 404 for someone else's event and 422 for a cycle", async () => {
  const owner = await signUpUser("events");
  const stranger = await signUpUser("stranger");
  const [event] = await asUser(
    sql,
    claimsOf(owner),
    (tx) =>
      tx`insert into public.events (name, starts_at, ends_at, staffing_required)
       values ('Show', now() + interval '2 days', now() + interval '2 days 2 hours',
               '{"dresser": 3}') returning id`,
  );
  await asUser(
    sql,
    claimsOf(owner),
    (tx) =>
      tx`insert into public.event_staff (event_id, name, role)
       values (${event.id}, 'Ana', 'dresser')`,
  );
  const mine = await call(owner.client, "events-optimizer", { eventId: event.id });
  assert.equal(mine.status, 200);
  assert.deepEqual(mine.body.staffing[0], { role: "dresser", required: 3, assigned: 1, gap: 2 });
  assert.ok(mine.body.criticalPath && mine.body.runOfShow);
  const notYours = await call(stranger.client, "events-optimizer", { eventId: event.id });
  assert.equal(notYours.status, 404);
  assert.equal(notYours.body.code, "not_found");

  const cyclic = {
    id: "e1",
    name: "Loop",
    startsAt: "2030-01-01T18:00:00Z",
    endsAt: "2030-01-01T20:00:00Z",
    tasks: ["a", "b", "c"].map((id, i, all) => ({
      id,
      title: id,
      status: "todo",
      durationMinutes: 10,
      dependsOn: [all[(i + 1) % 3]],
    })),
  };
  const cycle = await call(owner.client, "events-optimizer", { event: cyclic });
  assert.equal(cycle.status, 422);
  assert.deepEqual([...cycle.body.taskIds].sort(), ["a", "b", "c"]);
  const staffingOnly = await call(owner.client, "events-optimizer", {
    event: cyclic,
    analysisType: "staffing",
  });
  assert.equal(staffingOnly.status, 200, "a cycle only breaks the critical path");
});

Deno.test("media-scorer scores supplied assets and lists missing shots", async () => {
  const user = await signUpUser("media");
  const result = await call(user.client, "media-scorer", {
    assets: [
      {
        id: "a1",
        lookId: "L1",
        shotType: "full_length",
        width: 4000,
        height: 6000,
        sharpness: 0.9,
      },
      { id: "a2", lookId: "L1", shotType: "detail", width: 800, height: 800, status: "rejected" },
    ],
    shotList: [
      { id: "i1", lookId: "L1", shotType: "full_length", quantity: 1 },
      { id: "i2", lookId: "L1", shotType: "detail", quantity: 1 },
    ],
  });
  assert.equal(result.status, 200);
  assert.equal(result.body.qualityScores.length, 2);
  assert.deepEqual(result.body.missingShots.map((m: { shotItemId: string }) => m.shotItemId), [
    "i2",
  ]);
  assert.deepEqual(result.body.selects.map((s: { id: string }) => s.id), ["a1"]);
  const missingOnly = await call(user.client, "media-scorer", {
    analysisType: "missing",
    assets: [],
    shotList: [{ id: "i1", lookId: "L1", shotType: "detail" }],
  });
  assert.deepEqual(Object.keys(missingOnly.body).sort(), [
    "cached",
    "calculatedAt",
    "missingShots",
  ]);
});

Deno.test("media-scorer answers from its cache until the settings' brand keywords change", async () => {
  const user = await signUpUser("media-keywords");
  await asUser(
    sql,
    claimsOf(user),
    (tx) =>
      tx`insert into public.gallery_assets (look_id, shot_type, width, height, sharpness, tags)
       values ('L1', 'full_length', 4000, 6000, 0.9, '{linen,summer}')`,
  );
  const setKeywords = (keywords: string[]) =>
    asService(
      sql,
      (tx) =>
        tx`update public.user_preferences
         set preferences = preferences || ${tx.json({ brandKeywords: keywords })}
         where user_id = ${user.id}`,
    );
  const brandOf = (answer: { body: { qualityScores: { factors: { brand: number | null } }[] } }) =>
    answer.body.qualityScores[0].factors.brand;
  // A supplied gallery long enough to be cached, with no keywords of its own.
  const assets = Array.from({ length: 400 }, (_, i) => ({
    id: `a${i}`,
    lookId: "L1",
    shotType: "detail",
    width: 2000,
    height: 2000,
    tags: ["linen"],
  }));
  const supplied = { analysisType: "quality", assets, shotList: [] };
  assert.ok(JSON.stringify(supplied).length >= MIN_CACHED_BODY_CHARS);

  const stored = await call(user.client, "media-scorer", { analysisType: "quality" });
  assert.equal(brandOf(stored), null, "no keywords yet: no brand factor");
  assert.equal(brandOf(await call(user.client, "media-scorer", supplied)), null);
  // The supplied list's entry is stored off the response path.
  assert.equal(await eventually(() => mediaEntries(user.id), 2), 2);
  const storedAgain = await call(user.client, "media-scorer", { analysisType: "quality" });
  const suppliedAgain = await call(user.client, "media-scorer", supplied);
  assert.equal(storedAgain.body.cached, true);
  assert.equal(suppliedAgain.body.cached, true);

  await setKeywords(["linen"]);
  const afterStored = await call(user.client, "media-scorer", { analysisType: "quality" });
  const afterSupplied = await call(user.client, "media-scorer", supplied);
  assert.equal(afterStored.body.cached, false, "the keywords' change dropped the entry");
  assert.equal(afterSupplied.body.cached, false, "and the supplied list's");
  assert.equal(brandOf(afterStored), 100);
  assert.equal(brandOf(afterSupplied), 100);
  assert.equal(await eventually(() => mediaEntries(user.id), 2), 2);
  // Another settings change leaves the media entries alone.
  await asService(
    sql,
    (tx) =>
      tx`update public.user_preferences set preferences = preferences || '{"rowsPerPage": 50}'
       where user_id = ${user.id}`,
  );
  assert.equal(
    (await call(user.client, "media-scorer", { analysisType: "quality" })).body.cached,
    true,
  );
  // Keywords in the body win over the settings.
  const own = await call(user.client, "media-scorer", {
    analysisType: "quality",
    brandKeywords: ["velvet"],
  });
  assert.equal(brandOf(own), 0);
});

Deno.test("a queued entry computed from the settings is dropped if they change before it is written", async () => {
  const user = await signUpUser("media-queued");
  const version = async () => {
    const [row] = await asService(
      sql,
      (tx) =>
        tx`select updated_at::text as version from public.user_preferences
         where user_id = ${user.id}`,
    );
    return row.version as string;
  };
  const key = (contextId: string) => ({ userId: user.id, type: "media" as const, contextId });
  const { dbUrl } = stackEnv();
  queueInsight(dbUrl, key("body:kept"), '{"kept": true}', { settingsVersion: await version() });
  await flushPending();
  assert.equal(await mediaEntries(user.id), 1, "unchanged settings: stored");
  // computed from the settings as they were, queued after they changed
  const before = await version();
  await asService(
    sql,
    (tx) =>
      tx`update public.user_preferences set preferences = preferences || '{"brandKeywords": ["silk"]}'
       where user_id = ${user.id}`,
  );
  queueInsight(dbUrl, key("body:stale"), '{"stale": true}', { settingsVersion: before });
  await flushPending();
  const contexts = await asService(sql, (tx) =>
    tx`select context_id from public.assistant_insights
       where user_id = ${user.id} and insight_type = 'media'`);
  assert.deepEqual(
    contexts.map((row) => row.context_id),
    [],
    "the keywords' change dropped the " +
      "stored entry, and the queued one computed before it was never written",
  );
});

Deno.test("analyzers answer bad input with the right problem", async () => {
  const user = await signUpUser("bad");
  const { url, anonKey } = stackEnv();
  const broken = await fetch(`${url}/functions/v1/logistics-analyzer`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.accessToken}`, apikey: anonKey },
    body: '{"sampleList": [',
  });
  assert.equal(broken.status, 400);
  assert.equal((await broken.json()).code, "malformed_json");
  const wrongType = await call(user.client, "logistics-analyzer", { sampleList: "nope" });
  assert.equal(wrongType.status, 422);
  assert.ok(wrongType.body.errors.sampleList);
  const badKind = await call(user.client, "media-scorer", { analysisType: "colour" });
  assert.equal(badKind.status, 422);
  const badId = await call(user.client, "events-optimizer", { eventId: "42" });
  assert.equal(badId.status, 422);
  const tooMany = await call(user.client, "logistics-analyzer", {
    sampleList: Array.from({ length: 10_001 }, (_, i) => ({
      id: `s${i}`,
      name: "x",
      category: "c",
      status: "requested",
    })),
  });
  assert.equal(tooMany.status, 413);
  assert.equal(tooMany.body.code, "payload_too_large");
  // Postgres cannot store a NUL: refused up front, naming the field, instead of failing mid-cache.
  const nul = await call(user.client, "logistics-analyzer", {
    sampleList: [{ id: "s1", name: "x", category: "Shoes\u0000", status: "requested" }],
  });
  assert.equal(nul.status, 422);
  assert.deepEqual(Object.keys(nul.body.errors), ["sampleList.0.category"]);
});

Deno.test("each analysisType returns exactly its parts, from stored data", async () => {
  const user = await signUpUser("parts");
  const claims = claimsOf(user);
  const [event] = await asUser(
    sql,
    claims,
    (tx) =>
      tx`insert into public.events (name, starts_at, ends_at)
       values ('Fitting', now() + interval '1 day', now() + interval '1 day 3 hours')
       returning id`,
  );
  await asUser(sql, claims, (tx) => [
    tx`insert into public.samples (name, category, status) values ('Coat', 'outerwear', 'awaiting')`,
    tx`insert into public.event_tasks (event_id, title, duration_minutes)
       values (${event.id}, 'Steam', 30)`,
    tx`insert into public.gallery_assets (look_id, shot_type, width, height)
       values ('L1', 'detail', 2000, 2000)`,
    tx`insert into public.shot_list_items (look_id, shot_type) values ('L1', 'detail')`,
  ]);
  const cases = [
    ["logistics-analyzer", {}, {
      readiness: ["readiness"],
      blockers: ["blockers"],
      batching: ["batching"],
      all: ["batching", "blockers", "readiness"],
    }],
    ["events-optimizer", { eventId: event.id }, {
      critical_path: ["criticalPath"],
      staffing: ["staffing"],
      run_of_show: ["runOfShow"],
      all: ["criticalPath", "runOfShow", "staffing"],
    }],
    ["media-scorer", {}, {
      quality: ["qualityScores"],
      missing: ["missingShots"],
      selects: ["selects"],
      all: ["missingShots", "qualityScores", "selects"],
    }],
  ] as const;
  for (const [name, extra, kinds] of cases) {
    for (const [analysisType, keys] of Object.entries(kinds)) {
      const { status, body } = await call(user.client, name, { ...extra, analysisType });
      assert.equal(status, 200, `${name} ${analysisType}`);
      const parts = Object.keys(body).filter((k) => k !== "cached" && k !== "calculatedAt");
      assert.deepEqual(parts.sort(), [...keys], `${name} ${analysisType}`);
    }
  }
});

Deno.test("analyzers refuse a body over 8 MB with 413 before reading it all", async () => {
  const user = await signUpUser("huge");
  const { url, anonKey } = stackEnv();
  const response = await fetch(`${url}/functions/v1/media-scorer`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.accessToken}`, apikey: anonKey },
    body: JSON.stringify({ assets: [], padding: "x".repeat(9 * 1024 * 1024) }),
  });
  assert.equal(response.status, 413);
  assert.equal((await response.json()).code, "payload_too_large");
});
