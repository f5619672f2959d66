/**
 * The assistant with a model, over real HTTP: the genuine supabase-js client calls
 * chat-orchestrator, which asks the Anthropic stand-in (tests/_fake_anthropic.ts, at
 * ANTHROPIC_BASE_URL) through the genuine SDK. Each user stores a key of their own through
 * their AI configuration, which picks the stand-in's script for them.
 */
import assert from "node:assert/strict";
import { FunctionsHttpError } from "@supabase/supabase-js";
import type { FakeStep } from "../_fake_anthropic.ts";
import { FAST_RETRIES, received, script, userWithKey } from "./_model.ts";
import { stackEnv, type TestUser } from "./_stack.ts";

const FN = "chat-orchestrator";

/** A user whose own AI configuration holds a fresh key; the stand-in answers it by `steps`. */
async function userWithModel(
  label: string,
  steps: FakeStep[],
  configuration: Record<string, unknown> = FAST_RETRIES,
): Promise<{ user: TestUser; apiKey: string }> {
  const found = await userWithKey(label, configuration);
  await script(found.apiKey, steps);
  return found;
}

// Readiness 5 of 8 (62.5 %): the gown and the coat are late heroes.
const DAY = 86_400_000;
const SAMPLE_LIST = [
  ["Silk gown", "dresses", "in_transit", true, 2],
  ["Red coat", "coats", "requested", true, 1],
  ["Belt", "accessories", "awaiting", false, null],
  ["Blazer", "dresses", "on_set", true, null],
  ["Slip dress", "dresses", "shot", false, null],
  ["Trench", "coats", "on_set", false, null],
  ["Scarf", "accessories", "on_set", false, null],
  ["Bag", "accessories", "shot", false, null],
].map(([name, category, status, isHero, daysLate], i) => ({
  id: `s${i + 1}`,
  name,
  category,
  status,
  isHero,
  expectedAt: daysLate === null
    ? null
    : new Date(Date.now() - Number(daysLate) * DAY).toISOString(),
}));

const READINESS = {
  message: "How ready is the shoot?",
  currentKit: "logistics",
  userContext: { sampleList: SAMPLE_LIST },
};

async function chat(user: TestUser, body: Record<string, unknown>) {
  const { data, error } = await user.client.functions.invoke(FN, {
    body: { sessionId: crypto.randomUUID(), ...body },
  });
  if (error) {
    assert.ok(error instanceof FunctionsHttpError, String(error));
    const response = error.context as Response;
    throw new Error(`${response.status}: ${await response.text()}`);
  }
  return data;
}

/** The rules' answer to READINESS, for comparison. */
const RULES_READINESS =
  /^Readiness is 63%: 5 of 8 samples are on set or shot; 2 hero samples are late/;

async function sourceLogged(user: TestUser, conversationId: string) {
  const { data, error } = await user.client.from("assistant_conversations")
    .select("skill_used, response").eq("id", conversationId).single();
  assert.equal(error, null);
  return data as { skill_used: string; response: { source: string; content: string } };
}

Deno.test("chat with a model: a plain answer is the model's text with the skill's links", async () => {
  const { user, apiKey } = await userWithModel("chat-model-plain", [
    { type: "text", text: "The shoot needs attention: two heroes are not in yet." },
  ]);
  const answer = await chat(user, READINESS);
  assert.equal(answer.source, "model");
  assert.equal(answer.content, "The shoot needs attention: two heroes are not in yet.");
  assert.equal(answer.skill, "readiness", "no tool called: the rules' skill");
  assert.equal(answer.actions[0].primary, true);
  assert.ok(answer.followUp.length >= 2);
  const [request] = await received(apiKey);
  const tools = (request.body.tools as Array<{ name: string }>).map((t) => t.name);
  for (const name of ["readiness", "blockers", "critical_path", "missing_shots", "navigate"]) {
    assert.ok(tools.includes(name), name);
  }
  const logged = await sourceLogged(user, answer.conversationId);
  assert.equal(logged.response.source, "model");
});

Deno.test("chat with a model: a tool call's figures reach the answer, actions come from the skill", async () => {
  const { user, apiKey } = await userWithModel("chat-model-tool", [
    { type: "tool_use", name: "blockers", input: {} },
    { type: "text", text: "2 samples are late: the Silk gown (2 days) and the Red coat (1 day)." },
  ]);
  const answer = await chat(user, READINESS);
  assert.equal(answer.source, "model");
  assert.equal(answer.skill, "blockers");
  assert.equal(answer.severity, "critical");
  assert.equal(answer.actions[0].target, "/logistics/samples?filter=late");
  const requests = await received(apiKey);
  assert.equal(requests.length, 2);
  const sent = JSON.stringify(requests[1].body.messages);
  assert.match(sent, /tool_result/);
  assert.match(sent, /Silk gown \(hero\): Expected 2 days ago/, "the tool ran the blockers skill");
});

Deno.test("chat with a model: a figure no tool gave is not passed on; the rules answer", async () => {
  const { user } = await userWithModel("chat-model-invented", [
    { type: "text", text: "Readiness is 97%, all good." },
  ]);
  const answer = await chat(user, READINESS);
  assert.equal(answer.source, "rules");
  assert.match(answer.content, RULES_READINESS);
});

Deno.test("chat with a model: a 429 with retry-after is retried, then the model answers", async () => {
  const { user, apiKey } = await userWithModel("chat-model-429", [
    { type: "error", status: 429, headers: { "retry-after": "0" } },
    { type: "text", text: "Two heroes are late." },
  ]);
  const answer = await chat(user, READINESS);
  assert.equal(answer.source, "model");
  assert.equal(answer.content, "Two heroes are late.");
  assert.equal((await received(apiKey)).length, 2);
});

