/**
 * callModel against the Anthropic stand-in (tests/_fake_anthropic.ts, started by the test runner
 * at ANTHROPIC_BASE_URL) with the genuine @anthropic-ai/sdk and the stack's real Postgres: each
 * user stores a key of their own through their AI configuration (set_ai_provider_key), which
 * picks the stand-in's script for them.
 */
import assert from "node:assert/strict";
import { flushPending } from "../../supabase/functions/_shared/bookkeeping.ts";
import { verifyAccessToken } from "../../supabase/functions/_shared/auth.ts";
import { asService, pool } from "../../supabase/functions/_shared/db.ts";
import { type FunctionEnv, resolveEnv } from "../../supabase/functions/_shared/env.ts";
import { callModel, MAX_TOOL_ROUNDS } from "../../supabase/functions/_shared/llm/model.ts";
import { costUsd } from "../../supabase/functions/_shared/llm/prices.ts";
import type { ModelCall, ModelOutcome } from "../../supabase/functions/_shared/llm/types.ts";
import type { FunctionContext } from "../../supabase/functions/_shared/serve.ts";
import type { FakeRequest } from "../_fake_anthropic.ts";
import {
  configurationWithKey,
  fakeUrl,
  FAST_RETRIES,
  NO_RETRIES,
  received,
  script,
  TEST_MODEL,
  userWithKey,
} from "./_model.ts";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

// The pool's connections and the bookkeeping timer outlive single tests.
const options = { sanitizeOps: false, sanitizeResources: false };

function functionEnv(overrides: Partial<FunctionEnv> = {}): FunctionEnv {
  const stack = stackEnv();
  return resolveEnv({
    supabaseUrl: stack.url,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    dbUrl: stack.dbUrl,
    jwtSecret: stack.jwtSecret,
    anthropicBaseUrl: fakeUrl(),
    anthropicApiKey: "", // as in the test stack: keys come from the AI configuration
    logLevel: "error",
    ...overrides,
  });
}

/** What a route handler would pass: the signed-in user, the stack's env and pool. */
async function contextFor(user: TestUser, env = functionEnv()): Promise<FunctionContext> {
  const claims = await verifyAccessToken(user.accessToken, env);
  return {
    name: "llm-test",
    env,
    requestId: crypto.randomUUID(),
    user: { userId: user.id, claims, token: user.accessToken, isAdmin: false },
    db: () => pool(env.dbUrl),
    admit: () => Promise.resolve(undefined),
  };
}

const ask = (overrides: Partial<ModelCall> = {}): ModelCall => ({
  feature: "chat",
  system: "You are the FashionOS assistant.",
  messages: [{ role: "user", content: "How ready is my shoot?" }],
  ...overrides,
});

async function usageRows(user: TestUser) {
  await flushPending();
  const { data, error } = await user.client.from("ai_usage")
    .select("user_id, feature, model, input_tokens, output_tokens, cost_usd, outcome, latency_ms")
    .order("created_at");
  if (error) throw error;
  return data;
}

