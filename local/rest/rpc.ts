/**
 * `POST /rpc/<fn>` with named JSON arguments, `GET /rpc/<fn>?arg=value` (run read-only, so a
 * volatile function that writes fails with 25006 → 405, as in PostgREST). Functions that
 * return rows are filterable and orderable like tables. Whether the caller may execute the
 * function is Postgres's EXECUTE privilege: a refusal is its 42501.
 */
import { RestError } from "./errors.ts";
import type { Plan, RestRequest } from "./context.ts";
import { readPlan } from "./read.ts";
import type { RoutineSignature } from "./schema.ts";
import { Params, routineCall } from "./sql.ts";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The overload the named arguments fit (PGRST202 none, PGRST203 several). */
function resolve(request: RestRequest, name: string, given: string[]): RoutineSignature {
  const overloads = request.cache.routines.get(`${request.schema}.${name}`) ?? [];
  const fits = overloads.filter((r) =>
    given.every((g) => r.args.some((a) => a.name === g)) &&
    r.args.every((a) => a.hasDefault || given.includes(a.name))
  );
  const signature = `${request.schema}.${name}(${[...given].sort().join(", ")})`;
  if (fits.length === 0) {
    throw new RestError(
      404,
      "PGRST202",
      `Could not find the function ${signature} in the schema cache`,
      `Searched for the function ${request.schema}.${name} with ` +
        (given.length ? `parameters ${given.join(", ")}` : "no parameters") +
        ", but no matches were found in the schema cache.",
    );
  }
  if (fits.length > 1) {
    throw new RestError(
      300,
      "PGRST203",
      `Could not choose the best candidate function between: ${signature}`,
    );
  }
  return fits[0];
}

/**
 * The arguments: the JSON body of a POST, the query parameters of a GET that name an argument
 * of some overload (the others are filters on the result).
 */
function argumentsOf(request: RestRequest, name: string): Record<string, unknown> {
  if (request.method === "POST") {
    const body = request.body ?? {};
    if (!isObject(body)) {
      throw new RestError(400, "PGRST102", "Empty or invalid json", "Arguments are a JSON object");
    }
    return body;
  }
  const names = new Set(
    (request.cache.routines.get(`${request.schema}.${name}`) ?? [])
      .flatMap((r) => r.args.map((a) => a.name)),
  );
  const args: Record<string, unknown> = {};
  for (const [key, value] of request.url.searchParams) if (names.has(key)) args[key] = value;
  return args;
}

export function rpcPlan(request: RestRequest, name: string): Plan {
  const args = argumentsOf(request, name);
  const routine = resolve(request, name, Object.keys(args));
  const params = new Params();
  const { from, call } = routineCall(routine, args, params);
  if (routine.resultColumns) {
    const rows = from ? `(select _f.* from ${from} cross join lateral ${call} _f)` : call;
    const asRead = { ...request, skipParams: new Set(Object.keys(args)) };
    const plan = readPlan(asRead, rows, {
      key: `${routine.schema}.${routine.name}`,
      label: routine.name,
      columns: routine.resultColumns,
    }, params);
    if (routine.returnsSet) return plan;
    // One composite value: an object (or null), as PostgREST answers.
    return {
      ...plan,
      respond(result) {
        const [row] = JSON.parse(result.page!.body);
        return Response.json(row ?? null);
      },
    };
  }
  const fromClause = from ? ` from ${from}` : "";
  const text = routine.returnsSet
    ? `select coalesce(json_agg(_f), '[]'::json)::text as body from ${
      from ? `${from} cross join lateral ` : ""
    }${call} _f`
    : `select to_json(${call})::text as body${fromClause}`;
  return {
    text,
    values: params.values,
    respond(result) {
      if (routine.returnsVoid) return new Response(null, { status: 204 });
      return new Response(request.method === "HEAD" ? null : result.page!.body ?? "null", {
        headers: { "Content-Type": "application/json; charset=utf-8" },
      });
    },
  };
}
