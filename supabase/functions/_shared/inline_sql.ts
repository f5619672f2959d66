/**
 * Queries without parameters, for the request path: values are written into the SQL text as
 * literals. Why: with `prepare: false`, postgres.js 3.4.9 sends every query that has a
 * parameter as Parse + Describe + Flush and waits for the server's answer before it binds
 * (`build()` in its connection.js: `describeFirst = parameters.length && !prepared`; knowing
 * every parameter's type does not skip it). That is a round trip of its own per query, and the
 * queries behind it in a pipelined transaction wait too. Named prepared statements would skip
 * it from the second use on, but Supabase's transaction pooler (Supavisor) hands each
 * transaction a different server connection, where the name does not exist. A query without
 * parameters goes out as Parse + Bind + Execute at once and pipelines like any other.
 *
 * Safety: text is dollar-quoted with a random tag it does not contain (`dollarQuote`), so no
 * escaping rule or server setting can end the literal early; numbers must be finite, and
 * nothing else is accepted. A quoted literal has Postgres's type `unknown` and takes its type
 * from where it stands, as an untyped parameter does (`where id = ${id}` compares uuids);
 * write a cast where the context does not decide (`${json}::jsonb`).
 */
import { dollarQuote, type Sql, type Tx } from "./db.ts";

/** What a query may inline: JSON values go in as their JSON text. */
export type Inlined = string | number | boolean | null | undefined | Date | object;

/**
 * The SQL literal for `value`.
 *
 * @example
 * ```ts
 * import { equal, match } from "node:assert/strict";
 * import { literal } from "./inline_sql.ts";
 *
 * equal(literal(-2), "(-2)");
 * equal(literal(null), "null");
 * match(literal("it's"), /^\$c[0-9a-f]{8}\$it's\$c[0-9a-f]{8}\$$/);
 * ```
 */
export function literal(value: Inlined): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return dollarQuote(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`Cannot inline ${value} into SQL`);
      // In parentheses: `a -${n}` must not become the comment `a --1`.
      return value < 0 ? `(${value})` : String(value);
    case "object":
      return dollarQuote(value instanceof Date ? value.toISOString() : JSON.stringify(value));
  }
  throw new TypeError(`Cannot inline a ${typeof value} into SQL`);
}

/**
 * A tagged template for `tx` (or a pool) that inlines its values: the query it returns has no
 * parameters, so it costs no describe round trip and pipelines in `asUser`/`asService`.
 *
 * @example
 * ```ts ignore
 * const rows = await asUser(sql, claims, (tx) =>
 *   inline(tx)`select id from public.samples where owner_id = ${claims.sub} limit ${10}`);
 * ```
 */
export function inline(tx: Tx | Sql) {
  return <T extends object[] = Record<string, unknown>[]>(
    strings: TemplateStringsArray,
    ...values: Inlined[]
  ) => {
    let text = strings[0];
    for (let i = 0; i < values.length; i++) text += literal(values[i]) + strings[i + 1];
    return tx.unsafe<T>(text);
  };
}