function failed(outcome: ModelOutcome) {
  assert.equal(outcome.ok, false, `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<ModelOutcome, { ok: false }>;
}

function succeeded(outcome: ModelOutcome) {
  assert.equal(outcome.ok, true, `expected an answer, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<ModelOutcome, { ok: true }>;
}

/** An organization `owner` creates, with a team configuration that holds a fresh key. */
async function organizationWithKey(
  owner: TestUser,
  name: string,
): Promise<{ orgId: string; apiKey: string }> {
  const { data: org, error } = await owner.client.from("organizations")
    .insert({
      name,
      slug: `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`,
      created_by: owner.id,
    })
    .select("id")
    .single();
  if (error) throw error;
  const apiKey = await configurationWithKey(owner.client, { organization_id: org.id }, {}, "team");
  return { orgId: org.id, apiKey };
}

Deno.test(
  "callModel() without any key answers no_key, calls nobody and records nothing",
  options,
  async () => {
    const user = await signUpUser("llm-nokey");
    const outcome = failed(await callModel(await contextFor(user), ask()));
    assert.equal(outcome.reason, "no_key");
    assert.deepEqual(await usageRows(user), []);
  },
);

Deno.test(
  "callModel() answers with the configuration's model and limit, records tokens and cost",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-plain", {
      model: "claude-haiku-4-5-20251001",
      maxTokens: 256,
    });
    await script(apiKey, [{
      type: "text",
      text: "Readiness is 63%.",
      usage: { input_tokens: 1200, output_tokens: 300 },
    }]);
    const outcome = succeeded(await callModel(await contextFor(user), ask()));
    assert.equal(outcome.text, "Readiness is 63%.");
    assert.equal(outcome.model, "claude-haiku-4-5-20251001");
    assert.deepEqual(outcome.usage, { inputTokens: 1200, outputTokens: 300 });
    // Haiku 4.5: 1200 × $1/M + 300 × $5/M = $0.0027
    assert.equal(outcome.costUsd, 0.0027);

    const [request, ...more] = await received(apiKey);
    assert.equal(more.length, 0);
    assert.equal(request.stream, false);
    assert.equal(request.auth, "bearer");
    assert.equal(request.version, "2026-10-21");
    assert.equal(request.body.model, "claude-haiku-4-5-20251001");
    assert.equal(request.body.max_tokens, 256);
    assert.equal(request.body.system, "You are the FashionOS assistant.");
    assert.deepEqual(request.body.messages, [{ role: "user", content: "How ready is my shoot?" }]);
    assert.equal("temperature" in request.body || "top_p" in request.body, false);

    const rows = await usageRows(user);
    assert.equal(rows.length, 1);
    assert.deepEqual({ ...rows[0], latency_ms: typeof rows[0].latency_ms }, {
      user_id: user.id,
      feature: "chat",
      model: "claude-haiku-4-5-20251001",
      input_tokens: 1200,
      output_tokens: 300,
      cost_usd: 0.0027,
      outcome: "ok",
      latency_ms: "number",
    });
  },
);

Deno.test(
  "callModel() runs a tool the model asks for and streams an answer that uses its result",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-tools");
    await script(apiKey, [
      {
        type: "tool_use",
        text: "Let me check.",
        name: "readiness",
        input: { shootId: "s-1", heroOnly: true },
        usage: { input_tokens: 500, output_tokens: 40 },
      },
      {
        type: "text",
        text: "Here it is: {{tool_result}}",
        usage: { input_tokens: 700, output_tokens: 60 },
      },
    ]);
    const ran: unknown[] = [];
    const deltas: string[] = [];
    const outcome = succeeded(
      await callModel(
        await contextFor(user),
        ask({
          tools: [{
            name: "readiness",
            description: "Readiness of a shoot's samples",
            inputSchema: { type: "object", properties: { shootId: { type: "string" } } },
            run(input) {
              ran.push(input);
              return Promise.resolve({ readiness: 0.63, late: 2 });
            },
          }],
          onTextDelta: (text) => deltas.push(text),
        }),
      ),
    );
    assert.deepEqual(ran, [{ shootId: "s-1", heroOnly: true }]);
    const resultText = JSON.stringify({ readiness: 0.63, late: 2 });
    assert.equal(outcome.text, `Let me check.\n\nHere it is: ${resultText}`);
    assert.equal(deltas.join(""), outcome.text);
    assert.ok(deltas.length > 2, "the answer arrived in several deltas");
    assert.deepEqual(outcome.toolResults, [{
      name: "readiness",
      input: { shootId: "s-1", heroOnly: true },
      result: { readiness: 0.63, late: 2 },
    }]);
    assert.deepEqual(outcome.usage, { inputTokens: 1200, outputTokens: 100 });

    const [first, second] = await received(apiKey);
    assert.equal(first.stream, true);
    assert.deepEqual((first.body.tools as Array<{ name: string }>).map((t) => t.name), [
      "readiness",
    ]);
    // The second request carries the model's tool_use and our tool_result for it.
    const messages = second.body.messages as Array<{ role: string; content: unknown }>;
    const toolUse = (messages[1].content as Array<{ type: string; id?: string }>)
      .find((b) => b.type === "tool_use");
    assert.deepEqual(messages[2], {
      role: "user",
      content: [{ type: "tool_result", tool_use_id: toolUse?.id, content: resultText }],
    });

    const rows = await usageRows(user);
    assert.equal(rows.length, 1, "one row per call, tool rounds included");
    assert.equal(rows[0].input_tokens, 1200);
    assert.equal(
      rows[0].cost_usd,
      costUsd(TEST_MODEL, {
        inputTokens: 1200,
        outputTokens: 100,
      }),
    );
  },
);

