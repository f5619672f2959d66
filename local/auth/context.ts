/**
 * What every auth route shares: the pool, token settings, the clock and the per-address
 * limiters, resolved once from `AuthOptions` and supabase/config.toml.
 */
import type { Sql } from "postgres";
import { type AuthRateLimits, readAuthConfig } from "./config.ts";
import { type SlidingWindowLimiter, slidingWindowLimiter } from "./rate_limit.ts";

export interface AuthOptions {
  /** A postgres.js pool connected as `postgres`, which may write the `auth` schema. */
  sql: Sql;
  /** HS256 secret for access tokens. */
  jwtSecret: string;
  /** The `iss` claim, e.g. "http://127.0.0.1:54321/auth/v1". */
  issuer: string;
  /** Access token lifetime; default 3600. */
  jwtExpirySeconds?: number;
  /** Minimum password length (in bytes, as GoTrue counts); default 6. */
  minPasswordLength?: number;
  /**
   * Requests per client address in 5 minutes; default: supabase/config.toml's
   * `[auth.rate_limit]` (a test stack that signs up many users from one address raises them).
   */
  rateLimits?: Partial<AuthRateLimits>;
  /**
   * Seconds a rotated refresh token may still be exchanged; default: config.toml's
   * `refresh_token_reuse_interval`.
   */
  refreshTokenReuseInterval?: number;
  /**
   * Longest a request may take before it is answered 503 (default 8 s): the database's own
   * timeouts cannot fire on a connection that never completes or a server that froze.
   */
  requestDeadlineMs?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface AuthContext {
  sql: Sql;
  secret: string;
  issuer: string;
  expiresIn: number;
  minPasswordLength: number;
  clock: () => Date;
  refreshTokenReuseInterval: number;
  /** `[auth.rate_limit]`'s `sign_in_sign_ups`: sign-up and the password grant. */
  signInSignUps: SlidingWindowLimiter;
  /** `[auth.rate_limit]`'s `token_refresh`: the refresh-token grant. */
  tokenRefresh: SlidingWindowLimiter;
}

/** A route. `client` is the address the request is rate limited under. */
export type Handler = (
  req: Request,
  url: URL,
  client: string,
  ctx: AuthContext,
) => Promise<Response>;

/** GoTrue counts `[auth.rate_limit]`'s sign-in and refresh limits over 5 minutes. */
const RATE_LIMIT_WINDOW_MS = 5 * 60 * 1000;

export function authContext(opts: AuthOptions): AuthContext {
  const clock = opts.now ?? (() => new Date());
  const config = readAuthConfig();
  const limits = { ...config.rateLimits, ...opts.rateLimits };
  const limiter = (limit: number) =>
    slidingWindowLimiter({ limit, windowMs: RATE_LIMIT_WINDOW_MS, now: () => clock().getTime() });
  return {
    sql: opts.sql,
    secret: opts.jwtSecret,
    issuer: opts.issuer,
    expiresIn: opts.jwtExpirySeconds ?? 3600,
    minPasswordLength: opts.minPasswordLength ?? 6,
    clock,
    refreshTokenReuseInterval: opts.refreshTokenReuseInterval ??
      config.refreshTokenReuseInterval,
    signInSignUps: limiter(limits.signInSignUps),
    tokenRefresh: limiter(limits.tokenRefresh),
  };
}
