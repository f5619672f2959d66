/**
 * Rate limits: sliding windows counted atomically in Postgres (`admit_request`), so every
 * isolate and every function shares one budget per user and never admits more than a limit
 * in any window of its length. Every limit lives in the one table below.
 */
import { literal } from "./inline_sql.ts";
import { httpError } from "./errors.ts";

export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

/**
 * Every function rate limit, in one place. `user` applies to every call a user makes to any
 * function; a route names one of the others (`FunctionRoute.rateLimit`) to be held to it as
 * well. Sign-in and sign-up are Supabase Auth's, set in `supabase/config.toml`'s
 * `[auth.rate_limit]`.
 */
export const RATE_LIMITS = {
  /** assistant-backend-requirements.md: 60 requests a minute per user, across functions. */
  user: { limit: 60, windowSeconds: 60 },
  /** content-wizard-specification.md: `content_generation` 5 a minute. */
  content_generation: { limit: 5, windowSeconds: 60 },
  /** content-wizard-specification.md: `theme_recommendations` 3 a minute. */
  theme_recommendations: { limit: 3, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitPolicy>;

/** A per-route limit's name. */
export type RouteRateLimit = Exclude<keyof typeof RATE_LIMITS, "user">;

/** The per-user budget shared across functions. */
export const DEFAULT_RATE_LIMIT: RateLimitPolicy = RATE_LIMITS.user;

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export interface Admission extends RateLimitState {
  /** False when the token's user was deleted or banned since the token was signed. */
  userActive: boolean;
}

/** One bucket a call counts against, with its limit. */
export interface BucketLimit extends RateLimitPolicy {
  key: string;
}

/** The buckets a user's call to a route counts against. */
export function limitsFor(
  userId: string,
  policy: RateLimitPolicy,
  route?: RouteRateLimit,
): BucketLimit[] {
  const limits = [{ key: `user:${userId}`, ...policy }];
  if (route) limits.push({ key: `user:${userId}:${route}`, ...RATE_LIMITS[route] });
  return limits;
}

/** The admission of a call, as `admit_request` (and `admit_batch`, a row a call) answers. */
export interface AdmissionRow {
  user_active: boolean;
  allowed: boolean;
  limit: number | null;
  remaining: number | null;
  reset_seconds: number | null;
}

/**
 * SQL that is true when this transaction's admission of `userId` admitted the call: the user's
 * bucket row was written by this very transaction (its admission earlier in it, which holds
 * the row's lock until commit) and says it admitted. A write that must happen only for an
 * admitted call can then ride in the admission's round trip instead of following it. For an
 * admission of the user's limit alone (a route without a limit of its own: `last_admitted` is
 * written by the one-limit path).
 */
export function admittedInThisTransaction(userId: string): string {
  const [{ key }] = limitsFor(userId, DEFAULT_RATE_LIMIT);
  return `exists (select 1 from public.rate_limit_buckets b
    where b.key = ${literal(key)} and b.last_admitted and b.xmin = pg_current_xact_id()::xid)`;
}

/** The admission an `admit_batch` row says. */
export function admissionOf(row: AdmissionRow, policy: RateLimitPolicy): Admission {
  return {
    userActive: row.user_active,
    allowed: row.allowed,
    limit: row.limit ?? policy.limit,
    remaining: row.remaining ?? 0,
    resetSeconds: row.reset_seconds ?? 0,
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
