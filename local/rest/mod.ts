/**
 * The REST API at `/rest/v1`: the subset of PostgREST that supabase-js uses, served from
 * the schema cache. Each request is ONE transaction as the caller's role, with the settings
 * PostgREST sets (`request.jwt.claims`, `request.headers`, `request.method`, `request.path`)
 * and the role's `statement_timeout`, so RLS, grants and functions behave as behind
 * PostgREST. The only place that turns errors into responses.
 */
import { readBodyText } from "../../supabase/functions/_shared/body.ts";
import { isDatabaseUnavailable } from "../../supabase/functions/_shared/db_unavailable.ts";
import { type Sql, transaction } from "../../supabase/functions/_shared/db.ts";
import type { FunctionEnv } from "../../supabase/functions/_shared/env.ts";
import { HttpError } from "../../supabase/functions/_shared/errors.ts";
import { logEvent } from "../../supabase/functions/_shared/log.ts";
import { type Caller, callerOf } from "./caller.ts";
import type { Plan, RestRequest, StatementResult } from "./context.ts";
import { fromPostgres, RestError } from "./errors.ts";
import { parsePrefer } from "./parse.ts";
import { readRelation } from "./read.ts";
import { acceptOf } from "./respond.ts";
import { rpcPlan } from "./rpc.ts";
import { loadSchemaCache, type SchemaCache } from "./schema.ts";
import { restPool, shouldPrepare } from "./pool.ts";
import { deletePlan, insertPlan, updatePlan } from "./write.ts";

export interface RestOptions {
  dbUrl: string;
  /** How tokens are verified: the functions' own settings (`jwtSecret`, `jwks`...). */
  env: Partial<FunctionEnv>;
  /** Exposed schemas, the default profile first (config.toml's `[api] schemas`). */
  schemas: string[];
}

export interface RestService {
  handle(req: Request, subpath: string): Promise<Response>;
  /** Re-reads the schema cache (on `NOTIFY pgrst, 'reload schema'`). */
  reload(): Promise<void>;
  /** The service's own connections (its schema reload listener too). */
  sql: Sql;
  close(): Promise<void>;
}

/**
 * How long a request's transaction may take: past hosted's longest statement timeout
 * (authenticated, 8 s), so that Postgres's own timeout answers first, as behind PostgREST.
 */
const DEADLINE = { deadlineMs: 9_000 };

type Row = { total?: string | null; page?: string | null; body?: string | null };

/** The statement that makes the transaction the caller's, with bound values only. */
function setupOf(request: RestRequest, caller: Caller, path: string, timeout?: string) {
  const headers = Object.fromEntries(request.headers);
  const text = "select set_config('role', $1, true), " +
    "set_config('request.jwt.claims', $2, true), set_config('request.headers', $3, true), " +
    "set_config('request.method', $4, true), set_config('request.path', $5, true)" +
    (timeout ? ", set_config('statement_timeout', $6, true)" : "") +
    // As PostgREST: GET and HEAD run read-only, so a volatile function that writes fails.
    (request.method === "GET" || request.method === "HEAD"
      ? ", set_config('transaction_read_only', 'on', true)"
      : "");
  const values = [
    caller.role,
    JSON.stringify(caller.claims),
    JSON.stringify(headers),
    request.method,
    path,
    ...(timeout ? [timeout] : []),
  ];
  return { text, values };
}

function resultOf(rows: Row[] & { count?: number }): StatementResult {
  const row = rows[0];
  const page = row && "body" in row
    ? {
      body: row.body ?? "null",
      page: Number(row.page ?? 0),
      total: row.total === null || row.total === undefined ? null : Number(row.total),
    }
    : null;
  return { page, affected: rows.count ?? rows.length };
}

