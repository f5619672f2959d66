/**
 * SQL from a parsed request and the schema cache. Every identifier written here is the
 * catalog's own spelling, looked up in the cache and quoted; every value from the request
 * is a bound parameter (`$n`). Request text never becomes SQL text.
 */
import { parseError, RestError, unknownColumn } from "./errors.ts";
import type { Condition, Filters, OrderTerm, SelectItem } from "./parse.ts";
import type { Column, ForeignKey, Relation, RoutineSignature, SchemaCache } from "./schema.ts";

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Most values one statement may bind: Postgres takes 65,535, postgres.js fails past that with
 * an error of its own (a 500); a request that long is hostile anyway.
 */
export const MAX_PARAMS = 10_000;

/** The bound parameters of one statement. */
export class Params {
  readonly values: string[] = [];
  /**
   * `$n` for `value`, always text: the SQL casts it to the type it needs (a `$n::json`
   * parameter would make postgres.js encode the JSON text once more).
   */
  add(value: string): string {
    if (this.values.length >= MAX_PARAMS) {
      throw parseError(`A request may hold at most ${MAX_PARAMS} filter values`);
    }
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** What a query reads from: a relation, or the rows of a function call. */
export interface Source {
  /** `public.samples`, for messages and the schema cache's foreign keys. */
  key: string;
  label: string;
  columns: Map<string, Column>;
}

export function relationSource(relation: Relation): Source {
  return {
    key: `${relation.schema}.${relation.name}`,
    label: relation.name,
    columns: relation.columns,
  };
}

export function qualified(relation: { schema: string; name: string }): string {
  return `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
}

function column(source: Source, name: string): Column {
  const found = source.columns.get(name);
  if (!found) throw unknownColumn(source.label, name);
  return found;
}

const COMPARISONS: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  cs: "@>",
  cd: "<@",
  ov: "&&",
};
const TSQUERY: Record<string, string> = {
  fts: "to_tsquery",
  plfts: "plainto_tsquery",
  phfts: "phraseto_tsquery",
  wfts: "websearch_to_tsquery",
};

/**
 * Most values an `in` list may hold. PostgREST has no limit of its own (the URL length is
 * one); 1,000 short ids already make a URL supabase-js warns about (8,000 characters).
 */
export const MAX_IN_VALUES = 1_000;

function condition(c: Condition, source: Source, alias: string, params: Params): string {
  if (c.kind !== "filter") {
    if (c.items.length === 0) return c.negate ? "false" : "true";
    const joined = c.items.map((item) => condition(item, source, alias, params))
      .join(c.kind === "and" ? " and " : " or ");
    return `${c.negate ? "not " : ""}(${joined})`;
  }
  const col = column(source, c.column);
  const ref = `${alias}.${quoteIdent(col.name)}`;
  const typed = (value: string) => `(${params.add(value)}::text)::${col.type}`;
  let sql: string;
  if (c.op === "is") {
    sql = {
      null: `${ref} is null`,
      not_null: `${ref} is not null`,
      true: `${ref} is true`,
      false: `${ref} is false`,
      unknown: `${ref} is unknown`,
    }[c.value as string]!;
  } else if (c.op === "in") {
    const list = c.value as string[];
    if (list.length > MAX_IN_VALUES) {
      throw parseError(`An "in" list may hold at most ${MAX_IN_VALUES} values`);
    }
    // Element type: the column's own (`in` compares scalars).
    const values = `array(select json_array_elements_text(${
      params.add(JSON.stringify(list))
    }::text::json))`;
    sql = `${ref} = any(${values}::${col.type}[])`;
  } else if (c.op === "like" || c.op === "ilike") {
    // PostgREST lets `*` stand for `%`, which a URL would otherwise have to escape.
    sql = `${ref}::text ${c.op} ${params.add((c.value as string).replaceAll("*", "%"))}::text`;
  } else if (c.op in TSQUERY) {
    const vector = col.type === "tsvector" ? ref : `to_tsvector(${ref}::text)`;
    const config = c.config === undefined ? "" : `${params.add(c.config)}::regconfig, `;
    sql = `${vector} @@ ${TSQUERY[c.op]}(${config}${params.add(c.value as string)}::text)`;
  } else {
    sql = `${ref} ${COMPARISONS[c.op]} ${typed(c.value as string)}`;
  }
  return c.negate ? `not (${sql})` : sql;
}

/** The `where` of `conditions` (all must hold), or `true`. */
export function whereClause(
  conditions: Condition[],
  source: Source,
  alias: string,
  params: Params,
): string {
  if (conditions.length === 0) return "true";
  return conditions.map((c) => condition(c, source, alias, params)).join(" and ");
}

export function orderClause(terms: OrderTerm[], source: Source, alias: string): string {
  if (terms.length === 0) return "";
  return " order by " + terms.map((t) => {
    const col = column(source, t.column);
    const nulls = t.nulls ? ` nulls ${t.nulls}` : "";
    return `${alias}.${quoteIdent(col.name)} ${t.descending ? "desc" : "asc"}${nulls}`;
  }).join(", ");
}

interface Embedding {
  relation: Relation;
  fk: ForeignKey;
  /** many-to-one: the parent holds the key and gets an object (or null). */
  toOne: boolean;
}

/** The foreign key that joins `parent` to the relation an embed names (PGRST200/201). */
function embedding(
  cache: SchemaCache,
  parent: Source,
  item: Extract<SelectItem, { kind: "embed" }>,
  schema: string,
): Embedding {
  const relation = cache.relations.get(`${schema}.${item.relation}`);
  const notFound = () =>
    new RestError(
      400,
      "PGRST200",
      `Could not find a relationship between '${parent.label}' and '${item.relation}' in the schema cache`,
      `Searched for a foreign key relationship between '${parent.label}' and '${item.relation}'` +
        (item.hint ? ` using the hint '${item.hint}'` : "") +
        " in the schema 'public', but no matches were found.",
    );
  if (!relation) throw notFound();
  const key = `${relation.schema}.${relation.name}`;
  const matchesHint = (fk: ForeignKey, columns: string[]) =>
    item.hint === undefined || fk.name === item.hint || columns.includes(item.hint);
  const candidates: Embedding[] = [];
  for (const fk of cache.foreignKeys) {
    if (fk.from === parent.key && fk.to === key && matchesHint(fk, fk.fromColumns)) {
      candidates.push({ relation, fk, toOne: true });
    } else if (fk.from === key && fk.to === parent.key && matchesHint(fk, fk.fromColumns)) {
      candidates.push({ relation, fk, toOne: false });
    }
  }
  if (candidates.length === 0) throw notFound();
  if (candidates.length > 1) {
    throw new RestError(
      300,
      "PGRST201",
      `Could not embed because more than one relationship was found for '${parent.label}' and '${item.relation}'`,
      candidates.map((c) => c.fk.name).join(", "),
      `Try changing '${item.relation}' to one of: ` +
        candidates.map((c) => `'${item.relation}!${c.fk.name}'`).join(", "),
    );
  }
  return candidates[0];
}

export interface ProjectionContext {
  cache: SchemaCache;
  schema: string;
  params: Params;
  filters: Filters;
  /** Aliases handed out so far (`_t0`, `_t1`, ...). */
  next: { alias: number };
}

/** The join condition of an embedding, child alias `c`, parent alias `p`. */
function joinCondition(e: Embedding, child: string, parent: string): string {
  const pairs = e.fk.fromColumns.map((from, i) => [from, e.fk.toColumns[i]]);
  return pairs.map(([from, to]) =>
    e.toOne
      ? `${child}.${quoteIdent(to)} = ${parent}.${quoteIdent(from)}`
      : `${child}.${quoteIdent(from)} = ${parent}.${quoteIdent(to)}`
  ).join(" and ");
}

/**
 * The select list for `items` over `source` (aliased `alias`), and the `exists` conditions
 * `!inner` embeds add to the parent's where.
 */
export function projection(
  items: SelectItem[],
  source: Source,
  alias: string,
  ctx: ProjectionContext,
): { list: string; innerConditions: string[] } {
  const parts: string[] = [];
  const innerConditions: string[] = [];
  for (const item of items) {
    if (item.kind === "star") {
      for (const col of source.columns.values()) parts.push(`${alias}.${quoteIdent(col.name)}`);
    } else if (item.kind === "column") {
      const col = column(source, item.name);
      const cast = item.cast ? `::${item.cast}` : "";
      parts.push(
        `${alias}.${quoteIdent(col.name)}${cast} as ${quoteIdent(item.alias ?? col.name)}`,
      );
    } else {
      const e = embedding(ctx.cache, source, item, ctx.schema);
      const child = `_t${++ctx.next.alias}`;
      const childSource = relationSource(e.relation);
      const name = item.alias ?? item.relation;
      const inner = projection(item.select, childSource, child, ctx);
      const conditions = ctx.filters.embedded.get(name) ?? [];
      const where = [
        joinCondition(e, child, alias),
        whereClause(conditions, childSource, child, ctx.params),
        ...inner.innerConditions,
      ].join(" and ");
      const from = `from ${qualified(e.relation)} ${child} where ${where}`;
      const rows = `select ${inner.list} ${from}`;
      parts.push(
        e.toOne
          ? `(select row_to_json(_e) from (${rows} limit 1) _e) as ${quoteIdent(name)}`
          : `(select coalesce(json_agg(_e), '[]'::json) from (${rows}) _e) as ${quoteIdent(name)}`,
      );
      if (item.inner) innerConditions.push(`exists (select 1 ${from})`);
    }
  }
  if (parts.length === 0) throw parseError("The select list is empty");
  return { list: parts.join(", "), innerConditions };
}

/** Embedded filters must name an embed of the select (PGRST108). */
export function checkEmbeddedFilters(items: SelectItem[], filters: Filters): void {
  const names = new Set(
    items.flatMap((i) => i.kind === "embed" ? [i.alias ?? i.relation] : []),
  );
  for (const name of filters.embedded.keys()) {
    if (!names.has(name)) {
      throw new RestError(
        400,
        "PGRST108",
        `'${name}' is not an embedded resource in this request`,
        null,
        `Verify that '${name}' is included in the 'select' query parameter.`,
      );
    }
  }
}

export interface ReadPlan {
  items: SelectItem[];
  filters: Filters;
  order: OrderTerm[];
  offset: number;
  limit?: number;
  count: boolean;
}

/**
 * One statement answering a read: the page as JSON text (`body`), its row count (`page`)
 * and, when asked, the total matching the filters (`total`). `from` is the row source
 * (`"public"."samples"`, or a function call), aliased `_t0`.
 */
export function readStatement(
  from: string,
  source: Source,
  plan: ReadPlan,
  ctx: ProjectionContext,
): string {
  const { list, innerConditions } = projection(plan.items, source, "_t0", ctx);
  const where = [whereClause(plan.filters.root, source, "_t0", ctx.params), ...innerConditions]
    .join(" and ");
  const limit = plan.limit === undefined
    ? ""
    : ` limit ${ctx.params.add(String(plan.limit))}::bigint`;
  const offset = plan.offset ? ` offset ${ctx.params.add(String(plan.offset))}::bigint` : "";
  const total = plan.count ? `(select count(*) from ${from} _t0 where ${where})` : "null::bigint";
  return `select ${total} as total, count(_r) as page, ` +
    `coalesce(json_agg(_r), '[]'::json)::text as body from (select ${list} from ${from} _t0 ` +
    `where ${where}${orderClause(plan.order, source, "_t0")}${limit}${offset}) _r`;
}

/** Wraps a data-modifying statement (`returning _t0.*` as `_src`) with the select list. */
export function representation(
  modifying: string,
  source: Source,
  items: SelectItem[],
  ctx: ProjectionContext,
): string {
  const { list } = projection(items, source, "_t0", ctx);
  return `with _src as (${modifying}) select null::bigint as total, count(_r) as page, ` +
    `coalesce(json_agg(_r), '[]'::json)::text as body from (select ${list} from _src _t0) _r`;
}

/** The columns a write names: `columns=` if given, else every key of the body's objects. */
export function writeColumns(
  rows: Record<string, unknown>[],
  relation: Relation,
  columnsParam: string[] | null,
): Column[] {
  const names = columnsParam ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return names.map((name) => {
    const col = relation.columns.get(name);
    if (!col) {
      throw new RestError(
        400,
        "PGRST204",
        `Could not find the '${name}' column of '${relation.name}' in the schema cache`,
      );
    }
    return col;
  });
}

/**
 * `insert ... returning` for `rows`, the whole body one JSON parameter: Postgres converts
 * each value to its column's type (`json_populate_record`), as PostgREST does. A key a row
 * leaves out is NULL, or the column's default with `missing=default`.
 */
export function insertStatement(
  relation: Relation,
  rows: Record<string, unknown>[],
  columns: Column[],
  options: {
    missingDefault: boolean;
    onConflict?: { columns: Column[]; ignore: boolean };
    returning: boolean;
  },
  params: Params,
): string {
  const target = qualified(relation);
  const body = params.add(JSON.stringify(rows));
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  let values: string;
  if (options.missingDefault) {
    values = "values " +
      rows.map((row, i) =>
        "(" + columns.map((c) =>
          Object.hasOwn(row, c.name)
            ? `(json_populate_record(null::${target}, ${body}::text::json -> ${i})).${
              quoteIdent(c.name)
            }`
            : "default"
        ).join(", ") + ")"
      ).join(", ");
  } else {
    values = `select ${columns.map((c) => `_b.${quoteIdent(c.name)}`).join(", ")} ` +
      `from json_populate_recordset(null::${target}, ${body}::text::json) _b`;
  }
  let conflict = "";
  if (options.onConflict) {
    const keys = options.onConflict.columns.map((c) => quoteIdent(c.name)).join(", ");
    const updates = columns.map((c) => `${quoteIdent(c.name)} = excluded.${quoteIdent(c.name)}`);
    conflict = options.onConflict.ignore || updates.length === 0
      ? ` on conflict (${keys}) do nothing`
      : ` on conflict (${keys}) do update set ${updates.join(", ")}`;
  }
  return `insert into ${target} as _t0 (${names}) ${values}${conflict}` +
    (options.returning ? " returning _t0.*" : "");
}

export function updateStatement(
  relation: Relation,
  row: Record<string, unknown>,
  columns: Column[],
  where: string,
  returning: boolean,
  params: Params,
): string {
  const target = qualified(relation);
  const body = params.add(JSON.stringify(row));
  const sets = columns.map((c) => `${quoteIdent(c.name)} = _b.${quoteIdent(c.name)}`).join(", ");
  return `update ${target} as _t0 set ${sets} from json_populate_record(null::${target}, ` +
    `${body}::text::json) _b where ${where}` + (returning ? " returning _t0.*" : "");
}

export function deleteStatement(
  relation: Relation,
  where: string,
  returning: boolean,
): string {
  return `delete from ${qualified(relation)} as _t0 where ${where}` +
    (returning ? " returning _t0.*" : "");
}

/**
 * The call of `routine` with the named arguments in `args` (one JSON parameter, converted
 * to the parameters' types by `json_to_record`): `from` text for a query over its rows and
 * the bare call expression.
 */
export function routineCall(
  routine: RoutineSignature,
  args: Record<string, unknown>,
  params: Params,
): { from: string; call: string } {
  const given = routine.args.filter((a) => Object.hasOwn(args, a.name));
  const call = `${qualified(routine)}(` +
    given.map((a) => `${quoteIdent(a.name)} := _a.${quoteIdent(a.name)}`).join(", ") + ")";
  if (given.length === 0) return { from: "", call };
  const definition = given.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(", ");
  return {
    from: `json_to_record(${params.add(JSON.stringify(args))}::text::json) as _a(${definition})`,
    call,
  };
}
