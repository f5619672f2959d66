/**
 * AI configuration, pure: the settings document's rules (AIConfiguration and
 * validateAIConfiguration, as the ai_configurations CHECK, private.ai_configuration_errors,
 * holds them) with every message at once; how a partial update becomes a stored
 * configuration; which layer (user, organization, environment, default) supplied each value;
 * and spend against the budgets.
 */
import { z } from "zod";
import { type ModelEnvironment, withEnvironment } from "../_shared/llm/settings.ts";
import { deepMerge, isPlainObject, type Json, type JsonObject } from "./merge.ts";
import { addFieldError, type FieldErrors, noFieldErrors } from "../_shared/body.ts";

/** The nested settings and their keys. A stored nested object has all of them (the CHECK). */
export const NESTED_SETTINGS = {
  rateLimiting: ["requestsPerMinute", "concurrentRequests", "burstAllowance"],
  retryStrategy: ["maxRetries", "backoffType", "baseDelay", "maxDelay"],
  costBudget: ["dailyBudget", "weeklyBudget", "monthlyBudget", "alertThresholds"],
  timeouts: ["generationTimeout", "connectionTimeout", "totalRequestTimeout"],
} as const;

/** Keys of `get_effective_ai_config`'s answer that describe it rather than configure. */
const META_KEYS = ["source", "configurationId", "hasApiKey"];

function between(lo: number, hi: number, integer: boolean) {
  const message = `Must be ${integer ? "an integer" : "a number"} from ${lo} to ${hi}`;
  const base = integer ? z.int(message) : z.number(message);
  return base.min(lo, message).max(hi, message);
}

/** One configuration as stored: every key optional, nested objects complete. */
const Configuration = z.strictObject({
  provider: z.string().regex(
    /^[a-z][a-z0-9_-]{0,39}$/,
    "Must be a lowercase name of at most 40 characters",
  ),
  model: z.string().regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/,
    "Must be a model name of at most 100 characters",
  ),
  temperature: between(0, 1, false),
  maxTokens: between(1, 4096, true),
  topP: between(0, 1, false),
  streaming: z.boolean("Must be a boolean"),
  rateLimiting: z.strictObject({
    requestsPerMinute: between(1, 10_000, true),
    concurrentRequests: between(1, 100, true),
    burstAllowance: between(0, 1000, true),
  }),
  retryStrategy: z.strictObject({
    maxRetries: between(0, 10, true),
    backoffType: z.enum(["exponential", "linear", "fixed"], "Must be exponential, linear or fixed"),
    baseDelay: between(0, 60_000, true),
    maxDelay: between(0, 600_000, true),
  }),
  costBudget: z.strictObject({
    dailyBudget: between(0, 1_000_000, false),
    weeklyBudget: between(0, 1_000_000, false),
    monthlyBudget: between(0, 1_000_000, false),
    alertThresholds: z.array(between(0, 1, false)).max(5, "At most 5 thresholds"),
  }),
  timeouts: z.strictObject({
    generationTimeout: between(1, 600_000, true),
    connectionTimeout: between(1, 600_000, true),
    totalRequestTimeout: between(1, 600_000, true),
  }),
}).partial();

const numberAt = (config: JsonObject, section: string, key: string): number | undefined => {
  const object = config[section];
  const value = isPlainObject(object) ? object[key] : undefined;
  return typeof value === "number" ? value : undefined;
};

/** "must be at least" rules: [section, key, the keys it must not be below]. */
const ORDERINGS: Array<[string, string, string[]]> = [
  ["retryStrategy", "maxDelay", ["baseDelay"]],
  ["costBudget", "weeklyBudget", ["dailyBudget"]],
  ["costBudget", "monthlyBudget", ["weeklyBudget"]],
  ["timeouts", "totalRequestTimeout", ["generationTimeout", "connectionTimeout"]],
];

/**
 * Every problem of a configuration, by path (`prefix` names where it sits in the request).
 * Orderings are checked whenever both numbers are there, also beside other errors.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { aiConfigurationErrors } from "./ai_config.ts";
 *
 * deepEqual(aiConfigurationErrors({ temperature: 2, maxTokens: 10_000 }), {
 *   temperature: ["Must be a number from 0 to 1"],
 *   maxTokens: ["Must be an integer from 1 to 4096"],
 * });
 * ```
 */
export function aiConfigurationErrors(config: unknown, prefix = ""): FieldErrors {
  const errors = noFieldErrors();
  const add = (path: string, message: string) => addFieldError(errors, prefix + path, message);
  const parsed = Configuration.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = issue.path.join(".");
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) add(at ? `${at}.${key}` : key, "Unknown setting");
      } else add(at || "(configuration)", issue.message);
    }
  }
  if (isPlainObject(config)) {
    for (const [section, key, lowers] of ORDERINGS) {
      const value = numberAt(config, section, key);
      for (const lower of lowers) {
        const floor = numberAt(config, section, lower);
        if (value !== undefined && floor !== undefined && value < floor) {
          add(`${section}.${key}`, `Must be at least ${lower} (${floor})`);
        }
      }
    }
  }
  return errors;
}

/** A configuration without the keys that describe the effective answer. */
export function configurationOnly(effective: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(effective).filter(([key]) => !META_KEYS.includes(key)));
}

/**
 * The configuration to store: `updates` deep-merged over the stored one, a top-level null
 * removing that setting. A nested object the
 * result holds is completed from what the caller gets today (`effective`): the database keeps
 * nested objects whole, so that `{retryStrategy: {maxRetries: 5}}` changes one value and
 * leaves the others as they were.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { mergeAiUpdates } from "./ai_config.ts";
 *
 * const effective = { temperature: 0.7, timeouts: { generationTimeout: 60000, connectionTimeout: 10000, totalRequestTimeout: 120000 } };
 * deepEqual(mergeAiUpdates({ temperature: 0.2 }, { timeouts: { connectionTimeout: 5000 } }, effective), {
 *   temperature: 0.2,
 *   timeouts: { generationTimeout: 60000, connectionTimeout: 5000, totalRequestTimeout: 120000 },
 * });
 * ```
 */
