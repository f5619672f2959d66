import assert from "node:assert/strict";
import {
  aiConfigurationErrors,
  environmentLayer,
  keyHint,
  layeredConfiguration,
  mergeAiUpdates,
  usageReport,
} from "./ai_config.ts";

const retry = { maxRetries: 3, backoffType: "exponential", baseDelay: 1000, maxDelay: 16000 };
const budget = { dailyBudget: 10, weeklyBudget: 50, monthlyBudget: 200, alertThresholds: [0.5] };
const timeouts = {
  generationTimeout: 60000,
  connectionTimeout: 10000,
  totalRequestTimeout: 120000,
};

/** Each configuration and exactly the paths it fails on. */
const cases: Array<[string, unknown, string[]]> = [
  ["the empty configuration", {}, []],
  ["a full valid one", {
    provider: "anthropic",
    model: "claude-sonnet-4-5-20250929",
    temperature: 0,
    maxTokens: 4096,
    topP: 1,
    streaming: true,
    rateLimiting: { requestsPerMinute: 50, concurrentRequests: 3, burstAllowance: 0 },
    retryStrategy: retry,
    costBudget: budget,
    timeouts,
  }, []],
  ["temperature over 1", { temperature: 1.1 }, ["temperature"]],
  ["top-p below 0", { topP: -0.1 }, ["topP"]],
  ["max tokens 0", { maxTokens: 0 }, ["maxTokens"]],
  ["max tokens not whole", { maxTokens: 10.5 }, ["maxTokens"]],
  ["a string temperature", { temperature: "hot" }, ["temperature"]],
  ["streaming not a boolean", { streaming: 1 }, ["streaming"]],
  ["a base URL", { baseUrl: "https://evil.example" }, ["baseUrl"]],
  ["a model name with a space", { model: "claude opus" }, ["model"]],
  ["retries over 10", { retryStrategy: { ...retry, maxRetries: 11 } }, [
    "retryStrategy.maxRetries",
  ]],
  ["max delay below base delay", { retryStrategy: { ...retry, maxDelay: 500 } }, [
    "retryStrategy.maxDelay",
  ]],
  ["an unknown backoff", { retryStrategy: { ...retry, backoffType: "random" } }, [
    "retryStrategy.backoffType",
  ]],
  ["a partial nested object", { retryStrategy: { maxRetries: 2 } }, [
    "retryStrategy.backoffType",
    "retryStrategy.baseDelay",
    "retryStrategy.maxDelay",
  ]],
  ["weekly below daily, monthly below weekly", {
    costBudget: { ...budget, weeklyBudget: 5, monthlyBudget: 4 },
  }, ["costBudget.monthlyBudget", "costBudget.weeklyBudget"]],
  ["six alert thresholds", {
    costBudget: { ...budget, alertThresholds: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] },
  }, [
    "costBudget.alertThresholds",
  ]],
  ["a threshold over 1", { costBudget: { ...budget, alertThresholds: [1.5] } }, [
    "costBudget.alertThresholds.0",
  ]],
  ["a total timeout below the generation timeout", {
    timeouts: { ...timeouts, totalRequestTimeout: 30000 },
  }, ["timeouts.totalRequestTimeout"]],
  ["an unknown nested key", {
    rateLimiting: { requestsPerMinute: 1, concurrentRequests: 1, burstAllowance: 1, x: 1 },
  }, [
    "rateLimiting.x",
  ]],
  ["several at once, orderings included", {
    temperature: 3,
    maxTokens: 5000,
    retryStrategy: { ...retry, maxRetries: 20, maxDelay: 10 },
  }, ["maxTokens", "retryStrategy.maxDelay", "retryStrategy.maxRetries", "temperature"]],
  ["not an object", [1], ["(configuration)"]],
];

for (const [name, config, paths] of cases) {
  Deno.test(`aiConfigurationErrors(): ${name}`, () => {
    assert.deepEqual(Object.keys(aiConfigurationErrors(config)).sort(), paths);
  });
}

Deno.test("aiConfigurationErrors() prefixes paths with where the configuration sits", () => {
  assert.deepEqual(Object.keys(aiConfigurationErrors({ topP: 2 }, "updates.")), ["updates.topP"]);
});

Deno.test("mergeAiUpdates() completes a nested object from the effective one", () => {
  const effective = { temperature: 0.7, retryStrategy: retry };
  const merged = mergeAiUpdates({ model: "m" }, { retryStrategy: { maxRetries: 5 } }, effective);
  assert.deepEqual(merged, { model: "m", retryStrategy: { ...retry, maxRetries: 5 } });
  assert.deepEqual({ ...aiConfigurationErrors(merged) }, {});
});

