/**
 * What a model call costs: Anthropic's list prices in USD per million tokens, and the cost of a
 * call's usage. Prices as published on platform.claude.com's model pages (November 2026).
 * Prompt-cache tokens use Anthropic's uniform multipliers of the input price: a 5-minute cache
 * write 1.25×, a cache read 0.1×.
 */

/** USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Prompts over `tokens` input tokens are billed at these prices instead (Haiku 5.5). */
  longPrompt?: { tokens: number; inputPerMTok: number; outputPerMTok: number };
}

/**
 * Model ids (or their prefixes: `claude-sonnet-4-5` prices `claude-sonnet-4-5-20250929`). The
 * longest matching prefix wins, so `claude-opus-4-8` is not priced as `claude-opus-4`.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  "claude-mythos-preview": { inputPerMTok: 25, outputPerMTok: 125 },
  "claude-mythos-5": { inputPerMTok: 10, outputPerMTok: 50 },
  "claude-fable-5": { inputPerMTok: 10, outputPerMTok: 50 },
  "claude-opus-5-5": { inputPerMTok: 4, outputPerMTok: 20 },
  "claude-opus-5": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4-8": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4-7": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4-6": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4-5": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4-1": { inputPerMTok: 15, outputPerMTok: 75 },
  "claude-opus-4": { inputPerMTok: 15, outputPerMTok: 75 },
  "claude-3-opus": { inputPerMTok: 15, outputPerMTok: 75 },
  "claude-sonnet-5-5": { inputPerMTok: 2, outputPerMTok: 10 },
  "claude-sonnet-5": { inputPerMTok: 2, outputPerMTok: 10 },
  "claude-sonnet-4-6": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-sonnet-4-5": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-sonnet-4": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-3-7-sonnet": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-3-5-sonnet": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-haiku-5-5": {
    inputPerMTok: 0.1,
    outputPerMTok: 0.5,
    longPrompt: { tokens: 100_000, inputPerMTok: 0.5, outputPerMTok: 2.5 },
  },
  "claude-haiku-4-5": { inputPerMTok: 1, outputPerMTok: 5 },
  "claude-3-5-haiku": { inputPerMTok: 0.8, outputPerMTok: 4 },
  "claude-3-haiku": { inputPerMTok: 0.25, outputPerMTok: 1.25 },
};

const BY_LENGTH = Object.keys(MODEL_PRICES).sort((a, b) => b.length - a.length);

/**
 * A model nobody priced is charged as the dearest one: a budget must never be overspent
 * because a new model id costs nothing in this table.
 */
export const UNKNOWN_MODEL_PRICE: ModelPrice = Object.values(MODEL_PRICES).reduce((dearest, p) =>
  p.outputPerMTok > dearest.outputPerMTok ? p : dearest
);

/**
 * The price of `model`: its own entry, else the longest entry it extends with `-`, else
 * `UNKNOWN_MODEL_PRICE`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { priceOf } from "./prices.ts";
 *
 * equal(priceOf("claude-sonnet-4-5-20250929").inputPerMTok, 3);
 * ```
 */
export function priceOf(model: string): ModelPrice {
  const key = BY_LENGTH.find((k) => model === k || model.startsWith(`${k}-`));
  return key ? MODEL_PRICES[key] : UNKNOWN_MODEL_PRICE;
}

/** Tokens of one call, as the Messages API reports them (cache counts may be absent). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
}

/** Cache multipliers of the input price (Anthropic's, the same for every model). */
const CACHE_WRITE = 1.25;
const CACHE_READ = 0.1;

/**
 * USD for `usage` on `model`, rounded to a millionth of a dollar (what ai_usage.cost_usd keeps).
 * `inputTokens` excludes the cache counts, as in the API's usage object.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { costUsd } from "./prices.ts";
 *
 * // 1,000 in and 500 out on Sonnet 4.5: 1000 × $3/M + 500 × $15/M
 * equal(costUsd("claude-sonnet-4-5-20250929", { inputTokens: 1000, outputTokens: 500 }), 0.0105);
 * ```
 */
export function costUsd(model: string, usage: TokenUsage): number {
  const price = priceOf(model);
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const prompt = usage.inputTokens + cacheWrite + cacheRead;
  const tier = price.longPrompt && prompt > price.longPrompt.tokens ? price.longPrompt : price;
  const micro = usage.inputTokens * tier.inputPerMTok +
    cacheWrite * tier.inputPerMTok * CACHE_WRITE +
    cacheRead * tier.inputPerMTok * CACHE_READ +
    usage.outputTokens * tier.outputPerMTok;
  // tokens × USD per million tokens = millionths of a dollar
  return Math.round(micro) / 1e6;
}
