/**
 * The assistant over real HTTP with the genuine supabase-js client: the rules' answers on
 * supplied and stored data, the conversation rows, streaming, history, feedback and UI events.
 * No model: these users have no Anthropic key.
 */
import assert from "node:assert/strict";
import { FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { asService } from "../../supabase/functions/_shared/db.ts";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const sql = postgres(stackEnv().dbUrl, { max: 2, prepare: false, onnotice: () => {} });
Deno.test.afterAll(() => sql.end());

const FN = "chat-orchestrator";

/** Calls the function; `{status, body}` for success and problem alike. */
async function call(
  client: SupabaseClient,
  body: unknown,
  options: { path?: string; method?: "GET" | "POST"; headers?: Record<string, string> } = {},
) {
  const { data, error } = await client.functions.invoke(`${FN}${options.path ?? ""}`, {
    method: options.method ?? "POST",
    ...(body === undefined ? {} : { body: body as object }),
    headers: options.headers,
  });
  if (!error) return { status: 200, body: data };
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const response = error.context as Response;
  return { status: response.status, body: await response.json() };
}

const chat = (user: TestUser, body: Record<string, unknown>, headers?: Record<string, string>) =>
  call(user.client, { sessionId: crypto.randomUUID(), currentKit: "logistics", ...body }, {
    headers,
  });

async function conversationRow(user: TestUser, id: string) {
  const { data, error } = await user.client.from("assistant_conversations")
    .select(
      "session_id, message, kit_context, page_route, intent_detected, skill_used, " +
        "response_time_ms, response, helpful",
    )
    .eq("id", id).maybeSingle();
  assert.equal(error, null);
  return data as Record<string, unknown> | null;
}

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

// Readiness 5 of 8 (63 %); the gown and the coat are late heroes.
const SAMPLES = [
  {
    name: "Silk gown",
    category: "dresses",
    status: "in_transit",
    is_hero: true,
    expected_at: daysAgo(2),
  },
  {
    name: "Red coat",
    category: "coats",
    status: "requested",
    is_hero: true,
    expected_at: daysAgo(1),
  },
  { name: "Belt", category: "accessories", status: "awaiting", is_hero: false },
  { name: "Blazer", category: "dresses", status: "on_set", is_hero: true },
  { name: "Slip dress", category: "dresses", status: "shot", is_hero: false },
  { name: "Trench", category: "coats", status: "on_set", is_hero: false },
  { name: "Scarf", category: "accessories", status: "on_set", is_hero: false },
  { name: "Bag", category: "accessories", status: "shot", is_hero: false },
];

const SAMPLE_LIST = SAMPLES.map((s, i) => ({
  id: `s${i + 1}`,
  name: s.name,
  category: s.category,
  status: s.status,
  isHero: s.is_hero,
  expectedAt: s.expected_at ?? null,
}));

Deno.test("chat answers a blank message kindly with suggestions, and logs the exchange", async () => {
  const user = await signUpUser("chat-blank");
  const sessionId = crypto.randomUUID();
  const answer = await chat(user, { message: "   ", sessionId, currentRoute: "/logistics" });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.intent, "help");
  assert.equal(answer.body.skill, "help");
  assert.equal(answer.body.source, "rules");
  assert.equal(answer.body.type, "text");
  assert.match(answer.body.content, /^Ask me anything/);
  assert.deepEqual(answer.body.followUp, [
    "What is our readiness?",
    "Which samples are late?",
    "How should I batch the samples?",
  ]);
  assert.equal(typeof answer.body.responseTime, "number");
  const row = await conversationRow(user, answer.body.conversationId);
  assert.ok(row, "the exchange is written in the same request");
  assert.equal(row.session_id, sessionId);
  assert.equal(row.message, "   ");
  assert.equal(row.kit_context, "logistics");
  assert.equal(row.page_route, "/logistics");
  assert.equal(row.intent_detected, "help");
  assert.equal(row.skill_used, "help");
  assert.equal(row.response_time_ms, Math.round(answer.body.responseTime));
  assert.equal((row.response as { content: string }).content, answer.body.content);

  const unclear = await chat(user, { message: "qwxz plmk" });
  assert.equal(unclear.status, 200);
  assert.match(unclear.body.content, /^Sorry, I didn't catch that/);
});

Deno.test("chat answers readiness on a supplied sample list with the figures and severity", async () => {
  const user = await signUpUser("chat-context");
  const answer = await chat(user, {
    message: "What is our readiness?",
    userContext: { sampleList: SAMPLE_LIST },
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.skill, "readiness");
  assert.equal(answer.body.intent, "question");
  assert.match(
    answer.body.content,
    /^Readiness is 63%: 5 of 8 samples are on set or shot; 2 hero samples are late: Silk gown \(2 days late\) and Red coat \(1 day late\)\./,
  );
  assert.equal(answer.body.severity, "critical");
  assert.deepEqual(answer.body.actions[0], {
    label: "Review late samples",
    target: "/logistics/samples?filter=late",
    primary: true,
  });
  assert.ok(answer.body.actions.slice(1).every((a: { primary?: boolean }) => !a.primary));
});

Deno.test("chat reads the caller's stored samples through the analyzers' cache entry", async () => {
  const user = await signUpUser("chat-stored");
  const other = await signUpUser("chat-stored-other");
  const { error } = await user.client.from("samples").insert(SAMPLES);
  assert.equal(error, null);

  const late = await chat(user, { message: "Which samples are late?" });
  assert.equal(late.status, 200);
  assert.equal(late.body.skill, "blockers");
  assert.match(
    late.body.content,
    /^2 samples are late or at risk \(2 critical\)\. Silk gown \(hero\)/,
  );
  assert.equal(late.body.severity, "critical");
  assert.match(late.body.actions[1].target, /^\/logistics\/samples\/[0-9a-f-]{36}$/);

  // The stored analysis is the logistics analyzer's own entry: it answers from it.
  const analyzer = await user.client.functions.invoke("logistics-analyzer", {
    body: { analysisType: "readiness" },
  });
  assert.equal(analyzer.error, null);
  assert.equal(analyzer.data.cached, true);
  assert.equal(analyzer.data.readiness.percent, 62.5);

  // A change to the samples drops the entry (the analyzers' trigger); the next answer sees it.
  const { error: updateError } = await user.client.from("samples")
    .update({ status: "on_set" }).eq("name", "Red coat");
  assert.equal(updateError, null);
  const after = await chat(user, { message: "What is our readiness?" });
  assert.match(after.body.content, /^Readiness is 75%: 6 of 8 samples/);

  // Someone else sees none of it.
  const stranger = await chat(other, { message: "Which samples are late?" });
  assert.match(stranger.body.content, /^You have no samples tracked yet/);
});

async function storedEvent(user: TestUser) {
  const startsAt = new Date(Date.now() + 6 * 3_600_000);
  const { data: event, error } = await user.client.from("events").insert({
    name: "Spring show",
    starts_at: startsAt.toISOString(),
    ends_at: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    staffing_required: { dresser: 4 },
  }).select("id").single();
  assert.equal(error, null);
  const { data: rig } = await user.client.from("event_tasks").insert({
    event_id: event!.id,
    title: "Rig",
    status: "todo",
    duration_minutes: 120,
    phase: "setup",
  }).select("id").single();
  const { error: tasksError } = await user.client.from("event_tasks").insert({
    event_id: event!.id,
    title: "Lights",
    status: "blocked",
    duration_minutes: 90,
    depends_on: [rig!.id],
    phase: "setup",
    deadline: new Date(Date.now() + 2 * 3_600_000).toISOString(),
  });
  assert.equal(tasksError, null);
  const { error: staffError } = await user.client.from("event_staff").insert([
    { event_id: event!.id, name: "Ana", role: "dresser" },
    { event_id: event!.id, name: "Ben", role: "dresser" },
  ]);
  assert.equal(staffError, null);
  return event!.id as string;
}

Deno.test("chat answers about the caller's next stored event; another user's event is not theirs", async () => {
  const user = await signUpUser("chat-event");
  const other = await signUpUser("chat-event-other");
  const eventId = await storedEvent(user);

  const track = await chat(user, { message: "Are we on track?", currentKit: "events" });
  assert.equal(track.status, 200);
  assert.equal(track.body.skill, "critical_path");
  assert.match(
    track.body.content,
    /^Spring show is on track: setup finishes 2 h (29|30) min before the start\. Critical path: Rig → Lights\. 1 critical task is at risk: Lights \(blocked\)\./,
  );
  assert.equal(track.body.severity, "warning");
  assert.match(
    track.body.actions[0].target,
    new RegExp(`^/events/${eventId}/tasks/[0-9a-f-]{36}$`),
  );

  const staff = await chat(user, {
    message: "Are we short of staff?",
    currentRoute: `/events/${eventId}/staffing`,
  });
  assert.equal(staff.body.content, "Spring show is 2 people short across 1 role: dresser 2 of 4.");

  const due = await chat(user, {
    message: "What is due in the next 24 hours?",
    currentKit: "events",
  });
  assert.equal(due.body.skill, "deadlines");
  assert.match(
    due.body.content,
    /^Spring show: 1 task is due in the next 24 hours: Lights \(due in /,
  );

  // The route names someone else's event: RLS hides it, so there is nothing to tell.
  const stranger = await chat(other, {
    message: "Are we on track?",
    currentRoute: `/events/${eventId}/tasks`,
  });
  assert.equal(stranger.status, 200);
  assert.match(stranger.body.content, /^There is no event to look at yet/);
  assert.doesNotMatch(stranger.body.content, /Spring show/);
});

Deno.test("chat answers media questions on supplied lists and navigation with a deep link", async () => {
  const user = await signUpUser("chat-media");
  const missing = await chat(user, {
    message: "Which shots are missing?",
    currentKit: "media",
    userContext: {
      galleryAssets: [{ id: "a1", lookId: "L1", shotType: "front", width: 2000, height: 3000 }],
      shotList: [
        { id: "i1", lookId: "L1", shotType: "front", quantity: 2 },
        { id: "i2", lookId: "L1", shotType: "back" },
      ],
    },
  });
  assert.equal(missing.body.skill, "missing_shots");
  assert.equal(
    missing.body.content,
    "2 required shots are still missing across 1 look: L1 front (1 of 2) and L1 back (0 of 1).",
  );
  assert.equal(missing.body.severity, "warning");
  assert.equal(missing.body.actions[0].target, "/media/shots?missing=1");

  const go = await chat(user, { message: "Take me to the late samples", currentKit: "media" });
  assert.equal(go.body.type, "navigation");
  assert.equal(go.body.intent, "navigation");
  assert.deepEqual(go.body.actions, [
    { label: "Late samples", target: "/logistics/samples?filter=late", primary: true },
  ]);

  const next = await chat(user, { message: "What should I do next?", currentKit: "general" });
  assert.equal(next.status, 200);
  assert.equal(next.body.skill, "recommendations");
  assert.match(next.body.content, /^Next: 1\. /);
});

Deno.test("chat streams the rules' answer as one delta, then the full response", async () => {
  const user = await signUpUser("chat-stream");
  const { url, anonKey } = stackEnv();
  const response = await fetch(`${url}/functions/v1/${FN}`, {
    method: "POST",
    headers: {
      apikey: anonKey,
      authorization: `Bearer ${user.accessToken}`,
      "content-type": "application/json",
      accept: "text/event-stream",
    },
    body: JSON.stringify({
      message: "What is our readiness?",
      currentKit: "logistics",
      sessionId: crypto.randomUUID(),
      userContext: { sampleList: SAMPLE_LIST },
    }),
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type")!, /^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
  }
  const events = text.trim().split("\n\n").map((block) => {
    const [event, data] = block.split("\n");
    return { event: event.replace("event: ", ""), data: JSON.parse(data.replace("data: ", "")) };
  });
  assert.deepEqual(events.map((e) => e.event), ["delta", "response"]);
  assert.match(events[0].data.text, /^Readiness is 63%/);
  assert.equal(events[1].data.content, events[0].data.text);
  assert.equal(events[1].data.source, "rules");
  assert.ok(await conversationRow(user, events[1].data.conversationId));
});

Deno.test("chat refuses malformed and invalid bodies with problems, never a 500", async () => {
  const user = await signUpUser("chat-invalid");
  const noSession = await call(user.client, { message: "hi" });
  assert.equal(noSession.status, 422);
  assert.ok(noSession.body.errors.sessionId);
  const spoofed = await chat(user, { message: "hi", userId: crypto.randomUUID() });
  assert.equal(spoofed.status, 422, "the user is the token's, never the body's");
  const history = await chat(user, {
    message: "hi",
    conversationHistory: Array.from({ length: 11 }, () => ({ role: "user", content: "x" })),
  });
  assert.equal(history.status, 422);
  const badList = await chat(user, { message: "hi", userContext: { sampleList: [{ id: "x" }] } });
  assert.equal(badList.status, 422);
  const { url, anonKey } = stackEnv();
  const malformed = await fetch(`${url}/functions/v1/${FN}`, {
    method: "POST",
    headers: { apikey: anonKey, authorization: `Bearer ${user.accessToken}` },
    body: "{not json",
  });
  assert.equal(malformed.status, 400);
  assert.equal((await malformed.json()).code, "malformed_json");
});

Deno.test("history lists the caller's own exchanges, newest first, page by page", async () => {
  const user = await signUpUser("chat-history");
  const other = await signUpUser("chat-history-other");
  const sessionId = crypto.randomUUID();
  const ids: string[] = [];
  for (const message of ["help", "Which samples are late?", "What is our readiness?"]) {
    ids.push((await chat(user, { message, sessionId })).body.conversationId);
  }
  await chat(user, { message: "help", sessionId: crypto.randomUUID() });
  await chat(other, { message: "help", sessionId });

  const first = await call(user.client, undefined, {
    method: "GET",
    path: `/history?sessionId=${sessionId}&limit=2`,
  });
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.conversations.map((c: { id: string }) => c.id), [ids[2], ids[1]]);
  assert.equal(first.body.conversations[0].skill, "readiness");
  assert.equal(first.body.conversations[0].sessionId, sessionId);
  assert.ok(first.body.nextBefore);
  const second = await call(user.client, undefined, {
    method: "GET",
    path: `/history?sessionId=${sessionId}&limit=2&before=${
      encodeURIComponent(first.body.nextBefore)
    }`,
  });
  assert.deepEqual(second.body.conversations.map((c: { id: string }) => c.id), [ids[0]]);
  assert.equal(second.body.nextBefore, null);

  const all = await call(user.client, undefined, { method: "GET", path: "/history" });
  assert.equal(all.body.conversations.length, 4, "every session of the caller, nobody else's");

  const bad = await call(user.client, undefined, { method: "GET", path: "/history?limit=0" });
  assert.equal(bad.status, 422);
});

Deno.test("feedback marks the caller's own exchange; someone else's is a 404", async () => {
  const user = await signUpUser("chat-feedback");
  const other = await signUpUser("chat-feedback-other");
  const { conversationId } = (await chat(user, { message: "help" })).body;

  const stranger = await call(other.client, { conversationId, helpful: false }, {
    path: "/feedback",
  });
  assert.equal(stranger.status, 404);
  assert.equal((await conversationRow(user, conversationId))!.helpful, null);

  const own = await call(user.client, { conversationId, helpful: true }, { path: "/feedback" });
  assert.equal(own.status, 200);
  assert.deepEqual(own.body, { conversationId, helpful: true });
  assert.equal((await conversationRow(user, conversationId))!.helpful, true);

  const missing = await call(user.client, { conversationId: crypto.randomUUID(), helpful: true }, {
    path: "/feedback",
  });
  assert.equal(missing.status, 404);
  const invalid = await call(user.client, { conversationId: "nope", helpful: true }, {
    path: "/feedback",
  });
  assert.equal(invalid.status, 422);
});

Deno.test("events records assistant UI events for the caller, PII redacted", async () => {
  const user = await signUpUser("chat-events");
  const sessionId = crypto.randomUUID();
  const recorded = await call(user.client, {
    eventType: "action_clicked",
    eventData: { target: "/logistics/samples?filter=late", note: "mail ana@example.com" },
    pageRoute: "/logistics",
    kitContext: "logistics",
    sessionId,
  }, { path: "/events" });
  assert.equal(recorded.status, 200); // a 201: supabase-js reports any 2xx as data
  assert.equal(recorded.body.eventType, "action_clicked");
  const [row] = await asService(
    sql,
    (tx) =>
      tx`select user_id::text, event_type, event_data, page_route, kit_context, session_id::text
         from public.analytics_events where id = ${recorded.body.id}`,
  );
  assert.equal(row.user_id, user.id);
  assert.equal(row.event_type, "action_clicked");
  assert.equal(row.event_data.note, "mail [redacted-email]");
  assert.equal(row.session_id, sessionId);
  assert.equal(row.kit_context, "logistics");

  const bad = await call(user.client, { eventType: "Not An Event" }, { path: "/events" });
  assert.equal(bad.status, 422);
  const spoofed = await call(user.client, { eventType: "kit_switched", userId: user.id }, {
    path: "/events",
  });
  assert.equal(spoofed.status, 422);
});

Deno.test("a chat message and a UI event sent again with the same Idempotency-Key count once", async () => {
  const user = await signUpUser("chat-idempotent");
  const body = { message: "help", sessionId: crypto.randomUUID(), currentKit: "media" };
  const headers = { "Idempotency-Key": `chat-${crypto.randomUUID()}` };
  const first = await call(user.client, body, { headers });
  const again = await call(user.client, body, { headers });
  assert.equal(first.status, 200);
  assert.deepEqual(again.body, first.body, "the replay is the first answer");
  const { count } = await user.client.from("assistant_conversations")
    .select("id", { count: "exact", head: true }).eq("session_id", body.sessionId);
  assert.equal(count, 1);
  const changed = await call(user.client, { ...body, message: "other" }, { headers });
  assert.equal(changed.status, 409);

  const eventHeaders = { "Idempotency-Key": `event-${crypto.randomUUID()}` };
  const event = { eventType: "assistant_opened", sessionId: body.sessionId };
  const once = await call(user.client, event, { path: "/events", headers: eventHeaders });
  const twice = await call(user.client, event, { path: "/events", headers: eventHeaders });
  assert.equal(twice.body.id, once.body.id);
  const [{ n }] = await asService(
    sql,
    (tx) =>
      tx`select count(*)::int as n from public.analytics_events
         where user_id = ${user.id} and event_type = 'assistant_opened'`,
  );
  assert.equal(n, 1);
});

/** The caller's cache entries of `type`: their hit counts, once `expected` (written in batches). */
async function insightHits(userId: string, type: string, expected: number[]) {
  const read = async () =>
    (await asService(
      sql,
      (tx) =>
        tx`select cache_hit_count from public.assistant_insights
           where user_id = ${userId} and insight_type = ${type} order by calculated_at`,
    )).map((row) => row.cache_hit_count as number);
  let hits = await read();
  for (let i = 0; i < 100 && JSON.stringify(hits) !== JSON.stringify(expected); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    hits = await read();
  }
  return hits;
}

Deno.test("chat reads the media scorer's and events optimizer's entries of stored data, not copies", async () => {
  const user = await signUpUser("chat-shared-cache");
  const { error: shotsError } = await user.client.from("shot_list_items").insert([
    { look_id: "L1", shot_type: "front", quantity: 2 },
  ]);
  assert.equal(shotsError, null);
  const { error: assetError } = await user.client.from("gallery_assets").insert([
    { look_id: "L1", shot_type: "front", width: 2000, height: 3000, status: "approved" },
  ]);
  assert.equal(assetError, null);
  const scored = await user.client.functions.invoke("media-scorer", {
    body: { analysisType: "missing" },
  });
  assert.equal(scored.error, null);
  assert.equal(scored.data.cached, false);
  const missing = await chat(user, { message: "Which shots are missing?", currentKit: "media" });
  assert.equal(
    missing.body.content,
    "1 required shot is still missing across 1 look: L1 front (1 of 2).",
  );
  assert.deepEqual(await insightHits(user.id, "media", [1]), [1], "one entry, read by the chat");

  const eventId = await storedEvent(user);
  const optimized = await user.client.functions.invoke("events-optimizer", {
    body: { analysisType: "staffing", eventId },
  });
  assert.equal(optimized.error, null);
  const staff = await chat(user, {
    message: "Are we short of staff?",
    currentRoute: `/events/${eventId}`,
  });
  assert.equal(staff.body.content, "Spring show is 2 people short across 1 role: dresser 2 of 4.");
  assert.deepEqual(await insightHits(user.id, "events", [1]), [1]);
});