Deno.test(
  "callModel() answers a tool's failure to the model as an error result and goes on",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-tool-error");
    await script(apiKey, [
      { type: "tool_use", name: "staffing", input: { eventId: "e-1" } },
      { type: "text", text: "The staffing check failed: {{tool_result}}" },
    ]);
    const outcome = succeeded(
      await callModel(
        await contextFor(user),
        ask({
          tools: [{
            name: "staffing",
            description: "Staffing gaps of an event",
            inputSchema: { type: "object", properties: { eventId: { type: "string" } } },
            run: () => Promise.reject(new Error("connection to 10.0.0.5 refused")),
          }],
        }),
      ),
    );
    assert.equal(outcome.text, 'The staffing check failed: {"error":"The tool failed"}');
    assert.deepEqual(outcome.toolResults[0].result, { error: "The tool failed" });
    const [, second] = await received(apiKey);
    const last = (second.body.messages as Array<{ content: Array<Record<string, unknown>> }>).at(
      -1,
    );
    assert.equal(last?.content[0].is_error, true);
    assert.doesNotMatch(JSON.stringify(second.body), /10\.0\.0\.5/, "our error text stays ours");
  },
);

Deno.test(
  "callModel() ends the tool loop: the last round may call no tool and must answer",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-tool-loop");
    await script(apiKey, [{
      type: "tool_use",
      name: "blockers",
      input: {},
      text: "Checking again.",
    }]);
    let runs = 0;
    const outcome = succeeded(
      await callModel(
        await contextFor(user),
        ask({
          tools: [{
            name: "blockers",
            description: "Blocked samples",
            inputSchema: { type: "object", properties: {} },
            run: () => Promise.resolve({ blocked: ++runs }),
          }],
        }),
      ),
    );
    const requests = await received(apiKey);
    assert.equal(requests.length, MAX_TOOL_ROUNDS + 1);
    assert.equal(runs, MAX_TOOL_ROUNDS);
    assert.deepEqual(requests.map((r) => (r.body.tool_choice as { type?: string })?.type ?? null), [
      ...new Array(MAX_TOOL_ROUNDS).fill(null),
      "none",
    ]);
    assert.equal(outcome.toolResults.length, MAX_TOOL_ROUNDS);
  },
);

Deno.test(
  "callModel() does not wait for a tool that outlives the budget: timeout",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-tool-hang");
    await script(apiKey, [
      { type: "tool_use", name: "selects", input: {} },
      { type: "text", text: "never asked" },
    ]);
    const outcome = failed(
      await callModel(
        await contextFor(user),
        ask({
          budgetMs: 500,
          tools: [{
            name: "selects",
            description: "Best photos",
            inputSchema: { type: "object", properties: {} },
            run: () => new Promise(() => {}),
          }],
        }),
      ),
    );
    assert.equal(outcome.reason, "timeout");
    assert.equal((await received(apiKey)).length, 1);
    assert.equal((await usageRows(user))[0].outcome, "timeout");
  },
);

Deno.test(
  "callModel() waits out a 429's retry-after when it fits the budget, then answers",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-429", FAST_RETRIES);
    await script(apiKey, [
      { type: "error", status: 429, headers: { "retry-after": "0" } },
      { type: "text", text: "Second time lucky." },
    ]);
    const outcome = succeeded(await callModel(await contextFor(user), ask()));
    assert.equal(outcome.text, "Second time lucky.");
    assert.deepEqual((await received(apiKey)).map((r) => r.step), ["error", "text"]);
  },
);

Deno.test(
  "callModel() gives up at once on a retry-after longer than the budget: rate_limited",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-429-long", FAST_RETRIES);
    await script(apiKey, [
      { type: "error", status: 429, headers: { "retry-after": "30" } },
      { type: "text", text: "Too late to matter." },
    ]);
    const outcome = failed(await callModel(await contextFor(user), ask({ budgetMs: 2_000 })));
    assert.equal(outcome.reason, "rate_limited");
    assert.equal((await received(apiKey)).length, 1, "no second request");
    const [row] = await usageRows(user);
    assert.deepEqual([row.outcome, row.input_tokens, row.cost_usd], ["rate_limited", 0, 0]);
  },
);

