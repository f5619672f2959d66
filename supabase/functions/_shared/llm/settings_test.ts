import assert from "node:assert/strict";
import {
  attemptLimits,
  callBudgetMs,
  DEFAULT_BUDGET_MS,
  DEFAULT_SETTINGS,
  messageParams,
  modelSettings,
  withEnvironment,
} from "./settings.ts";

// What get_effective_ai_config returns for a user with a configuration of their own.
const EFFECTIVE = {
  provider: "anthropic",
  model: "claude-haiku-4-5-20251001",
  temperature: 0.2,
  maxTokens: 1024,
  topP: 0.5,
  streaming: false,
  rateLimiting: { requestsPerMinute: 20, concurrentRequests: 3, burstAllowance: 10 },
  retryStrategy: { maxRetries: 5, backoffType: "linear", baseDelay: 200, maxDelay: 800 },
  costBudget: { dailyBudget: 1, weeklyBudget: 5, monthlyBudget: 20, alertThresholds: [0.5] },
  timeouts: { generationTimeout: 30_000, connectionTimeout: 2_000, totalRequestTimeout: 40_000 },
  source: "user",
  configurationId: "0b7c6a3e-1f0e-4c8e-9a51-3f3a2b1c0d9e",
  hasApiKey: true,
};

Deno.test("modelSettings() maps an effective configuration to the call's settings", () => {
  assert.deepEqual(modelSettings(EFFECTIVE), {
    provider: "anthropic",
    model: "claude-haiku-4-5-20251001",
    maxTokens: 1024,
    temperature: 0.2,
    topP: 0.5,
    retry: { maxRetries: 5, backoffType: "linear", baseDelayMs: 200, maxDelayMs: 800 },
    requestsPerMinute: 20,
    timeouts: { connectionMs: 2_000, generationMs: 30_000, totalMs: 40_000 },
    configurationId: "0b7c6a3e-1f0e-4c8e-9a51-3f3a2b1c0d9e",
    source: "user",
    hasApiKey: true,
  });
});

Deno.test("modelSettings() falls back to the defaults for what is missing or out of range", () => {
  assert.deepEqual(modelSettings(null), DEFAULT_SETTINGS);
  assert.deepEqual(modelSettings("not a config"), DEFAULT_SETTINGS);
  const odd = modelSettings({
    model: "not a model id!",
    maxTokens: 100_000,
    temperature: 3,
    rateLimiting: { requestsPerMinute: 0 },
    retryStrategy: { maxRetries: -1, backoffType: "random", baseDelay: 2_000, maxDelay: 10 },
    timeouts: { connectionTimeout: "10", generationTimeout: 0, totalRequestTimeout: 1e9 },
    configurationId: "'; drop table x; --",
    source: "admin",
    hasApiKey: "yes",
  });
  assert.equal(odd.model, DEFAULT_SETTINGS.model);
  assert.equal(odd.maxTokens, 4096);
  assert.equal(odd.temperature, 0.7);
  assert.equal(odd.requestsPerMinute, 50);
  // a maxDelay under baseDelay is not kept: the larger default is
  assert.deepEqual(odd.retry, {
    maxRetries: 3,
    backoffType: "exponential",
    baseDelayMs: 2_000,
    maxDelayMs: 16_000,
  });
  assert.deepEqual(odd.timeouts, { connectionMs: 10_000, generationMs: 60_000, totalMs: 120_000 });
  assert.equal(odd.configurationId, null);
  assert.equal(odd.source, "default");
  assert.equal(odd.hasApiKey, false);
});

Deno.test("callBudgetMs() is the call's budget (5 s by default) within the total timeout", () => {
  const settings = modelSettings(EFFECTIVE);
  assert.equal(callBudgetMs({}, settings), DEFAULT_BUDGET_MS);
  assert.equal(callBudgetMs({ budgetMs: 2_500 }, settings), 2_500);
  assert.equal(callBudgetMs({ budgetMs: 90_000 }, settings), 40_000);
  assert.equal(callBudgetMs({ budgetMs: -1 }, settings), DEFAULT_BUDGET_MS);
  assert.equal(callBudgetMs({ budgetMs: Number.NaN }, settings), DEFAULT_BUDGET_MS);
});

