/**
 * Data access for functions: postgres.js over SUPABASE_DB_URL, with every query run in a
 * transaction that takes on the caller's role and JWT claims, so RLS applies exactly as
 * it does for PostgREST.
 *
 * Cost matters: this is on every request's path. `asUser` reserves a connection and
 * pipelines `begin` + the claims (one simple-protocol message), the caller's query and
 * `commit` without waiting between them: one network round trip for the common
 * single-statement case (figures in `npm run bench`), provided the query has no parameters:
 * with `prepare: false` postgres.js describes a parameterized query and waits for the answer
 * first, so request-path queries inline their values (inline_sql.ts). A callback that awaits
 * several steps pays one more for `commit`.
 *
 * Faults: the database may restart or stop under us (a managed database's maintenance).
 * Every transaction here answers within a deadline, a lost connection becomes a 503 with
 * Retry-After, and a connection that failed is never written to or handed back to the
 * pool again: postgres.js nulls a closed connection's socket, and a later write on it
 * throws from a timer, where nothing can catch it and the process dies (porsager/postgres
 * #1208). `sql.begin` has the same flaw (its rollback); use `transaction` instead.
 */
import postgres from "postgres";
import type { UserClaims } from "./auth.ts";
import { isDatabaseUnavailable } from "./db_unavailable.ts";
import { httpError } from "./errors.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.ReservedSql;

/**
 * How long one transaction may take, from waiting for a connection to `commit`, before its
 * caller gets a 503. It bounds the answer when the server cannot (a socket that died
 * silently, a connection that never comes).
 */
export const DEADLINE_MS = 5_000;
/** Server-side bound on one statement, under the deadline so that it normally fires first. */
const STATEMENT_TIMEOUT_MS = 4_000;
/** What a 503 asks the client to wait: about a restart of a managed database. */
export const RETRY_AFTER_SECONDS = 5;

const pools = new Map<string, Sql>();

/**
 * Seconds before a connection that closed with an error reconnects. postgres.js's default
 * grows to 20 s after a few failures (3^n / 100), so a pool that saw a 10 s outage would
 * keep refusing requests long after the database was back; this caps it at 1 s.
 */
export function reconnectDelaySeconds(failures: number): number {
  return Math.min(0.05 * 2 ** failures, 1);
}

/**
 * The pool for `dbUrl`, created once per isolate. `prepare: false` because hosted
 * projects reach Postgres through a transaction-mode pooler, where named prepared
 * statements break (hence inline_sql.ts on the request path).
 */
export function pool(dbUrl: string): Sql {
  if (!dbUrl) throw new Error("Cannot connect to the database: SUPABASE_DB_URL is empty");
  let sql = pools.get(dbUrl);
  if (!sql) {
    sql = postgres(dbUrl, {
      prepare: false,
      max: 10,
      idle_timeout: 20,
      connect_timeout: 3,
      backoff: reconnectDelaySeconds,
      // Sent at connect: the server ends a runaway statement, and a transaction a client
      // abandoned (its socket died silently) instead of holding its locks forever.
      connection: {
        statement_timeout: STATEMENT_TIMEOUT_MS,
        idle_in_transaction_session_timeout: 2 * DEADLINE_MS,
      },
      // postgres.js's default types on purpose: int8 and numeric arrive as strings, which
      // JSON can carry (a BigInt would make JSON.stringify throw in a response).
      onnotice: () => {},
    });
    pools.set(dbUrl, sql);
  }
  return sql;
}

/** Closes every pool (tests and graceful shutdown). */
export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((sql) => sql.end({ timeout: 5 })));
}

type Work<T> = (tx: Tx) => T | Promise<T>;

/** What `work` resolves to; an array of queries resolves element by element. */
export type Resolved<T> = T extends readonly unknown[] ? { -readonly [K in keyof T]: Awaited<T[K]> }
  : Awaited<T>;