Deno.test("callModel() retries a 529 as configured, then reports overloaded", options, async () => {
  const { user, apiKey } = await userWithKey("llm-529", FAST_RETRIES);
  await script(apiKey, [{ type: "error", status: 529 }]);
  const outcome = failed(await callModel(await contextFor(user), ask()));
  assert.equal(outcome.reason, "overloaded");
  assert.equal((await received(apiKey)).length, 3, "the first try and maxRetries (2) more");
});

Deno.test(
  "callModel() reports a 500 as upstream_error without retries when maxRetries is 0",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-500", NO_RETRIES);
    await script(apiKey, [{ type: "error", status: 500 }]);
    const outcome = failed(await callModel(await contextFor(user), ask()));
    assert.equal(outcome.reason, "upstream_error");
    assert.equal((await received(apiKey)).length, 1);
  },
);

Deno.test(
  "callModel() stops a model that hangs past the budget: timeout, connection closed",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-hang", FAST_RETRIES);
    await script(apiKey, [{ type: "hang" }]);
    const outcome = failed(await callModel(await contextFor(user), ask({ budgetMs: 500 })));
    assert.equal(outcome.reason, "timeout");
    const requests = await eventually(apiKey, (r) => r.every((x) => x.outcome === "client_closed"));
    assert.ok(requests.length >= 1);
    assert.equal((await usageRows(user))[0].outcome, "timeout");
  },
);

Deno.test(
  "callModel() stops a stream that starts and then stalls: timeout, connection closed",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-stall", FAST_RETRIES);
    await script(apiKey, [{ type: "hang", afterHeaders: true }]);
    const outcome = failed(
      await callModel(await contextFor(user), ask({ budgetMs: 500, onTextDelta: () => {} })),
    );
    assert.equal(outcome.reason, "timeout");
    const requests = await eventually(apiKey, (r) => r.every((x) => x.outcome === "client_closed"));
    assert.equal(requests[0].stream, true);
    assert.equal(requests[0].outcome, "client_closed");
  },
);

Deno.test(
  "callModel() reports an unreadable answer as malformed, plain and streamed",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-malformed", FAST_RETRIES);
    await script(apiKey, [{ type: "malformed" }]);
    const ctx = await contextFor(user);
    assert.equal(failed(await callModel(ctx, ask())).reason, "malformed");
    assert.equal(failed(await callModel(ctx, ask({ onTextDelta: () => {} }))).reason, "malformed");
    assert.deepEqual((await received(apiKey)).map((r) => r.stream), [false, true]);
  },
);

Deno.test(
  "callModel() retries a stream that failed before any text, not one that sent some",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-stream-error", FAST_RETRIES);
    const ctx = await contextFor(user);
    await script(apiKey, [
      { type: "stream_error", errorType: "overloaded_error" },
      { type: "text", text: "Recovered." },
    ]);
    const deltas: string[] = [];
    const recovered = succeeded(await callModel(ctx, ask({ onTextDelta: (t) => deltas.push(t) })));
    assert.equal(recovered.text, "Recovered.");
    assert.equal(deltas.join(""), "Recovered.");
    assert.equal((await received(apiKey)).length, 2);

    await script(apiKey, [{
      type: "stream_error",
      errorType: "overloaded_error",
      text: "Readiness is",
    }]);
    deltas.length = 0;
    const broken = failed(await callModel(ctx, ask({ onTextDelta: (t) => deltas.push(t) })));
    assert.equal(broken.reason, "overloaded");
    assert.deepEqual(deltas, ["Readiness is"], "what the client got is not sent twice");
    assert.equal(
      (await received(apiKey)).length,
      1,
      "a stream that delivered text is not sent again",
    );
    // message_start's input tokens were billed on every request: the rows say so
    assert.deepEqual((await usageRows(user)).map((r) => [r.outcome, r.input_tokens]), [
      ["ok", 200],
      ["overloaded", 100],
    ]);
  },
);

