/**
 * Data access for functions: postgres.js over SUPABASE_DB_URL, with every query run in a
 * transaction that takes on the caller's role and JWT claims, so RLS applies exactly as
 * it does for PostgREST.
 *
 * Cost matters: this is on every request's path. `asUser` reserves a connection and
 * pipelines `begin`, the claims, the caller's query and `commit` without waiting between
 * them: one network round trip for the common single-statement case (measured in
 * `npm run bench`). A callback that awaits several steps pays one more for `commit`.
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
      onnotice: () => {},
      // Keep bigint/numeric as strings out of JSON-unsafe territory; return jsonb parsed.
      types: { bigint: postgres.BigInt },
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

function isPendingQuery(value: unknown): value is Promise<unknown> {
  return !!value && typeof (value as { execute?: unknown }).execute === "function";
}

async function inRole<T>(sql: Sql, role: string, claims: object, work: Work<T>): Promise<T> {
  const tx = await sql.reserve();
  let open = true;
  try {
    const begin = tx.unsafe("begin");
    const setup = tx`select set_config('role', ${role}, true),
      set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    const result = work(tx);
    // A single pending query (or an array of them) can be followed by `commit` right
    // away: all four messages go out together. If the query fails, Postgres answers the
    // commit of the aborted transaction with a rollback, so nothing half-done is kept.
    const isBatch = isPendingQuery(result) ||
      (Array.isArray(result) && result.every(isPendingQuery));
    if (isBatch) {
      const commit = tx.unsafe("commit");
      const settled = await Promise.allSettled([begin, setup, result, commit]);
      open = false;
      const failure = settled.find((s) => s.status === "rejected");
      if (failure) throw (failure as PromiseRejectedResult).reason;
      const value = (settled[2] as PromiseFulfilledResult<unknown>).value;
      return (Array.isArray(result) ? await Promise.all(result) : value) as T;
    }
    await Promise.all([begin, setup]);
    const value = await result;
    await tx.unsafe("commit");
    open = false;
    return value;
  } catch (error) {
    if (open) await tx.unsafe("rollback").catch(() => {});
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
export function asUser<T>(sql: Sql, claims: UserClaims, work: Work<T>): Promise<T> {
  if (claims.role !== "authenticated" && claims.role !== "anon") {
    return Promise.reject(httpError("forbidden", `Role "${claims.role}" cannot run user queries`));
  }
  return inRole(sql, claims.role, claims, work);
}

/** Runs `work` as the service role (bypasses RLS): system work such as cache writes and audit. */
export function asService<T>(sql: Sql, work: Work<T>): Promise<T> {
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