export interface TransactionOptions {
  /** Overrides DEADLINE_MS (tests). */
  deadlineMs?: number;
  /**
   * Errors as postgres.js raised them instead of mapped to HTTP errors: for background work
   * (bookkeeping) that answers no request and decides by the SQLSTATE itself.
   */
  rawErrors?: boolean;
}

type Pending = Promise<unknown> & { execute(): unknown };

function isPendingQuery(value: unknown): value is Pending {
  return !!value && typeof (value as { execute?: unknown }).execute === "function";
}

/** The not-yet-started queries `work` returned, or null when it returned anything else. */
function pendingQueries(result: unknown): Pending[] | null {
  if (isPendingQuery(result)) return [result];
  if (Array.isArray(result) && result.length > 0 && result.every(isPendingQuery)) return result;
  return null;
}

/**
 * Quotes `text` as a dollar-quoted literal with a random tag it cannot contain, so no
 * escaping rule (or `standard_conforming_strings` setting) can be used to break out.
 */
export function dollarQuote(text: string): string {
  let tag: string;
  do tag = `$c${crypto.randomUUID().slice(0, 8)}$`; while (text.includes(tag));
  return `${tag}${text}${tag}`;
}

/**
 * `begin` plus the role and claims as ONE simple-protocol message. Measured (npm run bench):
 * each extended-protocol statement costs a parse/bind/execute/sync cycle on both sides, so
 * folding the setup into one message roughly doubles run-as-user throughput.
 */
function setupStatement(role: "authenticated" | "anon" | "service_role", claims: object): string {
  return `begin; select set_config('role', '${role}', true), ` +
    `set_config('request.jwt.claims', ${dollarQuote(JSON.stringify(claims))}, true)`;
}

/** The error a transaction fails with when its deadline passes (a 503 by mapDbError). */
function deadlineError(ms: number): Error {
  return Object.assign(new Error(`The database did not answer within ${ms} ms`), {
    code: "DATABASE_DEADLINE",
  });
}

/** A timer to race against: `expired` rejects after `ms` unless `clear()` comes first. */
function deadline(ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadlineError(ms)), ms);
  });
  // Raced below, so handled there; this keeps an expiry after the race from being "unhandled".
  expired.catch(() => {});
  return { expired, clear: () => clearTimeout(timer) };
}

/**
 * The parts of a postgres.js 3.4 connection and query that the guard below uses. Not public
 * API: `onexecute` hands a query's connection to its caller (postgres.js's own `begin` uses
 * it), `reserved` is set by `reserve()` and nulled by `release()` and when the connection
 * closes, and a query's `handler` is the (reserved) `sql` that made it. The fault tests in
 * tests/faults fail if an upgrade changes them.
 */
interface PgConnection {
  execute(query: PgQuery): unknown;
  reserved: unknown;
}
interface PgQuery {
  handler: unknown;
  reject(error: unknown): void;
}

const guarded = new WeakSet<PgConnection>();
/** For each reserved `sql` handle of ours, the reservation it holds (its `reserved` value). */
const reservationOf = new WeakMap<object, unknown>();

function connectionLost(): Error {
  return Object.assign(new Error("The connection to the database was lost"), {
    code: "CONNECTION_CLOSED",
  });
}

/**
 * Makes `connection` refuse a query of one of our reserved handles that no longer holds it
 * (the connection closed, or was released): the query is rejected instead of written. Such
 * a write is what kills the process (a closed connection's socket is null), or, once the
 * pool has reconnected it, would run inside another request's transaction.
 */
function guardConnection(connection: PgConnection): void {
  if (guarded.has(connection)) return;
  guarded.add(connection);
  const execute = connection.execute;
  connection.execute = (query) => {
    const held = reservationOf.get(query.handler as object);
    if (held !== undefined && connection.reserved !== held) {
      query.reject(connectionLost());
      return true;
    }
    return execute(query);
  };
}

/**
 * Runs `work` in a transaction on `tx`, then hands the connection back, unless it was lost:
 * postgres.js has already taken a closed connection back, and writing a rollback to it or
 * releasing it again would crash the process or give one connection to two requests.
 * Settles only once every query it started has settled, so the connection is never handed
 * back with a statement of this transaction still on it.
 */
