/**
 * PostgREST's error shape and status mapping: `{code, message, details, hint}`, so
 * supabase-js surfaces our errors exactly as it would PostgREST's. Codes and statuses follow
 * PostgREST's error reference (PGRST1xx request errors, PGRST2xx schema cache errors, and
 * SQLSTATEs passed through with PostgREST's HTTP mapping).
 */

/** One PostgREST error: thrown anywhere in local/rest, turned into a response in mod.ts only. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = "RestError";
  }

  toResponse(): Response {
    return Response.json(
      { code: this.code, details: this.details, hint: this.hint, message: this.message },
      { status: this.status },
    );
  }
}

// One code of our own in PostgREST's shape, where PostgREST has none because hosted's proxy
// answers first: PGRST413, a body over 1 MB.

/** A query string PostgREST cannot parse (PGRST100). */
export function parseError(message: string, details: string | null = null): RestError {
  return new RestError(400, "PGRST100", message, details);
}

/** A column the schema cache does not know, as Postgres words it (42703, 400). */
export function unknownColumn(table: string, column: string): RestError {
  return new RestError(400, "42703", `column ${table}.${column} does not exist`);
}

/** PostgREST's SQLSTATE → HTTP status table (errors.md, "SQLSTATE codes"). */
export function statusOfSqlState(code: string, anonymous: boolean): number {
  if (code === "42501") return anonymous ? 401 : 403;
  if (code === "23503" || code === "23505") return 409;
  if (code === "25006") return 405;
  if (code === "42883" || code === "42P01") return 404;
  if (code === "P0001") return 400; // RAISE EXCEPTION
  if (code === "42P17") return 500; // infinite recursion (in a policy)
  const klass = code.slice(0, 2);
  if (klass === "08" || klass === "53") return 503;
  if (klass === "0L" || klass === "0P" || klass === "28") return 403;
  if (
    ["09", "25", "2D", "38", "39", "3B", "40", "54", "55", "57", "58", "F0", "HV", "P0", "XX"]
      .includes(klass)
  ) return 500;
  return 400;
}

/**
 * A Postgres error as PostgREST reports it: the server's own code, message, detail and hint
 * (PostgREST passes them through; RLS and constraints word them for the caller's own rows).
 * Anything that is not a Postgres error is rethrown: a bug, logged by the caller.
 */
export function fromPostgres(error: unknown, anonymous: boolean): RestError {
  const pg = error as { code?: unknown; message?: string; detail?: string; hint?: string };
  if (error instanceof RestError) return error;
  if (typeof pg?.code !== "string" || !/^[0-9A-Z]{5}$/.test(pg.code)) throw error;
  return new RestError(
    statusOfSqlState(pg.code, anonymous),
    pg.code,
    pg.message ?? "",
    pg.detail ?? null,
    pg.hint ?? null,
  );
}
