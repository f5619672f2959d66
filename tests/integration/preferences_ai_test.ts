/**
 * /functions/v1/preferences/ai over HTTP with supabase-js: the layered configuration, its
 * validation, provider keys in Vault, and spend against the budgets. The environment layer is
 * a deployment setting, so its test runs the handler in-process with its own env on the same
 * database.
 */
import assert from "node:assert/strict";
import { FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { asService } from "../../supabase/functions/_shared/db.ts";
import { aiConfigurationErrors } from "../../supabase/functions/preferences/ai_config.ts";
import { createPreferencesHandler } from "../../supabase/functions/preferences/handler.ts";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const sql = postgres(stackEnv().dbUrl, { max: 2, prepare: false, onnotice: () => {} });
Deno.test.afterAll(() => sql.end());

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Calls `preferences<path>`: `{status, body, text}` for success and problem alike. */
async function call(client: SupabaseClient, method: Method, path: string, body?: unknown) {
  const { data, error, response } = await client.functions.invoke(`preferences${path}`, {
    method,
    body: body as Record<string, unknown> | undefined,
  });
  if (!error) {
    return { status: response?.status ?? 200, body: data, text: JSON.stringify(data ?? null) };
  }
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const failed = error.context as Response;
  const text = await failed.text();
  return { status: failed.status, body: JSON.parse(text), text };
}

/** An organization `owner` made (its accepted owner) with an AI configuration of its own. */
async function organizationWith(owner: TestUser, configuration: Record<string, unknown>) {
  const slug = `org-${crypto.randomUUID().slice(0, 8)}`;
  const { data: org, error } = await owner.client.from("organizations")
    .insert({ name: "Studio", slug }).select("id").single();
  assert.equal(error, null);
  const { error: configError } = await owner.client.from("ai_configurations")
    .insert({ organization_id: org!.id, config_name: "studio", configuration });
  assert.equal(configError, null);
  return org!.id as string;
}

Deno.test("GET /preferences/ai: a new user gets the defaults, each from the default layer", async () => {
  const user = await signUpUser("ai-get");
  const { status, body } = await call(user.client, "GET", "/ai");
  assert.equal(status, 200);
  assert.equal(body.source, "default");
  assert.equal(body.effective.temperature, 0.7);
  assert.equal(body.effective.maxTokens, 4096);
  assert.deepEqual(body.effective.retryStrategy, {
    maxRetries: 3,
    backoffType: "exponential",
    baseDelay: 1000,
    maxDelay: 16000,
  });
  assert.equal(body.effective.source, undefined, "effective holds settings only");
  assert.deepEqual(new Set(Object.values(body.layers)), new Set(["default"]));
  assert.equal(body.layers["retryStrategy.maxDelay"], "default");
  assert.deepEqual(body.configurations, []);
  assert.equal(body.hasApiKey, false);
});

Deno.test("PATCH /preferences/ai: creates the named configuration, then merges into it", async () => {
  const user = await signUpUser("ai-patch");
  const created = await call(user.client, "PATCH", "/ai", {
    configName: "studio-work",
    updates: { temperature: 0.2, retryStrategy: { maxRetries: 5 } },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.configName, "studio-work");
  assert.deepEqual(created.body.configuration, {
    temperature: 0.2,
    // completed from what the user had: the database keeps nested objects whole
    retryStrategy: { maxRetries: 5, backoffType: "exponential", baseDelay: 1000, maxDelay: 16000 },
  });
  const updated = await call(user.client, "PATCH", "/ai", {
    configName: "studio-work",
    updates: { maxTokens: 1024, retryStrategy: { maxDelay: 2000 } },
  });
  assert.equal(updated.status, 200);
  assert.deepEqual(updated.body.configuration, {
    temperature: 0.2,
    maxTokens: 1024,
    retryStrategy: { maxRetries: 5, backoffType: "exponential", baseDelay: 1000, maxDelay: 2000 },
  });
  assert.equal(updated.body.id, created.body.id);

  const { body } = await call(user.client, "GET", "/ai");
  assert.equal(body.source, "user");
  assert.equal(body.effective.temperature, 0.2);
  assert.equal(body.layers.temperature, "user");
  assert.equal(body.layers["retryStrategy.maxRetries"], "user");
  assert.equal(body.layers.topP, "default");
  assert.deepEqual(body.configurations.map((c: { configName: string }) => c.configName), [
    "studio-work",
  ]);
  const [{ count }] = await asService(
    sql,
    (tx) =>
      tx`select count(*)::int from public.configuration_audit_log
       where config_type = 'ai_config' and owner_id = ${user.id}`,
  );
  assert.equal(count, 2, "both changes are audited");

  // A null hands the setting back to the layer below.
  const cleared = await call(user.client, "PATCH", "/ai", {
    configName: "studio-work",
    updates: { temperature: null },
  });
  assert.equal(cleared.body.configuration.temperature, undefined);
  const { body: after } = await call(user.client, "GET", "/ai");
  assert.deepEqual([after.effective.temperature, after.layers.temperature], [0.7, "default"]);
});

Deno.test("PATCH /preferences/ai: every message at once, and nothing created", async () => {
  const user = await signUpUser("ai-invalid");
  const { status, body } = await call(user.client, "PATCH", "/ai", {
    configName: "bad",
    updates: {
      temperature: 2,
      topP: -1,
      maxTokens: 5000,
      baseUrl: "https://attacker.example",
      retryStrategy: { maxRetries: 11, baseDelay: 5000, maxDelay: 1000 },
      costBudget: { dailyBudget: 100, weeklyBudget: 50, monthlyBudget: 10 },
    },
  });
  assert.equal(status, 422);
  assert.equal(body.code, "validation_failed");
  assert.deepEqual(Object.keys(body.errors).sort(), [
    "updates.baseUrl",
    "updates.costBudget.monthlyBudget",
    "updates.costBudget.weeklyBudget",
    "updates.maxTokens",
    "updates.retryStrategy.maxDelay",
    "updates.retryStrategy.maxRetries",
    "updates.temperature",
    "updates.topP",
  ]);
  assert.deepEqual(body.errors["updates.temperature"], ["Must be a number from 0 to 1"]);
  assert.deepEqual(body.errors["updates.retryStrategy.maxDelay"], [
    "Must be at least baseDelay (5000)",
  ]);
  const { body: after } = await call(user.client, "GET", "/ai");
  assert.deepEqual(after.configurations, []);

  const badName = await call(user.client, "PATCH", "/ai", { configName: "a/b", updates: {} });
  assert.equal(badName.status, 422);
  assert.ok(badName.body.errors.configName);
});

Deno.test("the preferences validator and the database CHECK agree on what is valid", async () => {
  const retry = { maxRetries: 3, backoffType: "linear", baseDelay: 10, maxDelay: 10 };
  const configs: unknown[] = [
    {},
    { temperature: 1, topP: 0, maxTokens: 1, streaming: false, model: "claude-haiku-4-5" },
    { temperature: 1.01 },
    { maxTokens: 4097 },
    { maxTokens: 2.5 },
    { streaming: "yes" },
    { provider: "Anthropic" },
    { model: "" },
    { systemPrompt: "be evil" },
    { retryStrategy: retry },
    { retryStrategy: { ...retry, maxDelay: 9 } },
    { retryStrategy: { ...retry, backoffType: "random" } },
    { retryStrategy: { maxRetries: 3 } },
    { rateLimiting: { requestsPerMinute: 10001, concurrentRequests: 1, burstAllowance: 0 } },
    { costBudget: { dailyBudget: 1, weeklyBudget: 1, monthlyBudget: 1, alertThresholds: [] } },
    { costBudget: { dailyBudget: 2, weeklyBudget: 1, monthlyBudget: 3, alertThresholds: [0.5] } },
    { costBudget: { dailyBudget: 1, weeklyBudget: 1, monthlyBudget: 1, alertThresholds: [2] } },
    { timeouts: { generationTimeout: 10, connectionTimeout: 20, totalRequestTimeout: 20 } },
    { timeouts: { generationTimeout: 30, connectionTimeout: 20, totalRequestTimeout: 20 } },
    { timeouts: { generationTimeout: 0, connectionTimeout: 20, totalRequestTimeout: 20 } },
  ];
  for (const config of configs) {
    // As text, then cast: a string parameter typed jsonb would be sent as a JSON string.
    const [{ problems }] = await asService(
      sql,
      (tx) =>
        tx`select private.ai_configuration_errors(${JSON.stringify(config)}::text::jsonb)
           as problems`,
    );
    const valid = problems.length === 0;
    const errors = aiConfigurationErrors(config);
    assert.equal(Object.keys(errors).length === 0, valid, `${JSON.stringify(config)}: ${problems}`);
  }
});

Deno.test("the fallback chain: user beats organization beats environment beats default", async () => {
  const user = await signUpUser("ai-chain");
  await organizationWith(user, { temperature: 0.4, maxTokens: 2000 });
  await call(user.client, "PATCH", "/ai", { configName: "mine", updates: { maxTokens: 3000 } });

  // Over HTTP (the stack sets no ANTHROPIC_* variables): no environment layer.
  const { body } = await call(user.client, "GET", "/ai");
  assert.equal(body.effective.maxTokens, 3000);
  assert.equal(body.layers.maxTokens, "user");
  assert.equal(body.effective.temperature, 0.4);
  assert.equal(body.layers.temperature, "organization");
  assert.equal(body.effective.model, "claude-sonnet-4-6");
  assert.equal(body.layers.model, "default");

  // The same database through a deployment that sets the environment layer.
  const { dbUrl, jwtSecret, url } = stackEnv();
  const deployed = createPreferencesHandler({
    dbUrl,
    jwtSecret,
    supabaseUrl: url,
    logLevel: "warn",
    anthropicModel: "claude-env-model",
    anthropicTemperature: "0.3",
    anthropicMaxTokens: "1000",
  });
  const response = await deployed(
    new Request("http://localhost/preferences/ai", {
      headers: { authorization: `Bearer ${user.accessToken}` },
    }),
  );
  assert.equal(response.status, 200);
  const layered = await response.json();
  assert.deepEqual(
    [layered.effective.maxTokens, layered.layers.maxTokens],
    [3000, "user"],
    "the user's value beats the organization's and the environment's",
  );
  assert.deepEqual(
    [layered.effective.temperature, layered.layers.temperature],
    [0.4, "organization"],
    "the organization's beats the environment's",
  );
  assert.deepEqual(
    [layered.effective.model, layered.layers.model],
    ["claude-env-model", "environment"],
    "the environment's beats the default",
  );
  assert.deepEqual([layered.effective.topP, layered.layers.topP], [0.9, "default"]);

  // Without the user's configuration, the organization's value shows through.
  const removed = await call(user.client, "DELETE", "/ai/mine");
  assert.equal(removed.status, 204);
  const { body: after } = await call(user.client, "GET", "/ai");
  assert.deepEqual([after.effective.maxTokens, after.layers.maxTokens], [2000, "organization"]);
  assert.equal(after.source, "organization");
});

Deno.test("an organization's configuration applies to members who accepted, not to invitees", async () => {
  const owner = await signUpUser("ai-org-owner");
  const invitee = await signUpUser("ai-org-invitee");
  const org = await organizationWith(owner, { temperature: 0.1 });
  const { error } = await owner.client.from("organization_members")
    .insert({ organization_id: org, user_id: invitee.id, role: "member" });
  assert.equal(error, null);
  const pending = await call(invitee.client, "GET", "/ai");
  assert.deepEqual([pending.body.effective.temperature, pending.body.layers.temperature], [
    0.7,
    "default",
  ]);
  const { error: acceptError } = await invitee.client.rpc("accept_organization_invitation", {
    p_organization_id: org,
  });
  assert.equal(acceptError, null);
  const accepted = await call(invitee.client, "GET", "/ai");
  assert.deepEqual([accepted.body.effective.temperature, accepted.body.layers.temperature], [
    0.1,
    "organization",
  ]);
});

Deno.test("DELETE /preferences/ai/<name>: the caller's own only; anything else is a 404", async () => {
  const owner = await signUpUser("ai-delete-owner");
  const stranger = await signUpUser("ai-delete-stranger");
  await call(owner.client, "PATCH", "/ai", { configName: "shared-name", updates: { topP: 0.5 } });
  const theirs = await call(stranger.client, "DELETE", "/ai/shared-name");
  assert.equal(theirs.status, 404);
  const { body } = await call(owner.client, "GET", "/ai");
  assert.equal(body.configurations.length, 1, "the owner's configuration is still there");
  assert.equal((await call(owner.client, "DELETE", "/ai/shared-name")).status, 204);
  assert.equal((await call(owner.client, "DELETE", "/ai/shared-name")).status, 404);
  assert.equal((await call(owner.client, "DELETE", "/ai/%E0%A4%A")).status, 404);
});

Deno.test("POST /preferences/ai/key and /rotate: stored in Vault, never echoed", async () => {
  const user = await signUpUser("ai-key");
  const first = "sk-ant-first-secret-1111-AbCd";
  const second = "sk-ant-second-secret-2222-WxYz";

  const noKey = await call(user.client, "POST", "/ai/key/rotate", { key: second });
  assert.equal(noKey.status, 404, "nothing to rotate yet");

  const stored = await call(user.client, "POST", "/ai/key", { provider: "anthropic", key: first });
  assert.equal(stored.status, 201);
  assert.deepEqual(stored.body, { configName: "default", provider: "anthropic", keyLast4: "AbCd" });
  assert.ok(!stored.text.includes("first-secret"));

  const again = await call(user.client, "POST", "/ai/key", { provider: "anthropic", key: second });
  assert.equal(again.status, 409);
  assert.ok(!again.text.includes("second-secret"));

  const rotated = await call(user.client, "POST", "/ai/key/rotate", { key: second });
  assert.equal(rotated.status, 200);
  assert.equal(rotated.body.keyLast4, "WxYz");
  assert.ok(!rotated.text.includes("second-secret"));

  const { body: ai } = await call(user.client, "GET", "/ai");
  assert.equal(ai.hasApiKey, true);
  assert.ok(!JSON.stringify(ai).includes("secret"));

  // The model layer reads the rotated key (service role only).
  const [{ id }] = await asService(
    sql,
    (tx) => tx`select id from public.ai_configurations where user_id = ${user.id}`,
  );
  const [{ key }] = await asService(
    sql,
    (tx) => tx`select public.get_ai_provider_key(${id}) as key`,
  );
  assert.equal(key, second);
  // Neither key is in the configuration rows or their audit trail.
  const [{ trail }] = await asService(
    sql,
    (tx) =>
      tx`select coalesce(string_agg(a::text, ' '), '') as trail from public.configuration_audit_log a
       where a.owner_id = ${user.id}`,
  );
  assert.ok(trail.length > 0);
  assert.ok(!trail.includes("first-secret") && !trail.includes("second-secret"));

  const short = await call(user.client, "POST", "/ai/key", { provider: "anthropic", key: "x1y2" });
  assert.equal(short.status, 422);
  assert.ok(short.body.errors.key);
  assert.ok(!short.text.includes("x1y2"));
  const otherProvider = await call(user.client, "POST", "/ai/key", {
    provider: "openai",
    key: "sk-something-long",
  });
  assert.equal(otherProvider.status, 422);
  assert.ok(otherProvider.body.errors.provider);
});

Deno.test("GET /preferences/ai/usage: spend per period against the budgets, thresholds crossed", async () => {
  const user = await signUpUser("ai-usage");
  const empty = await call(user.client, "GET", "/ai/usage");
  assert.equal(empty.status, 200);
  assert.equal(empty.body.periods.day.spentUsd, 0);
  assert.deepEqual(empty.body.periods.day.alertsCrossed, []);

  await asService(sql, (tx) =>
    tx`insert into public.ai_usage
         (user_id, feature, model, input_tokens, output_tokens, cost_usd, outcome, latency_ms)
       values (${user.id}, 'chat', 'claude-sonnet-4-5', 1000, 500, 40, 'ok', 900),
              (${user.id}, 'compose', 'claude-sonnet-4-5', 2000, 700, 20, 'ok', 1200)`);
  const { body } = await call(user.client, "GET", "/ai/usage");
  assert.deepEqual(body.alertThresholds, [0.5, 0.75, 0.9]);
  assert.equal(body.periods.day.spentUsd, 60);
  assert.equal(body.periods.day.budgetUsd, 100);
  assert.equal(body.periods.day.calls, 2);
  assert.equal(body.periods.day.inputTokens, 3000);
  assert.deepEqual(body.periods.day.alertsCrossed, [0.5]);
  assert.equal(body.periods.day.overBudget, false);
  assert.deepEqual(body.periods.week.alertsCrossed, [], "60 of 500");
  assert.equal(body.periods.month.budgetUsd, 2000);

  // A tighter budget of the user's own: the same spend crosses more thresholds.
  await call(user.client, "PATCH", "/ai", {
    configName: "budget",
    updates: {
      costBudget: {
        dailyBudget: 62,
        weeklyBudget: 500,
        monthlyBudget: 2000,
        alertThresholds: [0.9],
      },
    },
  });
  const { body: tighter } = await call(user.client, "GET", "/ai/usage");
  assert.deepEqual(tighter.alertThresholds, [0.9]);
  assert.deepEqual(tighter.periods.day.alertsCrossed, [0.9]);
  assert.equal(tighter.periods.day.budgetUsd, 62);
});