for (
  const [label, step] of [
    ["an overloaded model (529)", { type: "error", status: 529 }],
    ["a server error (500)", { type: "error", status: 500 }],
    ["a malformed answer", { type: "malformed" }],
  ] as Array<[string, FakeStep]>
) {
  Deno.test(`chat with a model: ${label} gives the rules' answer`, async () => {
    const { user, apiKey } = await userWithModel(`chat-model-${step.type}`, [step]);
    const answer = await chat(user, READINESS);
    assert.equal(answer.source, "rules");
    assert.equal(answer.skill, "readiness");
    assert.match(answer.content, RULES_READINESS);
    assert.equal(answer.severity, "critical");
    assert.ok((await received(apiKey)).length >= 1, "the model was asked");
  });
}

Deno.test("chat with a model: a model that hangs past the budget gives the rules' answer", async () => {
  const { user, apiKey } = await userWithModel("chat-model-hang", [{ type: "hang" }]);
  const answer = await chat(user, READINESS);
  assert.equal(answer.source, "rules");
  assert.match(answer.content, RULES_READINESS);
  // The upstream call was given up (its connection closed), not left running.
  const requests = await received(apiKey);
  assert.ok(requests.length >= 1);
  assert.ok(requests.every((r) => r.outcome === "client_closed"), JSON.stringify(requests));
});

Deno.test("chat with a model: over the cost budget, the rules answer with an info note", async () => {
  const { user, apiKey } = await userWithModel("chat-model-budget", [{
    type: "text",
    text: "Two heroes are late.",
    usage: { input_tokens: 1000, output_tokens: 200 }, // Sonnet 4.6: $0.006
  }], {
    ...FAST_RETRIES,
    costBudget: { dailyBudget: 0.005, weeklyBudget: 1, monthlyBudget: 1, alertThresholds: [] },
  });
  assert.equal((await chat(user, READINESS)).source, "model");
  // The spend is written off the response path.
  for (let i = 0; i < 100; i++) {
    const { data } = await user.client.from("ai_usage").select("cost_usd");
    if (data?.length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const answer = await chat(user, READINESS);
  assert.equal(answer.source, "rules");
  assert.match(answer.content, RULES_READINESS);
  assert.match(answer.note, /daily AI budget/);
  assert.equal(
    (await received(apiKey)).length,
    1,
    "nothing sent over budget",
  );
});

/** Reads a server-sent event stream to its end: the events in order. */
async function readEvents(response: Response) {
  const text = await response.text();
  return text.trim().split("\n\n").map((block) => {
    const [event, data] = block.split("\n");
    return { event: event.replace("event: ", ""), data: JSON.parse(data.replace("data: ", "")) };
  });
}

function streamRequest(user: TestUser, body: Record<string, unknown>, signal?: AbortSignal) {
  const { url, anonKey } = stackEnv();
  return fetch(`${url}/functions/v1/${FN}`, {
    method: "POST",
    signal,
    headers: {
      apikey: anonKey,
      authorization: `Bearer ${user.accessToken}`,
      "content-type": "application/json",
      accept: "text/event-stream",
    },
    body: JSON.stringify({ sessionId: crypto.randomUUID(), ...body }),
  });
}

Deno.test("chat with a model streams the model's deltas, then the full response", async () => {
  const { user } = await userWithModel("chat-model-stream", [
    { type: "text", text: "Two heroes are late, chase them today.", chunks: 4 },
  ]);
  const response = await streamRequest(user, READINESS);
  assert.match(response.headers.get("content-type")!, /^text\/event-stream/);
  const events = await readEvents(response);
  const deltas = events.filter((e) => e.event === "delta");
  assert.ok(deltas.length >= 2, `deltas as they arrive: ${deltas.length}`);
  assert.equal(deltas.map((d) => d.data.text).join(""), "Two heroes are late, chase them today.");
  const last = events[events.length - 1];
  assert.equal(last.event, "response");
  assert.equal(last.data.source, "model");
  assert.equal(last.data.content, "Two heroes are late, chase them today.");
});

Deno.test("chat with a model: a stream whose model fails resets and sends the rules' answer", async () => {
  const { user } = await userWithModel("chat-model-stream-error", [
    { type: "stream_error", errorType: "overloaded_error", text: "Two heroes" },
  ]);
  const events = await readEvents(await streamRequest(user, READINESS));
  const names = events.map((e) => e.event);
  assert.deepEqual(names.slice(-3), ["reset", "delta", "response"]);
  assert.match(events[events.length - 2].data.text, RULES_READINESS);
  assert.equal(events[events.length - 1].data.source, "rules");
});

Deno.test("chat with a model: a client that disconnects mid-stream cancels the model call", async () => {
  const { user, apiKey } = await userWithModel("chat-model-disconnect", [
    { type: "text", text: "one two three four five six", chunks: 6, chunkDelayMs: 1_000 },
  ]);
  const abort = new AbortController();
  const response = await streamRequest(user, READINESS, abort.signal);
  const reader = response.body!.getReader();
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /event: delta/);
  abort.abort();
  await reader.cancel().catch(() => {});
  let outcome = "pending";
  for (let i = 0; i < 100 && outcome !== "client_closed"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    outcome = (await received(apiKey))[0]?.outcome ?? "none";
  }
  assert.equal(outcome, "client_closed", "the upstream request was aborted");
});
