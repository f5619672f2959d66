import assert from "node:assert/strict";
import { literal } from "./inline_sql.ts";

const DOLLAR = /^\$(c[0-9a-f]{8})\$([\s\S]*)\$\1\$$/;

Deno.test("literal() dollar-quotes text, JSON and dates, whatever they contain", () => {
  for (const text of ["it's", "$$", "$c00000000$", "a\\b", "'; drop table x; --"]) {
    const match = literal(text).match(DOLLAR);
    assert.ok(match, text);
    assert.equal(match[2], text);
  }
  assert.equal(literal({ a: "b" }).match(DOLLAR)?.[2], '{"a":"b"}');
  assert.equal(literal([1, 2]).match(DOLLAR)?.[2], "[1,2]");
  assert.equal(
    literal(new Date("2030-01-01T00:00:00Z")).match(DOLLAR)?.[2],
    "2030-01-01T00:00:00.000Z",
  );
});

Deno.test("literal() writes numbers, booleans and null bare; a negative number in parentheses", () => {
  assert.equal(literal(10001), "10001");
  assert.equal(literal(1.5), "1.5");
  assert.equal(literal(-1), "(-1)");
  assert.equal(literal(true), "true");
  assert.equal(literal(null), "null");
  assert.equal(literal(undefined), "null");
});

Deno.test("literal() refuses what has no SQL literal", () => {
  assert.throws(() => literal(NaN), TypeError);
  assert.throws(() => literal(Infinity), TypeError);
  assert.throws(() => literal((() => 1) as unknown as object), TypeError);
});
