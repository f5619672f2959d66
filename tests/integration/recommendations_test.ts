/**
 * recommendations over real HTTP with the genuine supabase-js client: the caller's rows are
 * written through REST as that user, answers come from the stack's functions, and the cache
 * is seen to be dropped by the database's triggers when those rows change.
 */
import assert from "node:assert/strict";
import { createClient, FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import { anonClient, signUpUser, stackEnv } from "./_stack.ts";

interface Answer {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  body: any;
}

async function recommend(
  client: SupabaseClient,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const { data, error, response } = await client.functions.invoke("recommendations", {
    body: body as object,
    headers,
  });
  if (!error) return { status: 200, headers: response!.headers, body: data };
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const failed = error.context as Response;
  return { status: failed.status, headers: failed.headers, body: await failed.json() };
}

/** The shape every answer has: 3–5 items, best first, scores in [0, 1], a rationale each. */
function assertWellFormed(answer: Answer, type: string) {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.headers.get("cache-control"), "private, max-age=300");
  assert.equal(answer.body.recommendationType, type);
  const list = answer.body.recommendations;
  assert.ok(list.length >= 3 && list.length <= 5, `${list.length} recommendations`);
  for (const [i, r] of list.entries()) {
    assert.ok(r.score >= 0 && r.score <= 1, `score ${r.score}`);
    if (i > 0) assert.ok(list[i - 1].score >= r.score, "best first");
    assert.ok(typeof r.rationale === "string" && r.rationale.length > 10);
    assert.ok(r.item && typeof r.item === "object");
  }
}

function must<T>(result: { data: T | null; error: unknown }): T {
  if (result.error) throw new Error(JSON.stringify(result.error));
  return result.data as T;
}

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const dayFromNow = (days: number) => hoursFromNow(days * 24).slice(0, 10);

Deno.test("recommendations: next actions from the caller's stored work, cached until it changes", async () => {
  const owner = await signUpUser("next-actions");
  const db = owner.client;
  must(
    await db.from("samples").insert([
      // a hero piece two days late for a shoot in two days: a critical blocker
      {
        name: "Column gown",
        category: "Dresses",
        status: "in_transit",
        is_hero: true,
        expected_at: hoursFromNow(-48),
        shoot_date: dayFromNow(2),
      },
      {
        name: "Chelsea boots",
        category: "Footwear",
        status: "on_set",
        is_hero: false,
        expected_at: hoursFromNow(-72),
        shoot_date: dayFromNow(2),
      },
    ]),
  );
  const [event] = must(
    await db.from("events").insert({
      name: "SS27 show",
      starts_at: hoursFromNow(30),
      ends_at: hoursFromNow(32),
      staffing_required: { dresser: 4 },
    }).select("id"),
  ) as { id: string }[];
  const [blocked] = must(
    await db.from("event_tasks").insert({
      event_id: event.id,
      title: "Collect hero samples",
      status: "blocked",
      duration_minutes: 120,
    }).select("id"),
  ) as { id: string }[];
  must(await db.from("event_staff").insert({ event_id: event.id, name: "Ana", role: "dresser" }));

  const first = await recommend(db, { recommendationType: "next_actions" });
  assertWellFormed(first, "next_actions");
  assert.equal(first.body.cached, false);
  const byKind = new Map(
    first.body.recommendations.map((r: { item: { kind: string } }) => [r.item.kind, r]),
  );
  // deno-lint-ignore no-explicit-any
  const heroes = byKind.get("late_heroes") as any;
  assert.equal(heroes.action, "/logistics/samples?filter=late");
  assert.match(heroes.rationale, /Column gown \(2 days late\); most severe blocker: critical/);
  // deno-lint-ignore no-explicit-any
  const task = byKind.get("blocked_task") as any;
  assert.equal(task.action, `/events/${event.id}/tasks/${blocked.id}`);
  assert.match(task.rationale, /Blocked on the critical path of "SS27 show" starts in 30 h/);
  // deno-lint-ignore no-explicit-any
  const staffing = byKind.get("staffing_gap") as any;
  assert.match(staffing.rationale, /3 dresser/);
  assert.equal(first.body.recommendations[0].item.kind, "late_heroes", "urgency 1 × impact 0.8");

  const again = await recommend(db, { recommendationType: "next_actions", context: { x: 1 } });
  assert.equal(again.body.cached, true, "same user and input (ignored keys aside): from the cache");
  assert.deepEqual(again.body.recommendations, first.body.recommendations);

  // Unblocking the task through REST drops the entry (event_tasks trigger).
  must(await db.from("event_tasks").update({ status: "done" }).eq("id", blocked.id));
  const after = await recommend(db, { recommendationType: "next_actions" });
  assert.equal(after.body.cached, false, "the task change dropped the cached answer");
  assert.ok(
    !after.body.recommendations.some((r: { item: { kind: string } }) =>
      r.item.kind === "blocked_task"
    ),
  );

  // Another user never sees the owner's work, until the owner makes them a member.
  const member = await signUpUser("member");
  const before = await recommend(member.client, { recommendationType: "next_actions" });
  assertWellFormed(before, "next_actions");
  assert.deepEqual(
    before.body.recommendations.map((r: { item: { kind: string } }) => r.item.kind),
    ["get_started", "get_started", "get_started"],
  );
  assert.equal(
    (await recommend(member.client, { recommendationType: "next_actions" })).body.cached,
    true,
  );
  must(await db.from("event_members").insert({ event_id: event.id, user_id: member.id }));
  const joined = await recommend(member.client, { recommendationType: "next_actions" });
  assert.equal(joined.body.cached, false, "joining the event dropped the member's entry");
  assert.ok(
    joined.body.recommendations.some((r: { action: string }) =>
      r.action === `/events/${event.id}/staffing`
    ),
  );
});

