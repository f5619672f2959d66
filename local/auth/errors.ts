/**
 * Error responses in Supabase Auth's (GoTrue's) shape, so supabase-js turns them into the
 * same `AuthApiError` / `AuthWeakPasswordError` / `AuthSessionMissingError` it raises
 * against the hosted service.
 */

import { isDatabaseUnavailable } from "../../supabase/functions/_shared/db_unavailable.ts";

/** The API version GoTrue echoes back; supabase-js only trusts a string `code` with it. */
export const API_VERSION = "2024-01-01";

/** An expected failure, answered with `status` and GoTrue's error `code`. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level body fields, e.g. `weak_password: {reasons}`. */
    readonly extra: Record<string, unknown> = {},
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A JSON response with the API version header every auth response carries. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json",
      "X-Supabase-Api-Version": API_VERSION,
      ...headers,
    },
  });
}

/** Seconds a client is asked to wait while the database cannot be reached. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The response for any thrown value. `AuthError`s carry both the 2024-01-01 body
 * (`code`, `message`) and the legacy one (`error_code`, `msg`), so a client reads the
 * same code whether or not it can see the version header (cross-origin without
 * `Access-Control-Expose-Headers`). A database that cannot be reached is a 503 with
 * `Retry-After` (supabase-js then raises a retryable error and keeps the session). Anything
 * else is a bug: log it here and answer a generic 500, never a stack or SQL text.
 */
export function errorResponse(err: unknown, headers: Record<string, string> = {}): Response {
  if (err instanceof AuthError) {
    return json(err.status, {
      code: err.code,
      message: err.message,
      msg: err.message,
      error_code: err.code,
      ...err.extra,
    }, { ...err.headers, ...headers });
  }
  if (isDatabaseUnavailable(err)) {
    console.error(`[auth] database unavailable: ${describe(err)}`);
    return errorResponse(
      new AuthError(
        503,
        "unexpected_failure",
        "The database is unavailable, please retry shortly",
        {},
        { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
      ),
      headers,
    );
  }
  // Only the error's name and message: postgres.js errors do not include query parameters,
  // so passwords and tokens stay out of the log.
  console.error(`[auth] unexpected failure: ${describe(err)}`);
  const message = "Unexpected failure, please check server logs for more information";
  return json(500, {
    code: "unexpected_failure",
    message,
    msg: message,
    error_code: "unexpected_failure",
  }, headers);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
