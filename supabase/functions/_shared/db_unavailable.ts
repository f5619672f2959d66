/**
 * Which failures mean "the database is not reachable right now" (a restart, a stop, a
 * network fault, a full server) rather than "this query is wrong": those are answered 503
 * with Retry-After, and the connection they happened on is never used again.
 */

/**
 * SQLSTATEs of a lost or refused connection: class 08 (connection exception), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting
 * down), 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/**
 * postgres.js's own codes for a connection that closed, was destroyed or ended under a
 * query, or never connected in time; `DATABASE_DEADLINE` is db.ts's client-side deadline.
 */
const CLIENT_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "CONNECT_TIMEOUT",
  "DATABASE_DEADLINE",
]);

/** Socket errors (Node's names, which postgres.js passes through under Deno too). */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTCONN",
]);

/**
 * Whether `error` says the database cannot be reached (as opposed to refusing a query).
 *
 * @example
 * ```ts
 * isDatabaseUnavailable({ code: "57P01" }); // true: terminating connection (admin_shutdown)
 * isDatabaseUnavailable({ code: "23505" }); // false: a unique violation is the caller's
 * ```
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (code.startsWith("08") && code.length === 5) return true;
    if (UNAVAILABLE_SQLSTATES.has(code) || CLIENT_CODES.has(code) || SOCKET_CODES.has(code)) {
      return true;
    }
  }
  // Connecting to several addresses (localhost: ::1 and 127.0.0.1) fails with all of them.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return false;
}