Deno.test("recommendations: packages fit the stored samples, budget and timeline; catalogue edits drop the cache", async () => {
  const user = await signUpUser("packages");
  must(
    await user.client.from("samples").insert(
      ["Jewelry", "Jewelry", "Jewelry", "Accessories"].map((category, i) => ({
        name: `Piece ${i}`,
        category,
        status: "requested",
        shoot_date: dayFromNow(10),
      })),
    ),
  );
  const ask = { recommendationType: "packages", context: { budget: 1000, timeline: "10 days" } };
  const first = await recommend(user.client, ask);
  assertWellFormed(first, "packages");
  const [best] = first.body.recommendations;
  // 4 of 4 samples are jewelry or accessories; EUR 280, one day's lead time, 210 bookings.
  assert.equal(best.item.slug, "small-goods-courier");
  assert.match(best.rationale, /Fit 100%: 4 of 4 samples are jewelry, accessories/);
  assert.match(best.rationale, /within the budget of EUR 1,000/);
  assert.equal(best.action, "/services/packages/small-goods-courier");
  for (const r of first.body.recommendations) {
    if (r.item.price > 1000) {
      assert.ok(r.score <= 0.5, `${r.item.slug} is over budget: at most half a score`);
      assert.match(r.rationale, /penalized/);
    }
  }
  const jewelry = first.body.recommendations.find((r: { item: { slug: string } }) =>
    r.item.slug === "fine-jewelry-handling"
  );
  assert.ok(jewelry, "the jewelry handler fits this wardrobe");

  assert.equal((await recommend(user.client, ask)).body.cached, true);
  const other = await recommend(user.client, { ...ask, context: { budget: 50_000 } });
  assert.equal(other.body.cached, false, "another input is another entry");

  // The service role edits the catalogue: every package answer is recomputed.
  const { url, serviceRoleKey } = stackEnv();
  const service = createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const [row] = must(
    await service.from("service_packages").select("popularity").eq("slug", "small-goods-courier"),
  ) as { popularity: number }[];
  must(
    await service.from("service_packages").update({ popularity: row.popularity })
      .eq("slug", "small-goods-courier"),
  );
  assert.equal((await recommend(user.client, ask)).body.cached, false, "catalogue trigger");

  // A new sample changes the fit: the samples trigger drops the entry.
  assert.equal((await recommend(user.client, ask)).body.cached, true);
  must(
    await user.client.from("samples").insert({
      name: "Coat",
      category: "Outerwear",
      status: "requested",
      shoot_date: dayFromNow(10),
    }),
  );
  const refit = await recommend(user.client, ask);
  assert.equal(refit.body.cached, false, "samples trigger");
  const courier = refit.body.recommendations.find((r: { item: { slug: string } }) =>
    r.item.slug === "small-goods-courier"
  );
  assert.match(courier.rationale, /Fit 80%: 4 of 5 samples are jewelry, accessories/);

  // Readable by signed-in users, written by nobody else.
  const read = must(await user.client.from("service_packages").select("slug")) as unknown[];
  assert.ok(read.length >= 10);
  const write = await user.client.from("service_packages").update({ price: 1 }).eq(
    "slug",
    "small-goods-courier",
  ).select("slug");
  assert.ok(write.error || write.data?.length === 0, "a user cannot change the catalogue");
  const insert = await user.client.from("service_packages").insert({
    slug: "mine",
    name: "Mine",
    price: 1,
    lead_time_days: 1,
    categories: ["x"],
  });
  assert.ok(insert.error, "a user cannot add to the catalogue");
  const anon = await anonClient().from("service_packages").select("slug");
  assert.ok(anon.error || anon.data?.length === 0, "anonymous callers read nothing");
});

