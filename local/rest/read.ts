/** GET and HEAD on a table or view: `select=`, filters, order, range, count, single. */
import { RestError } from "./errors.ts";
import type { Plan, RestRequest } from "./context.ts";
import { parseFilters, parseOrder, parseRange, parseSelect } from "./parse.ts";
import { contentRange, pageBody } from "./respond.ts";
import type { Relation } from "./schema.ts";
import {
  checkEmbeddedFilters,
  Params,
  qualified,
  readStatement,
  relationSource,
  type Source,
} from "./sql.ts";

/** Reads `source` rows from `from` (a relation, or a function's rows) as `request` asks. */
export function readPlan(
  request: RestRequest,
  from: string,
  source: Source,
  bound = new Params(),
): Plan {
  const params = request.url.searchParams;
  const items = parseSelect(params.get("select"));
  const filters = parseFilters(params, request.skipParams);
  checkEmbeddedFilters(items, filters);
  const range = parseRange(params.get("limit"), params.get("offset"), request.headers.get("range"));
  const text = readStatement(from, source, {
    items,
    filters,
    order: params.has("order") ? parseOrder(params.get("order")!) : [],
    offset: range.offset,
    limit: range.limit,
    // planned and estimated are counted exactly too: right, if slower on huge tables.
    count: request.prefer.count !== undefined,
  }, { cache: request.cache, schema: request.schema, params: bound, filters, next: { alias: 0 } });
  return {
    text,
    values: bound.values,
    respond({ page }) {
      const { total } = page!;
      if (total !== null && range.offset > 0 && page!.page === 0 && range.offset >= total) {
        throw new RestError(
          416,
          "PGRST103",
          "Requested range not satisfiable",
          `An offset of ${range.offset} was requested, but there are only ${total} rows.`,
        );
      }
      const { body, contentType } = pageBody(page!, request.accept);
      const partial = total !== null && range.offset + page!.page < total;
      return new Response(request.method === "HEAD" ? null : body, {
        status: partial ? 206 : 200,
        headers: {
          "Content-Type": contentType,
          "Content-Range": contentRange(range.offset, page!.page, total),
        },
      });
    },
  };
}

export function readRelation(request: RestRequest, relation: Relation): Plan {
  return readPlan(request, qualified(relation), relationSource(relation));
}
