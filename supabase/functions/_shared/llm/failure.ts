/**
 * What went wrong upstream, and whether trying again can help within the budget. Every error
 * the SDK raises (or a request made with it) maps to one `ModelFailure`; nothing here throws.
 *
 * Retries are ours, not the SDK's (it runs with `maxRetries: 0`): the SDK would wait whatever
 * `retry-after` says, however long, and back off on its own schedule, while a call has a budget
 * of a few seconds and a retry strategy from the AI configuration.
 */
import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import type { RetryStrategy } from "./settings.ts";
import type { ModelFailure } from "./types.ts";

export interface UpstreamProblem {
  reason: ModelFailure;
  /** The same request may succeed if sent again (rate limits, overload, 5xx, connections). */
  retryable: boolean;
  /** What the provider asked us to wait (`retry-after-ms`, else `retry-after`), when it did. */
  retryAfterMs?: number;
  /** HTTP status, when there was a response. */
  status?: number;
  /** For logs and the caller: says what happened, never carries upstream text or a key. */
  note: string;
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; undefined when absent. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers?.get("retry-after");
  if (!after) return undefined;
  const seconds = Number.parseFloat(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The error type of a stream's `event: error` (no status), e.g. `overloaded_error`. */
function typeOf(error: APIError): string | null {
  return error.type ?? null;
}

/**
 * What `error` (thrown by the SDK) means for a model call. Aborts are not classified here: the
 * caller knows whether its deadline or its client ended the request.
 */
export function classifyError(error: unknown): UpstreamProblem {
  if (error instanceof APIUserAbortError) {
    return { reason: "aborted", retryable: false, note: "The request was aborted" };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return {
      reason: "timeout",
      retryable: true,
      note: "The model provider did not answer in time",
    };
  }
  if (error instanceof APIConnectionError) {
    return { reason: "network", retryable: true, note: "The model provider could not be reached" };
  }
  if (error instanceof APIError) {
    const status = typeof error.status === "number" ? error.status : undefined;
    const headers = error.headers instanceof Headers ? error.headers : undefined;
    const shouldRetry = headers?.get("x-should-retry");
    const after = retryAfterMs(headers);
    const type = typeOf(error);
    let reason: ModelFailure;
    let retryable: boolean;
    if (status === 429 || type === "rate_limit_error") {
      reason = "rate_limited";
      retryable = true;
    } else if (status === 529 || type === "overloaded_error") {
      reason = "overloaded";
      retryable = true;
    } else if (status === 408 || status === 504 || type === "timeout_error") {
      reason = "timeout";
      retryable = true;
    } else {
      reason = "upstream_error";
      // 409 (lock timeout) and 5xx may pass on a second try; other 4xx will not, nor an
      // error event of a type we do not know. (A stream that already delivered text is never
      // sent again whatever this says: the caller knows, see model.ts.)
      retryable = status !== undefined && (status === 409 || status >= 500);
    }
    if (shouldRetry === "true") retryable = status !== undefined;
    if (shouldRetry === "false") retryable = false;
    const what = status !== undefined
      ? `answered ${status}`
      : `ended the stream with ${type ?? "an error"}`;
    return {
      reason,
      retryable,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
      ...(status !== undefined ? { status } : {}),
      note: `The model provider ${what}`,
    };
  }
  if (error instanceof SyntaxError || error instanceof AnthropicError) {
    // Unparseable JSON, or a stream that broke the protocol (events out of order, no message).
    return { reason: "malformed", retryable: false, note: "The model's answer could not be read" };
  }
  return { reason: "upstream_error", retryable: false, note: "The model call failed" };
}

/** The pause before retry number `retry` (1 for the first) by the configured backoff. */
export function backoffMs(strategy: RetryStrategy, retry: number): number {
  const n = Math.max(1, retry);
  const raw = strategy.backoffType === "fixed"
    ? strategy.baseDelayMs
    : strategy.backoffType === "linear"
    ? strategy.baseDelayMs * n
    : strategy.baseDelayMs * 2 ** (n - 1);
  return Math.min(raw, strategy.maxDelayMs);
}

/**
 * Whether to send the request again after `problem`, and after how long: only a retryable
 * problem, only while the strategy allows another retry, and only when the wait (the
 * provider's `retry-after` if it gave one, else the backoff) ends before the budget does with
 * at least `minAttemptMs` left for the new request. Null: stop and report `problem.reason`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { retryPlan } from "./failure.ts";
 *
 * const strategy = { maxRetries: 3, backoffType: "exponential" as const, baseDelayMs: 100, maxDelayMs: 1000 };
 * const limited = { reason: "rate_limited" as const, retryable: true, retryAfterMs: 30_000, note: "" };
 * deepEqual(retryPlan(limited, strategy, 0, 5_000), null); // 30 s does not fit in 5 s
 * ```
 */
export function retryPlan(
  problem: UpstreamProblem,
  strategy: RetryStrategy,
  retriesDone: number,
  remainingMs: number,
  minAttemptMs = 250,
): { waitMs: number } | null {
  if (!problem.retryable || retriesDone >= strategy.maxRetries) return null;
  const waitMs = problem.retryAfterMs ?? backoffMs(strategy, retriesDone + 1);
  if (waitMs + minAttemptMs > remainingMs) return null;
  return { waitMs };
}