Deno.test("callModel() aborts the upstream stream when the client goes away", options, async () => {
  const { user, apiKey } = await userWithKey("llm-abort", FAST_RETRIES);
  await script(apiKey, [{
    type: "text",
    text: "A long answer that takes its time to arrive, piece by piece.",
    chunks: 10,
    chunkDelayMs: 1_000,
  }]);
  const client = new AbortController();
  const deltas: string[] = [];
  const outcome = failed(
    await callModel(
      await contextFor(user),
      ask({
        budgetMs: 60_000,
        signal: client.signal,
        onTextDelta: (text) => {
          deltas.push(text);
          client.abort(); // the browser closed the tab after the first words
        },
      }),
    ),
  );
  assert.equal(outcome.reason, "aborted");
  assert.equal(deltas.length, 1);
  const [request] = await eventually(apiKey, (r) => r[0]?.outcome === "client_closed");
  assert.equal(request.outcome, "client_closed");
  assert.equal((await usageRows(user))[0].outcome, "aborted");
});

Deno.test(
  "callModel() refuses a user over their daily budget with a note, without a request",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-budget", {
      costBudget: { dailyBudget: 0.005, weeklyBudget: 1, monthlyBudget: 1, alertThresholds: [] },
    });
    await script(apiKey, [{
      type: "text",
      text: "An expensive answer.",
      usage: { input_tokens: 1000, output_tokens: 200 }, // Sonnet 4.6: $0.006
    }]);
    const ctx = await contextFor(user);
    succeeded(await callModel(ctx, ask()));
    await flushPending(); // the spend is written off the response path
    const refused = failed(await callModel(ctx, ask()));
    assert.equal(refused.reason, "over_budget");
    assert.match(refused.note ?? "", /daily AI budget of \$0\.0050 is used up \(\$0\.0060 spent\)/);
    assert.equal((await received(apiKey)).length, 1, "the refused call sent nothing");
    assert.equal((await usageRows(user)).length, 1, "and recorded nothing");
  },
);

Deno.test(
  "callModel() takes ANTHROPIC_MODEL and ANTHROPIC_MAX_TOKENS for what the user left to the defaults",
  options,
  async () => {
    const env = functionEnv({ anthropicModel: "claude-haiku-4-5", anthropicMaxTokens: "1000" });
    // configuration sets maxTokens only (model: undefined is left out of the JSON)
    const { user: plain, apiKey: plainKey } = await userWithKey("llm-env-layer", {
      model: undefined,
      maxTokens: 300,
    });
    await script(plainKey, [{ type: "text", text: "ok" }]);
    succeeded(await callModel(await contextFor(plain, env), ask()));
    const [fromEnv] = await received(plainKey);
    assert.deepEqual([fromEnv.body.model, fromEnv.body.max_tokens], ["claude-haiku-4-5", 300]);

    const { user: chosen, apiKey: chosenKey } = await userWithKey("llm-env-layer-own");
    await script(chosenKey, [{ type: "text", text: "ok" }]);
    succeeded(await callModel(await contextFor(chosen, env), ask()));
    const [own] = await received(chosenKey);
    assert.deepEqual([own.body.model, own.body.max_tokens], [TEST_MODEL, 1000]);
  },
);

Deno.test(
  "callModel() prefers ANTHROPIC_API_KEY from the environment to a stored key",
  options,
  async () => {
    const { user, apiKey: storedKey } = await userWithKey("llm-envkey");
    const envKey = `sk-env-${crypto.randomUUID()}`;
    await script(envKey, [{ type: "text", text: "From the environment's key." }]);
    const ctx = await contextFor(user, functionEnv({ anthropicApiKey: envKey }));
    const outcome = succeeded(await callModel(ctx, ask({ feature: "compose" })));
    assert.equal(outcome.text, "From the environment's key.");
    assert.equal((await received(storedKey)).length, 0);
    assert.equal((await usageRows(user))[0].feature, "compose");
  },
);

Deno.test(
  "the stored key is read only by the service role, and never lands in ai_usage",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-secret");
    await script(apiKey, [{ type: "text", text: "ok" }]);
    succeeded(await callModel(await contextFor(user), ask()));
    const rows = await usageRows(user);
    assert.equal(JSON.stringify(rows).includes(apiKey), false);
    const { error } = await user.client.rpc("get_ai_provider_key", {
      p_config_id: (await user.client.from("ai_configurations").select("id").single()).data?.id,
    });
    assert.ok(error, "a user cannot read the key back");
    const [row] = await asService(
      pool(stackEnv().dbUrl),
      (tx) => tx`select count(*)::int as n from public.ai_usage where user_id = ${user.id}`,
    );
    assert.equal(row.n, 1);
  },
);