async function runTransaction<T>(tx: Tx, setup: string, work: Work<T>): Promise<Resolved<T>> {
  let lost = false;
  let open = true;
  let reservation: { connection: PgConnection; held: unknown } | undefined;
  const stillHeld = () => !reservation || reservation.connection.reserved === reservation.held;
  const failed = (reasons: unknown[]) => {
    if (reasons.some(isDatabaseUnavailable) || !stillHeld()) lost = true;
    return reasons[0];
  };
  try {
    // postgres.js queries are lazy (they start when first awaited), so each one is started
    // explicitly, in order: the setup must reach the server before the caller's query.
    const setupQuery = tx.unsafe(setup, [], {
      onexecute(connection: PgConnection) {
        guardConnection(connection);
        reservation = { connection, held: connection.reserved };
        reservationOf.set(
          (setupQuery as unknown as PgQuery).handler as object,
          connection.reserved,
        );
        // postgres.js reads a falsy answer as "connection full": the next queries would wait
        // for this one instead of being pipelined, and be forgotten if the connection closed.
        return true;
      },
    } as postgres.UnsafeQueryOptions);
    const begun = setupQuery.simple().execute();
    let result: T | Promise<T>;
    try {
      result = work(tx);
    } catch (error) {
      result = Promise.reject(error);
    }
    // A single pending query (or an array of them) can be followed by `commit` right
    // away: everything goes out together, one round trip. If the query fails, Postgres
    // answers the commit of the aborted transaction with a rollback: nothing half-done stays.
    const batch = pendingQueries(result);
    if (batch) {
      for (const query of batch) query.execute();
      const commit = tx.unsafe("commit").simple().execute();
      const settled = await Promise.allSettled([begun, ...batch, commit]);
      open = false;
      const reasons = settled.flatMap((s) => s.status === "rejected" ? [s.reason] : []);
      if (reasons.length) throw failed(reasons);
      const values = settled.slice(1, -1).map((s) => (s as PromiseFulfilledResult<unknown>).value);
      return (Array.isArray(result) ? values : values[0]) as Resolved<T>;
    }
    const settled = await Promise.allSettled([begun, result]);
    const reasons = settled.flatMap((s) => s.status === "rejected" ? [s.reason] : []);
    if (reasons.length) throw failed(reasons);
    await tx.unsafe("commit").simple().catch((error) => {
      throw failed([error]);
    });
    open = false;
    return (settled[1] as PromiseFulfilledResult<Resolved<T>>).value;
  } catch (error) {
    if (open && !lost) {
      await tx.unsafe("rollback").simple().catch((rollbackError) => failed([rollbackError]));
    }
    throw error;
  } finally {
    if (!lost && stillHeld()) tx.release();
  }
}

/**
 * A transaction on a reserved connection, answered within the deadline. When the deadline
 * passes first, the caller gets a DATABASE_DEADLINE error (a 503) and the transaction
 * finishes (or fails) on its own, then cleans up as above.
 */
async function inTransaction<T>(
  sql: Sql,
  setup: string,
  work: Work<T>,
  options: TransactionOptions = {},
): Promise<Resolved<T>> {
  const timer = deadline(options.deadlineMs ?? DEADLINE_MS);
  const reserving = sql.reserve();
  try {
    let tx: Tx;
    try {
      tx = await Promise.race([reserving, timer.expired]);
    } catch (error) {
      // A connection that arrives after the deadline is sound: hand it straight back.
      reserving.then((late) => late.release(), () => {});
      throw error;
    }
    return await Promise.race([runTransaction(tx, setup, work), timer.expired]);
  } finally {
    timer.clear();
  }
}

const throwMapped = (error: unknown): never => {
  throw mapDbError(error);
};

