/**
 * The local REST API's pure parts: PostgREST's query language parsed as supabase-js writes it,
 * and SQL built from it in which request text is never more than a bound parameter.
 */
import assert from "node:assert/strict";
import { exposedSchemasFromToml } from "../../local/rest/config.ts";
import { RestError } from "../../local/rest/errors.ts";
import {
  parseFilter,
  parseFilters,
  parseLogic,
  parseOrder,
  parsePrefer,
  parseRange,
  parseSelect,
} from "../../local/rest/parse.ts";
import type { Column } from "../../local/rest/schema.ts";
import { Params, type Source, whereClause } from "../../local/rest/sql.ts";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RestError) return `${error.status} ${error.code}`;
    throw error;
  }
  return "no error";
};

Deno.test("parseSelect() reads columns, renames, casts and embeds with hints", () => {
  assert.deepEqual(
    parseSelect("id,label:name,w:width::text,owner:profiles!owner_id(full_name),t:tasks!inner(*)"),
    [
      { kind: "column", name: "id", alias: undefined, cast: undefined },
      { kind: "column", name: "name", alias: "label", cast: undefined },
      { kind: "column", name: "width", alias: "w", cast: "text" },
      {
        kind: "embed",
        relation: "profiles",
        alias: "owner",
        hint: "owner_id",
        inner: false,
        select: [{ kind: "column", name: "full_name", alias: undefined, cast: undefined }],
      },
      {
        kind: "embed",
        relation: "tasks",
        alias: "t",
        hint: undefined,
        inner: true,
        select: [{ kind: "star" }],
      },
    ],
  );
  assert.deepEqual(parseSelect(null), [{ kind: "star" }]);
});

Deno.test("parseSelect() refuses SQL, unknown casts and JSON paths with PGRST100", () => {
  for (const text of ["id;drop table x", "id::text);--", "name::regclass", "a->b", "id)", "(id"]) {
    assert.equal(code(() => parseSelect(text)), "400 PGRST100", text);
  }
});

Deno.test("parseFilter() reads operators, not., quoted in-lists and fts configurations", () => {
  assert.deepEqual(parseFilter("status", 'not.in.(a,"b,c",d)'), {
    kind: "filter",
    column: "status",
    negate: true,
    op: "in",
    value: ["a", "b,c", "d"],
    config: undefined,
  });
  assert.deepEqual(parseFilter("body", "wfts(english).cat dog"), {
    kind: "filter",
    column: "body",
    negate: false,
    op: "wfts",
    value: "cat dog",
    config: "english",
  });
  assert.equal(code(() => parseFilter("a", "evil.1")), "400 PGRST100");
  assert.equal(code(() => parseFilter("a", "is.maybe")), "400 PGRST100");
  assert.equal(code(() => parseFilter("a", "eq")), "400 PGRST100");
});

Deno.test("parseLogic() nests and/or trees, negated or not", () => {
  const tree = parseLogic("or", false, "(a.eq.1,not.and(b.gt.2,c.is.null))");
  assert.equal(tree.negate, false);
  assert.equal(tree.kind !== "filter" && tree.items.length, 2);
  const nested = tree.kind !== "filter" ? tree.items[1] : undefined;
  assert.deepEqual(nested && { kind: nested.kind, negate: nested.negate }, {
    kind: "and",
    negate: true,
  });
});

Deno.test("parseFilters() separates root and embedded filters and skips reserved parameters", () => {
  const filters = parseFilters(
    new URLSearchParams("select=*&order=id&limit=1&id=eq.1&tasks.status=eq.done&not.or=(a.eq.1)"),
  );
  assert.deepEqual(filters.root.map((c) => [c.kind, c.negate]), [["filter", false], ["or", true]]);
  assert.deepEqual([...filters.embedded.keys()], ["tasks"]);
  const embedded = parseFilters(new URLSearchParams("tasks.not.and=(a.eq.1)"));
  assert.deepEqual(embedded.embedded.get("tasks")?.map((c) => [c.kind, c.negate]), [["and", true]]);
});

Deno.test("parseOrder(), parseRange() and parsePrefer() read what supabase-js sends", () => {
  assert.deepEqual(parseOrder("a.desc.nullslast,b"), [
    { column: "a", descending: true, nulls: "last" },
    { column: "b", descending: false },
  ]);
  assert.deepEqual(parseRange("10", "5", null), { offset: 5, limit: 10 });
  assert.deepEqual(parseRange(null, null, "0-24"), { offset: 0, limit: 25 });
  assert.equal(code(() => parseRange("-1", null, null)), "400 PGRST100");
  assert.equal(code(() => parseRange(null, null, "9-2")), "400 PGRST100");
  assert.deepEqual(parsePrefer("return=representation,count=exact, missing=default"), {
    return: "representation",
    count: "exact",
    missingDefault: true,
    strict: false,
  });
});

Deno.test("whereClause() binds every value: request text never becomes SQL text", () => {
  const columns = new Map<string, Column>([
    ["name", { name: "name", type: "text", category: "S" }],
    ["tags", { name: "tags", type: "text[]", category: "A" }],
  ]);
  const source: Source = { key: "public.t", label: "t", columns };
  const hostile = "x'; drop table t; --";
  const params = new Params();
  const sql = whereClause(
    [
      parseFilter("name", `eq.${hostile}`),
      parseFilter("name", `in.(${hostile},"${hostile}),(")`),
      parseFilter("tags", `cs.{${hostile}}`),
      parseFilter("name", `ilike.*${hostile}*`),
      parseLogic("or", false, `(name.neq.${hostile},name.fts.${hostile})`),
    ],
    source,
    "_t0",
    params,
  );
  assert.ok(!sql.includes("drop table"), sql);
  assert.ok(params.values.every((value) => value.includes("drop table")));
  assert.equal(
    code(() => whereClause([parseFilter("nope", "eq.1")], source, "_t0", params)),
    "400 42703",
  );
});

Deno.test("whereClause() refuses more filter values than one statement may bind", () => {
  const columns = new Map<string, Column>([["n", { name: "n", type: "integer", category: "N" }]]);
  const items = Array.from({ length: 10_001 }, (_, i) => `n.eq.${i}`).join(",");
  assert.equal(
    code(() =>
      whereClause(
        [parseLogic("or", false, `(${items})`)],
        { key: "t", label: "t", columns },
        "_t0",
        new Params(),
      )
    ),
    "400 PGRST100",
  );
});

Deno.test("exposedSchemasFromToml() reads [api] schemas, public when absent", () => {
  assert.deepEqual(
    exposedSchemasFromToml(
      '[api]\nport = 1\nschemas = ["public", "graphql_public"]\n[db]\nschemas = ["x"]',
    ),
    ["public", "graphql_public"],
  );
  assert.deepEqual(exposedSchemasFromToml("[db]\nport = 1"), ["public"]);
});