export async function createRestService(options: RestOptions): Promise<RestService> {
  const { env, schemas } = options;
  const sql = restPool(options.dbUrl);
  let cache: SchemaCache = await loadSchemaCache(sql, schemas);

  async function body(req: Request): Promise<unknown> {
    let text: string;
    try {
      text = await readBodyText(req);
    } catch (error) {
      if (error instanceof HttpError && error.status === 413) {
        throw new RestError(413, "PGRST413", "Request body is larger than 1 MB");
      }
      throw new RestError(400, "PGRST102", "Empty or invalid json", "The body ended early");
    }
    if (text.trim() === "") return undefined;
    const type = req.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
    if (type && type !== "application/json" && !type.endsWith("+json")) {
      throw new RestError(415, "PGRST107", `Content-Type not acceptable: ${type}`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new RestError(400, "PGRST102", "Empty or invalid json");
    }
  }

  function profile(req: Request, method: string): string {
    const header = method === "GET" || method === "HEAD"
      ? req.headers.get("accept-profile")
      : req.headers.get("content-profile");
    if (header === null) return schemas[0];
    if (!schemas.includes(header)) {
      throw new RestError(
        406,
        "PGRST106",
        `The schema must be one of the following: ${schemas.join(", ")}`,
      );
    }
    return header;
  }

  function planFor(request: RestRequest, subpath: string): Plan {
    // Names are percent-encoded UTF-8; anything else names nothing.
    const pathName = (encoded: string) => {
      try {
        return decodeURIComponent(encoded);
      } catch {
        throw new RestError(404, "PGRST125", "Invalid path specified in request URL");
      }
    };
    const rpc = subpath.match(/^\/rpc\/([^/]+)$/);
    if (rpc) {
      if (!["GET", "HEAD", "POST"].includes(request.method)) {
        throw new RestError(405, "PGRST101", "Only GET and POST verbs are allowed for functions");
      }
      return rpcPlan(request, pathName(rpc[1]));
    }
    const table = subpath.match(/^\/([^/]+)$/);
    if (!table) throw new RestError(404, "PGRST125", `Invalid path specified in request URL`);
    const name = pathName(table[1]);
    const relation = cache.relations.get(`${request.schema}.${name}`);
    if (!relation) {
      throw new RestError(
        404,
        "PGRST205",
        `Could not find the table '${request.schema}.${name}' in the schema cache`,
      );
    }
    switch (request.method) {
      case "GET":
      case "HEAD":
        return readRelation(request, relation);
      case "POST":
        return insertPlan(request, relation);
      case "PATCH":
        return updatePlan(request, relation);
      case "DELETE":
        return deletePlan(request, relation);
      default:
        throw new RestError(405, "PGRST117", `Unsupported HTTP method: ${request.method}`);
    }
  }

  async function execute(request: RestRequest, plan: Plan, path: string): Promise<Response> {
    const setup = setupOf(
      request,
      request.caller,
      path,
      cache.statementTimeouts.get(request.caller.role),
    );
    let result: StatementResult;
    if (!plan.check) {
      // Setup, statement and commit go out together: one round trip.
      const [, rows] = await transaction(sql, (tx) => [
        tx.unsafe(setup.text, setup.values, { prepare: true }),
        tx.unsafe(plan.text, plan.values, { prepare: shouldPrepare(plan.text) }),
      ], DEADLINE);
      result = resultOf(rows as unknown as Row[]);
    } else {
      result = await transaction(sql, async (tx) => {
        await tx.unsafe(setup.text, setup.values, { prepare: true });
        const rows = await tx.unsafe(plan.text, plan.values, { prepare: shouldPrepare(plan.text) });
        const outcome = resultOf(rows as unknown as Row[]);
        plan.check!(outcome); // throwing here rolls the change back
        return outcome;
      }, DEADLINE);
    }
    return plan.respond(result);
  }

  async function handle(req: Request, subpath: string): Promise<Response> {
    let anonymous = true;
    try {
      const method = req.method.toUpperCase();
      const caller = await callerOf(req, env);
      anonymous = caller.role === "anon";
      const url = new URL(req.url);
      const request: RestRequest = {
        method,
        url,
        headers: req.headers,
        schema: profile(req, method),
        cache,
        caller,
        prefer: parsePrefer(req.headers.get("prefer")),
        accept: acceptOf(req.headers.get("accept")),
        body: method === "GET" || method === "HEAD" ? undefined : await body(req),
      };
      return await execute(request, planFor(request, subpath), subpath);
    } catch (error) {
      if (error instanceof RestError) return error.toResponse();
      if (isDatabaseUnavailable(error)) {
        const unavailable = new RestError(
          503,
          "PGRST001",
          "Database client error. Retrying the connection.",
        );
        const response = unavailable.toResponse();
        response.headers.set("Retry-After", "5");
        return response;
      }
      try {
        return fromPostgres(error, anonymous).toResponse();
      } catch {
        logEvent("error", "rest failed", {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        return new RestError(500, "PGRST000", "Internal server error").toResponse();
      }
    }
  }

  return {
    handle,
    sql,
    async reload() {
      cache = await loadSchemaCache(sql, schemas);
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