Deno.test("recommendations: features the caller has not used yet, refreshed when they use one", async () => {
  const user = await signUpUser("features");
  must(
    await user.client.from("events").insert({
      name: "Presentation",
      starts_at: hoursFromNow(72),
    }),
  );
  const ask = {
    recommendationType: "features",
    context: { userRole: "Event Manager", currentPage: "/events" },
  };
  const first = await recommend(user.client, ask);
  assertWellFormed(first, "features");
  const ids = first.body.recommendations.map((r: { item: { id: string } }) => r.item.id);
  // made for event managers, with an event stored, on an events page: 0.5 + 0.3 + 0.2
  assert.deepEqual(ids.slice(0, 3), ["critical_path", "run_of_show", "staffing_gaps"]);
  assert.equal(first.body.recommendations[0].score, 1);
  assert.ok(!ids.includes("ai_settings"), "not an administrator");

  // Using the critical path (the analyzer records it) drops the entry: it is no longer new.
  const used = await user.client.functions.invoke("events-optimizer", {
    body: {
      analysisType: "critical_path",
      event: {
        id: "e1",
        name: "Loop",
        startsAt: "2030-01-01T18:00:00Z",
        endsAt: "2030-01-01T20:00:00Z",
      },
    },
  });
  assert.equal(used.error, null);
  let after = await recommend(user.client, ask);
  // The analytics row is written in a batch after the analyzer's answer.
  for (let i = 0; i < 50 && after.body.cached; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await recommend(user.client, ask);
  }
  assert.equal(after.body.cached, false);
  const now = after.body.recommendations.map((r: { item: { id: string } }) => r.item.id);
  assert.ok(!now.includes("critical_path"), `used features are left out: ${now}`);
});

Deno.test("recommendations: refuses a spoofed userId and bad input with problems", async () => {
  const user = await signUpUser("spoof");
  const other = await signUpUser("victim");
  const spoofed = await recommend(user.client, {
    userId: other.id,
    recommendationType: "next_actions",
  });
  assert.equal(spoofed.status, 403);
  assert.equal(spoofed.headers.get("content-type"), "application/problem+json");
  assert.equal(spoofed.body.code, "forbidden");
  assert.match(spoofed.body.detail, /userId/);
  assert.ok(spoofed.body.requestId);

  const own = await recommend(user.client, {
    userId: user.id.toUpperCase(),
    recommendationType: "next_actions",
  });
  assert.equal(own.status, 200, "one's own id, in any case, is fine");

  const cases: [unknown, number, string, string?][] = [
    [{ recommendationType: "gifts" }, 422, "validation_failed", "recommendationType"],
    [{}, 422, "validation_failed", "recommendationType"],
    [
      { recommendationType: "packages", context: { budget: -1 } },
      422,
      "validation_failed",
      "context.budget",
    ],
    [
      { recommendationType: "packages", context: { timeline: "soonish" } },
      422,
      "validation_failed",
      "context.timeline",
    ],
    [{ recommendationType: "features", context: "yes" }, 422, "validation_failed", "context"],
    [{ recommendationType: "features", userId: 7 }, 422, "validation_failed", "userId"],
  ];
  for (const [body, status, code, field] of cases) {
    const answer = await recommend(user.client, body);
    assert.equal(answer.status, status, JSON.stringify(body));
    assert.equal(answer.body.code, code);
    if (field) assert.ok(answer.body.errors?.[field], `${JSON.stringify(answer.body.errors)}`);
  }

  const { url, anonKey } = stackEnv();
  const malformed = await fetch(`${url}/functions/v1/recommendations`, {
    method: "POST",
    headers: { Authorization: `Bearer ${user.accessToken}`, apikey: anonKey },
    body: "{not json",
  });
  assert.equal(malformed.status, 400);
  assert.equal((await malformed.json()).code, "malformed_json");

  const anonymous = await recommend(anonClient(), { recommendationType: "features" });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.code, "unauthorized");
});