/**
 * Runs `work` as the signed-in user: role `authenticated` and the token's claims, so RLS
 * policies and `auth.uid()` see exactly who is calling.
 *
 * @example
 * ```ts
 * import type { UserClaims } from "./auth.ts";
 * import { asUser, pool } from "./db.ts";
 *
 * // In a handler, with the claims of the verified token:
 * function sampleIds(dbUrl: string, claims: UserClaims) {
 *   return asUser(pool(dbUrl), claims, (tx) => tx`select id from samples`);
 * }
 * ```
 */
export function asUser<T>(
  sql: Sql,
  claims: UserClaims,
  work: Work<T>,
  options?: TransactionOptions,
): Promise<Resolved<T>> {
  if (claims.role !== "authenticated" && claims.role !== "anon") {
    return Promise.reject(httpError("forbidden", `Role "${claims.role}" cannot run user queries`));
  }
  return inTransaction(sql, setupStatement(claims.role, claims), work, options).catch(throwMapped);
}

/** Runs `work` as the service role (bypasses RLS): system work such as cache writes and audit. */
export function asService<T>(
  sql: Sql,
  work: Work<T>,
  options?: TransactionOptions,
): Promise<Resolved<T>> {
  const setup = setupStatement("service_role", { role: "service_role" });
  const running = inTransaction(sql, setup, work, options);
  return options?.rawErrors ? running : running.catch(throwMapped);
}

/**
 * Runs `work` in a transaction as the pool's own role, with the same deadline and fault
 * handling as `asUser`: for platform services that own their schema (the local auth
 * stand-in). Use it instead of postgres.js's `sql.begin`, which crashes the process when
 * the database goes away mid-transaction. Errors come back as postgres.js raised them (the
 * caller has its own error shapes; `isDatabaseUnavailable` tells a lost database apart).
 *
 * @example
 * ```ts
 * import { pool, transaction } from "./db.ts";
 *
 * function endAllSessions(dbUrl: string) {
 *   return transaction(pool(dbUrl), (tx) => tx`update auth.sessions set not_after = now()`);
 * }
 * ```
 */
export function transaction<T>(
  sql: Sql,
  work: Work<T>,
  options?: TransactionOptions,
): Promise<Resolved<T>> {
  return inTransaction(sql, "begin", work, options);
}

/**
 * Maps the Postgres errors a caller can cause to HTTP errors; the rest pass through
 * unchanged (and become a 500 with the details kept in the server log). Postgres's own text
 * (messages, details: `Key (user_id)=(...) is not present in table "users"`) never reaches a
 * client: it names tables, columns and other users' values. Only a plain `RAISE EXCEPTION`
 * from our migrations (P0001) is passed on, because those messages are written for people.
 */
export function mapDbError(error: unknown): unknown {
  const pg = error as { code?: string; message?: string; detail?: string };
  switch (pg?.code) {
    case "23505":
      return httpError("conflict", "The row already exists");
    case "23503":
      return httpError("validation_failed", "A referenced row does not exist");
    case "23502":
    case "23514":
    case "22P02":
    case "22023":
    case "22003":
    case "22007":
    case "22008":
      return httpError("validation_failed", "A value is not valid");
    case "22001":
      return httpError("validation_failed", "A value is too long");
    case "22P05":
    case "22021":
      // A NUL or an invalid character in text: readJson refuses these first; this is the backstop.
      return httpError("validation_failed", "Text contains a character the database cannot store");
    case "42501":
      return httpError("forbidden", "Not allowed by the row-level security policies");
    case "P0002":
      return httpError("not_found", "Not found, or not shared with you");
    case "P0001":
      // RAISE EXCEPTION from our own SQL: its message is written for people.
      return httpError("conflict", pg.message ?? "The database refused the change");
  }
  // The database is down, restarting or too slow: the client may retry, and is told when.
  const retry = { headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } };
  if (isDatabaseUnavailable(error)) {
    return httpError("service_unavailable", "The database is not reachable right now", retry);
  }
  if (pg?.code === "57014") {
    // statement_timeout: the connection is sound, the database is overloaded.
    return httpError("service_unavailable", "The database did not answer in time", retry);
  }
  return error;
}