Deno.test("mergeAiUpdates() keeps the stored nested values over the effective ones", () => {
  const stored = { retryStrategy: { ...retry, baseDelay: 10 } };
  const merged = mergeAiUpdates(stored, { retryStrategy: { maxDelay: 20 } }, {
    retryStrategy: retry,
  });
  assert.deepEqual(merged.retryStrategy, { ...retry, baseDelay: 10, maxDelay: 20 });
});

Deno.test("mergeAiUpdates(): a null removes the setting from the configuration", () => {
  const merged = mergeAiUpdates(
    { temperature: 0.2, retryStrategy: retry, maxTokens: 100 },
    { temperature: null, retryStrategy: null },
    { retryStrategy: retry },
  );
  assert.deepEqual(merged, { maxTokens: 100 });
});

Deno.test("environmentLayer() takes the valid settings and leaves out the broken ones", () => {
  assert.deepEqual(environmentLayer({}), {});
  assert.deepEqual(
    environmentLayer({
      anthropicModel: "claude-x",
      anthropicTemperature: "0.2",
      anthropicMaxTokens: "9999",
    }),
    { model: "claude-x", temperature: 0.2 },
  );
  assert.deepEqual(environmentLayer({ anthropicTemperature: "warm" }), {});
});

Deno.test("layeredConfiguration(): user beats organization beats environment beats default", () => {
  const { effective, layers } = layeredConfiguration({
    database: {
      model: "default-model",
      temperature: 0.4,
      maxTokens: 3000,
      topP: 0.9,
      retryStrategy: retry,
      source: "user",
      configurationId: "c1",
      hasApiKey: false,
    },
    user: { maxTokens: 3000 },
    organization: { temperature: 0.4, maxTokens: 2000 },
    environment: { model: "env-model", temperature: 0.1, maxTokens: 1000 },
  });
  assert.deepEqual(effective, {
    model: "env-model",
    temperature: 0.4,
    maxTokens: 3000,
    topP: 0.9,
    retryStrategy: retry,
  });
  assert.deepEqual(layers, {
    model: "environment",
    temperature: "organization",
    maxTokens: "user",
    topP: "default",
    "retryStrategy.maxRetries": "default",
    "retryStrategy.backoffType": "default",
    "retryStrategy.baseDelay": "default",
    "retryStrategy.maxDelay": "default",
  });
});

const row = (period: string, spent: number, budgetUsd: number | null) => ({
  period,
  starts_at: "2030-01-01T00:00:00Z",
  resets_at: "2030-01-02T00:00:00Z",
  calls: "2",
  input_tokens: "100",
  output_tokens: "50",
  spent_usd: String(spent),
  budget_usd: budgetUsd === null ? null : String(budgetUsd),
});

Deno.test("usageReport() names the thresholds each period crossed", () => {
  const report = usageReport(
    [row("day", 9, 10), row("week", 9, 50), row("month", 9, 200)],
    [0.9, 0.5, 0.75],
  );
  assert.deepEqual(report.alertThresholds, [0.5, 0.75, 0.9]);
  assert.deepEqual(report.periods.day.alertsCrossed, [0.5, 0.75, 0.9]);
  assert.equal(report.periods.day.usedFraction, 0.9);
  assert.equal(report.periods.day.overBudget, false);
  assert.deepEqual(report.periods.week.alertsCrossed, []);
  assert.equal(report.periods.week.usedFraction, 0.18);
  assert.equal(report.periods.month.calls, 2);
  assert.equal(report.periods.month.inputTokens, 100);
});

Deno.test("usageReport(): spending the budget is over it; a zero budget with spend is too", () => {
  const report = usageReport([row("day", 10, 10), row("week", 1, 0), row("month", 0, 0)], [0.5]);
  assert.equal(report.periods.day.overBudget, true);
  assert.equal(report.periods.week.overBudget, true);
  assert.equal(report.periods.week.usedFraction, null);
  assert.deepEqual(report.periods.week.alertsCrossed, [0.5]);
  assert.equal(report.periods.month.overBudget, false);
  assert.deepEqual(report.periods.month.alertsCrossed, []);
});

Deno.test("keyHint() is the last four characters only", () => {
  assert.equal(keyHint("sk-ant-api03-secret-WXYZ"), "WXYZ");
});
