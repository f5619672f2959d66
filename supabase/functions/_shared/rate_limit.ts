/**
 * The per-user rate limit shared by every function: a fixed window counted atomically in
 * Postgres (`consume_rate_limit`), so all isolates and all functions share one budget.
 */
import { asService, type Sql } from "./db.ts";
import { httpError } from "./errors.ts";

export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

/** 60 requests per minute per user, across functions (ARCHITECTURE.md). */
export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { limit: 60, windowSeconds: 60 };

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/** Counts one call for `key` and returns what is left of the window. */
export async function consumeRateLimit(
  sql: Sql,
  key: string,
  policy: RateLimitPolicy = DEFAULT_RATE_LIMIT,
): Promise<RateLimitState> {
  const [row] = await asService(sql, (tx) =>
    tx`select allowed, remaining, reset_seconds
       from public.consume_rate_limit(${key}, ${policy.limit}, ${policy.windowSeconds})`);
  return {
    allowed: row.allowed,
    limit: policy.limit,
    remaining: row.remaining,
    resetSeconds: row.reset_seconds,
  };
}

/** The IETF RateLimit headers for a state. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    "RateLimit-Limit": String(state.limit),
    "RateLimit-Remaining": String(state.remaining),
    "RateLimit-Reset": String(state.resetSeconds),
  };
}

/** Throws a 429 problem with `Retry-After` when the state says no. */
export function enforceRateLimit(state: RateLimitState): void {
  if (state.allowed) return;
  throw httpError("rate_limited", `Rate limit of ${state.limit} requests exceeded`, {
    headers: { ...rateLimitHeaders(state), "Retry-After": String(Math.max(state.resetSeconds, 1)) },
  });
}
