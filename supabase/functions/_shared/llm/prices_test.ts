import assert from "node:assert/strict";
import { costUsd, MODEL_PRICES, priceOf, UNKNOWN_MODEL_PRICE } from "./prices.ts";

Deno.test("priceOf() finds a dated snapshot by its model's prefix", () => {
  assert.deepEqual(priceOf("claude-sonnet-4-5-20250929"), MODEL_PRICES["claude-sonnet-4-5"]);
  assert.deepEqual(priceOf("claude-haiku-4-5-20251001"), MODEL_PRICES["claude-haiku-4-5"]);
  assert.deepEqual(priceOf("claude-opus-4-5-20251101"), MODEL_PRICES["claude-opus-4-5"]);
});

Deno.test("priceOf() prefers the longest prefix: opus-4-8 is not opus-4, sonnet-5-5 not sonnet-5", () => {
  assert.deepEqual(priceOf("claude-opus-4-8").inputPerMTok, 5);
  assert.deepEqual(priceOf("claude-opus-4-20250514").inputPerMTok, 15);
  assert.deepEqual(priceOf("claude-sonnet-5-5"), MODEL_PRICES["claude-sonnet-5-5"]);
  assert.deepEqual(priceOf("claude-sonnet-5"), MODEL_PRICES["claude-sonnet-5"]);
  assert.deepEqual(priceOf("claude-fable-5-1").outputPerMTok, 50);
});

Deno.test("priceOf() charges an unknown model as the dearest known one", () => {
  assert.deepEqual(priceOf("gpt-9"), UNKNOWN_MODEL_PRICE);
  // a prefix without the `-` boundary is another model
  assert.deepEqual(priceOf("claude-sonnet-45"), UNKNOWN_MODEL_PRICE);
  const dearest = Math.max(...Object.values(MODEL_PRICES).map((p) => p.outputPerMTok));
  assert.deepEqual(UNKNOWN_MODEL_PRICE.outputPerMTok, dearest);
});

Deno.test("costUsd() adds input and output at the model's prices", () => {
  // hand-computed: 1000 × 3 + 500 × 15 = 10,500 millionths
  assert.deepEqual(
    costUsd("claude-sonnet-4-5-20250929", { inputTokens: 1000, outputTokens: 500 }),
    0.0105,
  );
  // 2,000,000 × 1 + 1,000,000 × 5 = $7
  assert.deepEqual(
    costUsd("claude-haiku-4-5", { inputTokens: 2_000_000, outputTokens: 1_000_000 }),
    7,
  );
  assert.deepEqual(costUsd("claude-opus-4-1", { inputTokens: 0, outputTokens: 0 }), 0);
});

Deno.test("costUsd() prices cache writes at 1.25× and reads at 0.1× the input price", () => {
  // Sonnet 4.5: 100 × 3 + 1000 × 3.75 + 10,000 × 0.3 + 200 × 15 = 300 + 3750 + 3000 + 3000
  assert.deepEqual(
    costUsd("claude-sonnet-4-5", {
      inputTokens: 100,
      outputTokens: 200,
      cacheWriteTokens: 1000,
      cacheReadTokens: 10_000,
    }),
    0.01005,
  );
});

Deno.test("costUsd() bills Haiku 5.5 prompts over 100,000 tokens at the long-prompt prices", () => {
  // up to 100k: 100,000 × 0.1 + 1,000 × 0.5 = 10,500 millionths
  assert.deepEqual(
    costUsd("claude-haiku-5-5", { inputTokens: 100_000, outputTokens: 1000 }),
    0.0105,
  );
  // one more token: 100,001 × 0.5 + 1,000 × 2.5 = 52,500.5 → 52,501 millionths
  assert.deepEqual(
    costUsd("claude-haiku-5-5", { inputTokens: 100_001, outputTokens: 1000 }),
    0.052501,
  );
  // cache reads count toward the prompt's size
  assert.deepEqual(
    costUsd("claude-haiku-5-5", { inputTokens: 1, outputTokens: 0, cacheReadTokens: 100_000 }),
    0.005001,
  );
});