Deno.test("attemptLimits(): a stream waits the connection timeout for headers, a plain request the whole answer", () => {
  const settings = modelSettings(EFFECTIVE); // connection 2 s, generation 30 s
  assert.deepEqual(attemptLimits(settings, 4_000, true), { sdkMs: 2_000, answerMs: 4_000 });
  assert.deepEqual(attemptLimits(settings, 4_000, false), { sdkMs: 4_000, answerMs: 4_000 });
  assert.deepEqual(attemptLimits(settings, 100_000, false), { sdkMs: 30_000, answerMs: 30_000 });
  assert.deepEqual(attemptLimits(settings, 1_500.7, true), { sdkMs: 1_500, answerMs: 1_500 });
  // the budget is spent: the SDK still gets a valid (positive) timeout
  assert.deepEqual(attemptLimits(settings, -5, true), { sdkMs: 1, answerMs: 1 });
});

Deno.test("withEnvironment() fills only what the user's and organization's configurations leave to the defaults", () => {
  const effective = { model: "claude-sonnet-4-5-20250929", maxTokens: 4096, temperature: 0.7 };
  const env = {
    anthropicModel: "claude-sonnet-5-5",
    anthropicMaxTokens: "1024",
    anthropicTemperature: "0.1",
  };
  assert.deepEqual(withEnvironment(effective, [], env), {
    model: "claude-sonnet-5-5",
    maxTokens: 1024,
    temperature: 0.1,
  });
  assert.deepEqual(withEnvironment(effective, ["model", "temperature"], env), {
    model: "claude-sonnet-4-5-20250929",
    maxTokens: 1024,
    temperature: 0.7,
  });
  assert.deepEqual(withEnvironment(effective, [], {}), effective);
});

Deno.test("withEnvironment() leaves out an environment value that is out of range", () => {
  const effective = { model: "claude-sonnet-4-5-20250929", maxTokens: 4096 };
  assert.deepEqual(
    withEnvironment(effective, [], {
      anthropicModel: "no spaces allowed",
      anthropicMaxTokens: "5000",
      anthropicTemperature: "warm",
    }),
    effective,
  );
  assert.equal(withEnvironment(effective, [], { anthropicMaxTokens: "12.5" }).maxTokens, 4096);
});

Deno.test("messageParams() sends the configuration's model and limit, never temperature or top_p", () => {
  const settings = modelSettings(EFFECTIVE);
  const params = messageParams(
    settings,
    { system: "Be brief." },
    [{ role: "user", content: "hi" }],
    false,
  );
  assert.deepEqual(params, {
    model: "claude-haiku-4-5-20251001",
    max_tokens: 1024,
    system: "Be brief.",
    messages: [{ role: "user", content: "hi" }],
  });
});

Deno.test("messageParams() offers the tools, and forbids them on the last round", () => {
  const tool = {
    name: "readiness",
    description: "Readiness of a shoot",
    inputSchema: { type: "object" as const, properties: { shootId: { type: "string" } } },
    run: () => Promise.resolve(null),
  };
  const asTool = {
    name: "readiness",
    description: "Readiness of a shoot",
    input_schema: { type: "object", properties: { shootId: { type: "string" } } },
  };
  const call = { system: "s", tools: [tool] };
  assert.deepEqual(messageParams(DEFAULT_SETTINGS, call, [], false).tools, [asTool]);
  assert.equal(messageParams(DEFAULT_SETTINGS, call, [], false).tool_choice, undefined);
  assert.deepEqual(messageParams(DEFAULT_SETTINGS, call, [], true).tool_choice, { type: "none" });
  assert.equal(
    "tools" in messageParams(DEFAULT_SETTINGS, { system: "s", tools: [] }, [], true),
    false,
  );
});
