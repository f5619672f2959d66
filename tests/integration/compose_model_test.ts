/**
 * POST /compose's model path against the Anthropic stand-in (tests/_fake_anthropic.ts, which
 * the test runner starts at ANTHROPIC_BASE_URL): a user whose AI configuration holds a key gets
 * Claude's text, scored from that text; an upstream failure falls back to the template engine.
 */
import assert from "node:assert/strict";
import { fakeAnthropicRequests, scriptFakeAnthropic } from "../_fake_anthropic.ts";
import { compose } from "./_compose.ts";
import { signUpUser, type TestUser } from "./_stack.ts";

function fakeUrl(): string {
  const url = Deno.env.get("ANTHROPIC_BASE_URL");
  if (!url) {
    throw new Error("ANTHROPIC_BASE_URL is not set: run the integration tests with `npm test`");
  }
  return url;
}

/** A user whose own AI configuration holds a fresh key (it picks the stand-in's script). */
async function userWithKey(label: string): Promise<{ user: TestUser; apiKey: string }> {
  const user = await signUpUser(label);
  const { data, error } = await user.client.from("ai_configurations").insert({
    user_id: user.id,
    config_name: "compose test",
    configuration: {
      model: "claude-sonnet-4-6",
      retryStrategy: { maxRetries: 0, backoffType: "fixed", baseDelay: 10, maxDelay: 10 },
    },
  }).select("id").single();
  if (error) throw error;
  const apiKey = `sk-test-${crypto.randomUUID()}`;
  const stored = await user.client.rpc("set_ai_provider_key", {
    p_config_id: data.id,
    p_api_key: apiKey,
  });
  if (stored.error) throw stored.error;
  return { user, apiKey };
}

const body = () => ({
  kind: "product_description",
  inputs: {
    name: `Model Trench ${crypto.randomUUID().slice(0, 6)}`,
    category: "outerwear",
    features: ["water-resistant cotton"],
    audience: "city commuters",
    brandVoice: "confident",
  },
});

Deno.test("compose: with a key, the content is the model's text, scored from it", async () => {
  const { user, apiKey } = await userWithKey("compose-model");
  const text =
    "The Model Trench keeps city commuters dry in water-resistant cotton. Order yours today.";
  await scriptFakeAnthropic(fakeUrl(), apiKey, [{ type: "text", text }]);
  const request = body();
  const answer = await compose(user.client, "", { body: request });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.source, "generated");
  assert.equal(answer.body.content, text);
  // 14 words against 150–200: a short text scores lower than the template's alternatives would.
  assert.ok(answer.body.qualityScore < 0.9, String(answer.body.qualityScore));
  assert.equal(answer.body.alternatives.length, 2);
  assert.ok(answer.body.alternatives[0].includes(request.inputs.name));
  const [sent] = await fakeAnthropicRequests(fakeUrl(), apiKey);
  const prompt = JSON.stringify(sent.body);
  assert.ok(prompt.includes("water-resistant cotton") && prompt.includes("call to action"));
});

Deno.test("compose: an upstream failure falls back to the template engine", async () => {
  const { user, apiKey } = await userWithKey("compose-model-down");
  await scriptFakeAnthropic(fakeUrl(), apiKey, [{ type: "error", status: 500 }]);
  const request = body();
  const answer = await compose(user.client, "", { body: request });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.source, "generated");
  assert.ok(answer.body.content.includes(request.inputs.name)); // the template's text
  assert.ok(answer.body.content.split(/\s+/).length >= 150);
  assert.equal((await fakeAnthropicRequests(fakeUrl(), apiKey)).length, 1);
});
