/**
 * POST (insert, upsert), PATCH and DELETE on a table. Like hosted Supabase's PostgREST with
 * pg-safeupdate, an UPDATE or DELETE without a filter is refused; `Prefer: return=` chooses
 * the body, `count=exact` the `Content-Range` total, `max-affected` with `handling=strict`
 * rolls back a change touching more rows.
 */
import { parseError, RestError } from "./errors.ts";
import type { Plan, RestRequest, StatementResult } from "./context.ts";
import { parseFilters, parseSelect } from "./parse.ts";
import { pageBody, singleRowError } from "./respond.ts";
import type { Relation } from "./schema.ts";
import {
  checkEmbeddedFilters,
  deleteStatement,
  insertStatement,
  Params,
  quoteIdent,
  relationSource,
  representation,
  updateStatement,
  whereClause,
  writeColumns,
} from "./sql.ts";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function invalidBody(details: string): RestError {
  return new RestError(400, "PGRST102", "Empty or invalid json", details);
}

/** `columns="a","b"` as supabase-js writes it. */
function columnsParam(text: string | null): string[] | null {
  if (text === null) return null;
  return text.split(",").map((raw) => {
    const name = raw.trim().replace(/^"(.*)"$/s, "$1");
    if (!name) throw parseError(`"${text}" is not a list of columns`);
    return name;
  });
}

/** Shared by the three verbs: the body chosen by `Prefer: return=`, and its checks. */
function finish(
  request: RestRequest,
  relation: Relation,
  modifying: (returning: boolean, params: Params) => string,
  successStatus: number,
  params: Params,
): Plan {
  const wantsBody = request.prefer.return === "representation";
  const select = parseSelect(request.url.searchParams.get("select"));
  let text: string;
  if (wantsBody) {
    const modify = modifying(true, params);
    text = representation(modify, relationSource(relation), select, {
      cache: request.cache,
      schema: request.schema,
      params,
      filters: { root: [], embedded: new Map() },
      next: { alias: 0 },
    });
  } else {
    text = modifying(false, params);
  }
  const affectedOf = (r: StatementResult) => r.page?.page ?? r.affected;
  const { maxAffected, strict } = request.prefer;
  return {
    text,
    values: params.values,
    check(result) {
      const affected = affectedOf(result);
      if (strict && maxAffected !== undefined && affected > maxAffected) {
        throw new RestError(
          400,
          "PGRST124",
          "Query result exceeds max-affected preference constraint",
          `The query affects ${affected} rows`,
        );
      }
      if (wantsBody && request.accept === "object" && affected !== 1) {
        throw singleRowError(affected);
      }
    },
    respond(result) {
      const affected = affectedOf(result);
      const headers: Record<string, string> = {
        "Content-Range": `*/${request.prefer.count ? affected : "*"}`,
      };
      if (!wantsBody) {
        return new Response(null, { status: successStatus === 201 ? 201 : 204, headers });
      }
      const { body, contentType } = pageBody(result.page!, request.accept);
      headers["Content-Type"] = contentType;
      return new Response(body, { status: successStatus, headers });
    },
  };
}

export function insertPlan(request: RestRequest, relation: Relation): Plan {
  const body = request.body;
  const rows = Array.isArray(body) ? body : [body];
  if (!rows.every(isObject)) {
    throw invalidBody("The body must be a JSON object or an array of objects");
  }
  const params = request.url.searchParams;
  const columns = writeColumns(rows, relation, columnsParam(params.get("columns")));
  if (columns.length === 0) throw invalidBody("The body names no columns");
  let onConflict: { columns: typeof columns; ignore: boolean } | undefined;
  if (request.prefer.resolution) {
    const names = columnsParam(params.get("on_conflict")) ?? relation.primaryKey;
    if (names.length === 0) {
      throw parseError(`'${relation.name}' has no primary key: name the columns in on_conflict`);
    }
    onConflict = {
      columns: writeColumns([], relation, names),
      ignore: request.prefer.resolution === "ignore-duplicates",
    };
  }
  return finish(
    request,
    relation,
    (returning, bound) =>
      insertStatement(relation, rows, columns, {
        missingDefault: request.prefer.missingDefault,
        onConflict,
        returning,
      }, bound),
    201,
    new Params(),
  );
}

/** The where of a PATCH or DELETE; none at all is refused, as pg-safeupdate does on hosted. */
function filteredWhere(request: RestRequest, relation: Relation, params: Params): string {
  const filters = parseFilters(request.url.searchParams);
  checkEmbeddedFilters([], filters);
  if (filters.root.length === 0) {
    throw new RestError(
      400,
      "21000",
      `${request.method === "DELETE" ? "DELETE" : "UPDATE"} requires a WHERE clause`,
      null,
      "Add a filter (for example ?id=eq.1) to say which rows to change",
    );
  }
  return whereClause(filters.root, relationSource(relation), "_t0", params);
}

export function updatePlan(request: RestRequest, relation: Relation): Plan {
  if (!isObject(request.body)) throw invalidBody("The body must be a JSON object");
  const row = request.body;
  const columns = writeColumns([row], relation, null);
  const params = new Params();
  const where = filteredWhere(request, relation, params);
  if (columns.length === 0) {
    // Nothing to set: PostgREST answers with the matching rows unchanged.
    return finish(
      request,
      relation,
      (returning) =>
        `select _t0.* from ${quoteIdent(relation.schema)}.${quoteIdent(relation.name)} _t0 ` +
        `where ${where}` + (returning ? "" : " limit 0"),
      200,
      params,
    );
  }
  return finish(
    request,
    relation,
    (returning, bound) => updateStatement(relation, row, columns, where, returning, bound),
    200,
    params,
  );
}

export function deletePlan(request: RestRequest, relation: Relation): Plan {
  const params = new Params();
  const where = filteredWhere(request, relation, params);
  return finish(
    request,
    relation,
    (returning) => deleteStatement(relation, where, returning),
    200,
    params,
  );
}
