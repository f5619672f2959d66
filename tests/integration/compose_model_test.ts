/**
 * POST /compose's model path against the Anthropic stand-in (tests/_fake_anthropic.ts, which
 * the test runner starts at ANTHROPIC_BASE_URL): a user whose AI configuration holds a key gets
 * Claude's text, scored from that text; an upstream failure falls back to the template engine.
 */
import assert from "node:assert/strict";
import { compose } from "./_compose.ts";
import { NO_RETRIES, received, script, userWithKey } from "./_model.ts";

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
  const { user, apiKey } = await userWithKey("compose-model", NO_RETRIES);
  const text =
    "The Model Trench keeps city commuters dry in water-resistant cotton. Order yours today.";
  await script(apiKey, [{ type: "text", text }]);
  const request = body();
  const answer = await compose(user.client, "", { body: request });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.source, "generated");
  assert.equal(answer.body.content, text);
  // 14 words against 150–200: a short text scores lower than the template's alternatives would.
  assert.ok(answer.body.qualityScore < 0.9, String(answer.body.qualityScore));
  assert.equal(answer.body.alternatives.length, 2);
  assert.ok(answer.body.alternatives[0].includes(request.inputs.name));
  const [sent] = await received(apiKey);
  const prompt = JSON.stringify(sent.body);
  assert.ok(prompt.includes("water-resistant cotton") && prompt.includes("call to action"));
});

Deno.test("compose: an upstream failure falls back to the template engine", async () => {
  const { user, apiKey } = await userWithKey("compose-model-down", NO_RETRIES);
  await script(apiKey, [{ type: "error", status: 500 }]);
  const request = body();
  const answer = await compose(user.client, "", { body: request });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.source, "generated");
  assert.ok(answer.body.content.includes(request.inputs.name)); // the template's text
  assert.ok(answer.body.content.split(/\s+/).length >= 150);
  assert.equal((await received(apiKey)).length, 1);
});