Deno.test(
  "callModel() uses an organization's configuration and key for its accepted members",
  options,
  async () => {
    const owner = await signUpUser("llm-org-owner");
    const { orgId, apiKey } = await organizationWithKey(owner, "Atelier");
    await script(apiKey, [{ type: "text", text: "The team's model." }]);

    const outcome = succeeded(await callModel(await contextFor(owner), ask()));
    assert.equal(outcome.text, "The team's model.");
    await flushPending();
    const { data: rows } = await owner.client.from("ai_usage").select("organization_id, user_id");
    assert.deepEqual(rows, [{ organization_id: orgId, user_id: owner.id }]);

    // invited, not accepted: the organization's configuration does not apply
    const invited = await signUpUser("llm-org-invited");
    const invite = await owner.client.from("organization_members")
      .insert({ organization_id: orgId, user_id: invited.id, role: "member" });
    if (invite.error) throw invite.error;
    assert.equal(failed(await callModel(await contextFor(invited), ask())).reason, "no_key");
    assert.equal((await received(apiKey)).length, 1);
  },
);

Deno.test("a failed call is logged with its reason, never with the key", options, async () => {
  const { user, apiKey } = await userWithKey("llm-log", FAST_RETRIES);
  await script(apiKey, [{ type: "error", status: 401 }]);
  const lines: string[] = [];
  const { log, error, warn } = console;
  console.log = console.error = console.warn = (...args: unknown[]) => lines.push(args.join(" "));
  let outcome: ModelOutcome;
  try {
    outcome = await callModel(await contextFor(user, functionEnv({ logLevel: "warn" })), ask());
  } finally {
    Object.assign(console, { log, error, warn });
  }
  assert.equal(failed(outcome).reason, "upstream_error");
  assert.equal(failed(outcome).note, "The model provider answered 401");
  const logged = lines.join("\n");
  assert.match(logged, /"message":"model call failed".*"reason":"upstream_error"/);
  assert.equal(logged.includes(apiKey), false);
  assert.equal(JSON.stringify(outcome).includes(apiKey), false);
});

Deno.test(
  "callModel() falls back to the organization's key when the member's own configuration has none",
  options,
  async () => {
    const owner = await signUpUser("llm-org-fallback");
    const { orgId, apiKey } = await organizationWithKey(owner, "Studio");
    // a personal setting, no key of its own
    const own = await owner.client.from("ai_configurations")
      .insert({ user_id: owner.id, config_name: "mine", configuration: { maxTokens: 200 } });
    if (own.error) throw own.error;
    await script(apiKey, [{ type: "text", text: "On the team's key." }]);

    succeeded(await callModel(await contextFor(owner), ask()));
    const [request] = await received(apiKey);
    assert.equal(request.body.max_tokens, 200, "the user's setting applies");
    await flushPending();
    const { data: rows } = await owner.client.from("ai_usage").select("organization_id");
    assert.deepEqual(rows, [{ organization_id: orgId }], "the organization paid");
  },
);

Deno.test(
  "callModel() holds a user to their model calls a minute: rate_limited, nothing sent",
  options,
  async () => {
    const { user, apiKey } = await userWithKey("llm-rpm", {
      rateLimiting: { requestsPerMinute: 2, concurrentRequests: 3, burstAllowance: 0 },
    });
    await script(apiKey, [{ type: "text", text: "ok" }]);
    const ctx = await contextFor(user);
    succeeded(await callModel(ctx, ask()));
    succeeded(await callModel(ctx, ask()));
    const third = failed(await callModel(ctx, ask()));
    assert.equal(third.reason, "rate_limited");
    assert.match(third.note ?? "", /^At most 2 model calls a minute; the next in \d+ s$/);
    assert.equal((await received(apiKey)).length, 2);
    assert.equal((await usageRows(user)).length, 2, "a refused call records nothing");
  },
);

/** The stand-in's record for `apiKey` once `done` holds (it sees a close after we return). */
async function eventually(
  apiKey: string,
  done: (requests: FakeRequest[]) => boolean,
): Promise<FakeRequest[]> {
  for (let i = 0; i < 100; i++) {
    const requests = await received(apiKey);
    if (requests.length && done(requests)) return requests;
    await new Promise((r) => setTimeout(r, 50));
  }
  return await received(apiKey);
}