export function mergeAiUpdates(
  stored: JsonObject,
  updates: JsonObject,
  effective: JsonObject,
): JsonObject {
  const merged = deepMerge(stored, updates);
  // A null takes the setting out of this configuration: the layer below applies to it again.
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
  }
  for (const section of Object.keys(NESTED_SETTINGS)) {
    const own = merged[section];
    const current = effective[section];
    if (isPlainObject(own) && isPlainObject(current)) {
      merged[section] = deepMerge(current, own);
    }
  }
  return merged;
}

/**
 * The environment layer: the deployment's model settings that are valid, parsed by the model
 * layer's own `withEnvironment`, so that the layer shown here is the one calls get. One that is
 * not valid (a typo in a secret) is left out rather than breaking every user's configuration.
 */
export function environmentLayer(env: ModelEnvironment): JsonObject {
  return withEnvironment({}, [], env) as JsonObject;
}

export type Layer = "user" | "organization" | "environment" | "default";

export interface LayeredConfiguration {
  effective: JsonObject;
  /** Each setting's path (nested ones as `section.key`) → the layer that supplied it. */
  layers: Record<string, Layer>;
}

/**
 * The effective configuration with its provenance. `database` is `get_effective_ai_config()`
 * (default, then organization, then user, merged by top-level key); the environment layer sits
 * between the default and the organization, so it supplies exactly the keys neither the user's
 * nor the organization's configuration sets.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { layeredConfiguration } from "./ai_config.ts";
 *
 * const { effective, layers } = layeredConfiguration({
 *   database: { model: "m-default", temperature: 0.4, maxTokens: 3000, topP: 0.9 },
 *   user: { maxTokens: 3000 },
 *   organization: { temperature: 0.4 },
 *   environment: { model: "m-env", temperature: 0.1 },
 * });
 * deepEqual(effective, { model: "m-env", temperature: 0.4, maxTokens: 3000, topP: 0.9 });
 * deepEqual(layers, { model: "environment", temperature: "organization", maxTokens: "user", topP: "default" });
 * ```
 */
export function layeredConfiguration(input: {
  database: JsonObject;
  user: JsonObject | null;
  organization: JsonObject | null;
  environment: JsonObject;
}): LayeredConfiguration {
  const effective: JsonObject = {};
  const layers: Record<string, Layer> = {};
  for (const [key, fromDatabase] of Object.entries(configurationOnly(input.database))) {
    let layer: Layer;
    let value: Json = fromDatabase;
    if (input.user && key in input.user) layer = "user";
    else if (input.organization && key in input.organization) layer = "organization";
    else if (key in input.environment) {
      layer = "environment";
      value = input.environment[key];
    } else layer = "default";
    effective[key] = value;
    if (isPlainObject(value)) {
      for (const inner of Object.keys(value)) layers[`${key}.${inner}`] = layer;
    } else layers[key] = layer;
  }
  return { effective, layers };
}

/** One period of `ai_spend_summary()`. */
export interface SpendRow {
  period: string;
  starts_at: Date | string;
  resets_at: Date | string;
  calls: string | number;
  input_tokens: string | number;
  output_tokens: string | number;
  spent_usd: string | number;
  budget_usd: string | number | null;
}

export interface PeriodUsage {
  startsAt: string;
  resetsAt: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  spentUsd: number;
  budgetUsd: number | null;
  /** Spent as a fraction of the budget; null without a budget, or spend over a zero budget. */
  usedFraction: number | null;
  /** The alert thresholds this period's spend has reached, lowest first. */
  alertsCrossed: number[];
  overBudget: boolean;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * Spend per period against its budget, with the alert thresholds crossed.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { usageReport } from "./ai_config.ts";
 *
 * const report = usageReport([{
 *   period: "day", starts_at: "2030-01-01T00:00:00Z", resets_at: "2030-01-02T00:00:00Z",
 *   calls: "3", input_tokens: "10", output_tokens: "20", spent_usd: "80", budget_usd: "100",
 * }], [0.5, 0.75, 0.9]);
 * deepEqual(report.periods.day.alertsCrossed, [0.5, 0.75]);
 * ```
 */
export function usageReport(rows: SpendRow[], thresholds: number[]): {
  periods: Record<string, PeriodUsage>;
  alertThresholds: number[];
} {
  const sorted = [...thresholds].sort((a, b) => a - b);
  const periods: Record<string, PeriodUsage> = {};
  for (const row of rows) {
    const spent = Number(row.spent_usd);
    const budget = row.budget_usd === null ? null : Number(row.budget_usd);
    // A zero budget allows nothing: any spend has crossed every threshold.
    const used = budget === null ? null : budget > 0 ? spent / budget : spent > 0 ? Infinity : 0;
    periods[row.period] = {
      startsAt: iso(row.starts_at),
      resetsAt: iso(row.resets_at),
      calls: Number(row.calls),
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      spentUsd: spent,
      budgetUsd: budget,
      usedFraction: used !== null && Number.isFinite(used) ? Math.round(used * 1e4) / 1e4 : null,
      alertsCrossed: used === null ? [] : sorted.filter((threshold) => used >= threshold),
      overBudget: used !== null && used >= 1,
    };
  }
  return { periods, alertThresholds: sorted };
}

/** The last four characters of a key: all of it that is ever shown or logged. */
export function keyHint(key: string): string {
  return key.slice(-4);
}
