/**
 * Data access for functions: postgres.js over SUPABASE_DB_URL, with every query run in a
 * transaction that takes on the caller's role and JWT claims, so RLS applies exactly as
 * it does for PostgREST.
 *
 * Cost matters: this is on every request's path. `asUser` reserves a connection and
 * pipelines `begin` + the claims (one simple-protocol message), the caller's query and
 * `commit` without waiting between them: one network round trip for the common
 * single-statement case (figures in `npm run bench`). A callback that awaits several
 * steps pays one more for `commit`.
 */
import postgres from "postgres";
import type { UserClaims } from "./auth.ts";
import { httpError } from "./errors.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.ReservedSql;

const pools = new Map<string, Sql>();

/**
 * The pool for `dbUrl`, created once per isolate. `prepare: false` because hosted
 * projects reach Postgres through a transaction-mode pooler, where named prepared
 * statements break.
 */
export function pool(dbUrl: string): Sql {
  if (!dbUrl) throw new Error("Cannot connect to the database: SUPABASE_DB_URL is empty");
  let sql = pools.get(dbUrl);
  if (!sql) {
    sql = postgres(dbUrl, {
      prepare: false,
      max: 10,
      idle_timeout: 20,
      connect_timeout: 5,
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

async function inRole<T>(
  sql: Sql,
  role: "authenticated" | "anon" | "service_role",
  claims: object,
  work: Work<T>,
): Promise<Resolved<T>> {
  const tx = await sql.reserve();
  let open = true;
  try {
    // postgres.js queries are lazy (they start when first awaited), so each one is started
    // explicitly, in order: the setup must reach the server before the caller's query.
    const setup = tx.unsafe(setupStatement(role, claims)).simple().execute();
    const result = work(tx);
    // A single pending query (or an array of them) can be followed by `commit` right
    // away: everything goes out together, one round trip. If the query fails, Postgres
    // answers the commit of the aborted transaction with a rollback: nothing half-done stays.
    const batch = pendingQueries(result);
    if (batch) {
      for (const query of batch) query.execute();
      const commit = tx.unsafe("commit").simple().execute();
      const settled = await Promise.allSettled([setup, ...batch, commit]);
      open = false;
      const failure = settled.find((s) => s.status === "rejected");
      if (failure) throw (failure as PromiseRejectedResult).reason;
      const values = settled.slice(1, -1).map((s) => (s as PromiseFulfilledResult<unknown>).value);
      return (Array.isArray(result) ? values : values[0]) as Resolved<T>;
    }
    await setup;
    const value = await result;
    await tx.unsafe("commit").simple();
    open = false;
    return value as Resolved<T>;
  } catch (error) {
    if (open) await tx.unsafe("rollback").simple().catch(() => {});
    throw mapDbError(error);
  } finally {
    tx.release();
  }
}

/**
 * Runs `work` as the signed-in user: role `authenticated` and the token's claims, so RLS
 * policies and `auth.uid()` see exactly who is calling.
 *
 * @example
 * ```ts
 * const rows = await asUser(sql, auth.claims, (tx) => tx`select id from samples`);
 * ```
 */
export function asUser<T>(sql: Sql, claims: UserClaims, work: Work<T>): Promise<Resolved<T>> {
  if (claims.role !== "authenticated" && claims.role !== "anon") {
    return Promise.reject(httpError("forbidden", `Role "${claims.role}" cannot run user queries`));
  }
  return inRole(sql, claims.role, claims, work);
}

/** Runs `work` as the service role (bypasses RLS): system work such as cache writes and audit. */
export function asService<T>(sql: Sql, work: Work<T>): Promise<Resolved<T>> {
  return inRole(sql, "service_role", { role: "service_role" }, work);
}

/**
 * Maps the Postgres errors a caller can cause to HTTP errors; the rest pass through
 * unchanged (and become a 500 with the details kept in the server log).
 */
export function mapDbError(error: unknown): unknown {
  const pg = error as { code?: string; message?: string; detail?: string };
  switch (pg?.code) {
    case "23505":
      return httpError("conflict", pg.detail ?? "The row already exists");
    case "23503":
      return httpError("validation_failed", pg.detail ?? "A referenced row does not exist");
    case "23514":
    case "22P02":
    case "22023":
      return httpError("validation_failed", pg.message ?? "A value is not valid");
    case "22P05":
    case "22021":
      // A NUL or an invalid character in text: readJson refuses these first; this is the backstop.
      return httpError("validation_failed", "Text contains a character the database cannot store");
    case "42501":
      return httpError("forbidden", "Not allowed by the row-level security policies");
    case "P0001":
      // RAISE EXCEPTION from our own SQL: its message is written for people.
      return httpError("conflict", pg.message ?? "The database refused the change");
    case "08006":
    case "08001":
    case "57P01":
    case "53300":
      return httpError("service_unavailable", "The database is not reachable");
  }
  if ((error as { code?: string })?.code === "CONNECT_TIMEOUT" || error instanceof TypeError) {
    return httpError("service_unavailable", "The database is not reachable");
  }
  return error;
}
