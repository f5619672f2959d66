/**
 * From the caller's effective AI configuration (`get_effective_ai_config`: user → organization
 * → defaults, with the environment layer put in by `withEnvironment`) to what one model call uses: the model, the output limit, the retry strategy and
 * the time limits. The database's CHECK keeps stored configurations in range; a value that is
 * missing or out of range anyway falls back to the default rather than failing the call.
 */
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelCall } from "./types.ts";

export type BackoffType = "exponential" | "linear" | "fixed";

export interface RetryStrategy {
  maxRetries: number;
  backoffType: BackoffType;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ModelSettings {
  provider: string;
  model: string;
  maxTokens: number;
  /**
   * Kept for the record, never sent: API version 2026-10-21 (the one @anthropic-ai/sdk 1.x
   * speaks) refuses temperature, top_p and top_k with a 400, and the SDK has no such fields.
   */
  temperature: number;
  topP: number;
  retry: RetryStrategy;
  /**
   * Model calls a user may start in any 60 s (counted in Postgres, across isolates). The
   * configuration's `concurrentRequests` and `burstAllowance` are not applied: every user
   * already has at most 4 requests in flight per function, and a sliding window has no
   * bursts to allow.
   */
  requestsPerMinute: number;
  /** Time to the response headers, to the end of one answer, and for the whole call. */
  timeouts: { connectionMs: number; generationMs: number; totalMs: number };
  /** The configuration that applied (and holds the key), when one did. */
  configurationId: string | null;
  source: "user" | "organization" | "default";
  hasApiKey: boolean;
}

/** get_effective_ai_config's defaults (private.default_ai_config, 20261122002020_default_model.sql). */
export const DEFAULT_SETTINGS: ModelSettings = {
  provider: "anthropic",
  model: "claude-sonnet-4-6",
  maxTokens: 4096,
  temperature: 0.7,
  topP: 0.9,
  retry: { maxRetries: 3, backoffType: "exponential", baseDelayMs: 1000, maxDelayMs: 16000 },
  requestsPerMinute: 50,
  timeouts: { connectionMs: 10_000, generationMs: 60_000, totalMs: 120_000 },
  configurationId: null,
  source: "default",
  hasApiKey: false,
};

type Doc = Record<string, unknown>;

const asDoc = (value: unknown): Doc =>
  value && typeof value === "object" && !Array.isArray(value) ? value as Doc : {};

function num(value: unknown, fallback: number, lo: number, hi: number, whole = false): number {
  return typeof value === "number" && Number.isFinite(value) && value >= lo && value <= hi &&
      (!whole || Number.isInteger(value))
    ? value
    : fallback;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The settings of an effective configuration document.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { modelSettings } from "./settings.ts";
 *
 * equal(modelSettings({ model: "claude-haiku-4-5", maxTokens: 512 }).maxTokens, 512);
 * ```
 */
export function modelSettings(config: unknown): ModelSettings {
  const c = asDoc(config);
  const d = DEFAULT_SETTINGS;
  const retry = asDoc(c.retryStrategy);
  const timeouts = asDoc(c.timeouts);
  const limits = asDoc(c.rateLimiting);
  const backoff = retry.backoffType;
  const baseDelayMs = num(retry.baseDelay, d.retry.baseDelayMs, 0, 60_000, true);
  const connectionMs = num(timeouts.connectionTimeout, d.timeouts.connectionMs, 1, 600_000, true);
  const generationMs = num(timeouts.generationTimeout, d.timeouts.generationMs, 1, 600_000, true);
  return {
    provider: typeof c.provider === "string" ? c.provider : d.provider,
    model: typeof c.model === "string" && MODEL_ID.test(c.model) ? c.model : d.model,
    maxTokens: num(c.maxTokens, d.maxTokens, 1, 4096, true),
    temperature: num(c.temperature, d.temperature, 0, 1),
    topP: num(c.topP, d.topP, 0, 1),
    retry: {
      maxRetries: num(retry.maxRetries, d.retry.maxRetries, 0, 10, true),
      backoffType: backoff === "linear" || backoff === "fixed" || backoff === "exponential"
        ? backoff
        : d.retry.backoffType,
      baseDelayMs,
      maxDelayMs: num(
        retry.maxDelay,
        Math.max(d.retry.maxDelayMs, baseDelayMs),
        baseDelayMs,
        600_000,
        true,
      ),
    },
    requestsPerMinute: num(limits.requestsPerMinute, d.requestsPerMinute, 1, 10_000, true),
    timeouts: {
      connectionMs,
      generationMs,
      totalMs: num(
        timeouts.totalRequestTimeout,
        Math.max(d.timeouts.totalMs, connectionMs, generationMs),
        1,
        600_000,
        true,
      ),
    },
    configurationId: typeof c.configurationId === "string" && UUID.test(c.configurationId)
      ? c.configurationId
      : null,
    source: c.source === "user" || c.source === "organization" ? c.source : "default",
    hasApiKey: c.hasApiKey === true,
  };
}

/** The deployment's own model settings (`ANTHROPIC_MODEL`, ...), as read by env.ts. */
export interface ModelEnvironment {
  anthropicModel?: string;
  anthropicTemperature?: string;
  anthropicMaxTokens?: string;
}

/**
 * The effective configuration with the environment layer in its place: above the defaults,
 * below an organization's and a user's configuration, so it supplies exactly the settings that
 * `chosenKeys` (the keys the user's and the organization's configurations set) leave to the
 * defaults. A value out of range is left out (a typo in a secret must not break every call), as
 * GET /preferences/ai shows it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { withEnvironment } from "./settings.ts";
 *
 * const effective = { model: "claude-sonnet-4-5-20250929", maxTokens: 4096 };
 * equal(withEnvironment(effective, [], { anthropicModel: "claude-sonnet-5-5" }).model, "claude-sonnet-5-5");
 * equal(withEnvironment(effective, ["model"], { anthropicModel: "claude-sonnet-5-5" }).model, effective.model);
 * ```
 */
export function withEnvironment(
  config: unknown,
  chosenKeys: readonly string[],
  env: ModelEnvironment,
): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  if (env.anthropicModel && MODEL_ID.test(env.anthropicModel)) layer.model = env.anthropicModel;
  const temperature = Number(env.anthropicTemperature);
  if (env.anthropicTemperature && temperature >= 0 && temperature <= 1) {
    layer.temperature = temperature;
  }
  const maxTokens = Number(env.anthropicMaxTokens);
  if (
    env.anthropicMaxTokens && Number.isInteger(maxTokens) && maxTokens >= 1 && maxTokens <= 4096
  ) {
    layer.maxTokens = maxTokens;
  }
  const merged = { ...asDoc(config) };
  for (const [key, value] of Object.entries(layer)) {
    if (!chosenKeys.includes(key)) merged[key] = value;
  }
  return merged;
}

/** A call's budget when it names none. */
export const DEFAULT_BUDGET_MS = 5_000;

/** The whole call's time limit: its own budget, within the configuration's total timeout. */
export function callBudgetMs(call: Pick<ModelCall, "budgetMs">, settings: ModelSettings): number {
  const asked = call.budgetMs !== undefined && Number.isFinite(call.budgetMs) && call.budgetMs > 0
    ? call.budgetMs
    : DEFAULT_BUDGET_MS;
  return Math.min(asked, settings.timeouts.totalMs);
}

/**
 * The time limits of one request, `remainingMs` before the call's budget runs out. `sdkMs` is
 * the SDK's `timeout`, which covers the wait for the response headers only: for a stream that
 * is the connection, for a plain request the whole answer. `answerMs` bounds the whole
 * answer, body included (our own timer).
 */
export function attemptLimits(
  settings: ModelSettings,
  remainingMs: number,
  streaming: boolean,
): { sdkMs: number; answerMs: number } {
  const answerMs = Math.max(1, Math.min(settings.timeouts.generationMs, remainingMs));
  const sdkMs = streaming ? Math.min(settings.timeouts.connectionMs, answerMs) : answerMs;
  return { sdkMs: Math.max(1, Math.floor(sdkMs)), answerMs: Math.floor(answerMs) };
}

/**
 * The Messages API request of one round: the configuration's model and output limit, the
 * call's system prompt and tools, the conversation so far. No `temperature` or `top_p` (see
 * `ModelSettings`). On the last round the model may not call a tool (`tool_choice: none`): it
 * must answer with what the tool results gave it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { DEFAULT_SETTINGS, messageParams } from "./settings.ts";
 *
 * const call = { feature: "chat" as const, system: "Be brief.", messages: [] };
 * equal(messageParams(DEFAULT_SETTINGS, call, [], false).max_tokens, 4096);
 * ```
 */
export function messageParams(
  settings: ModelSettings,
  call: Pick<ModelCall, "system" | "tools">,
  messages: Anthropic.Messages.MessageParam[],
  lastRound: boolean,
): Anthropic.Messages.MessageCreateParamsNonStreaming {
  const tools = call.tools ?? [];
  return {
    model: settings.model,
    max_tokens: settings.maxTokens,
    system: call.system,
    messages,
    ...(tools.length
      ? {
        tools: tools.map((t) => ({
          name: t.name,
          description: t.description,
          input_schema: t.inputSchema,
        })),
        ...(lastRound ? { tool_choice: { type: "none" as const } } : {}),
      }
      : {}),
  };
}
