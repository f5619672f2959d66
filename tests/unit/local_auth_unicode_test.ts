import assert from "node:assert/strict";
import { findLoneSurrogate } from "../../local/auth/unicode.ts";

const check = (text: string) => findLoneSurrogate(text, JSON.parse(text));

Deno.test("findLoneSurrogate() names where a lone surrogate is", () => {
  assert.equal(check('{"data":{"name":"a\\ud800b"}}'), "data.name");
  assert.equal(check('{"password":"\\udfff"}'), "password");
  assert.equal(check('{"data":{"list":["ok","\\udbff"]}}'), "data.list.1");
  assert.equal(check('{"data":{"\\ud800":1}}'), "data.(key)");
  assert.equal(check('"\\ud800"'), "(body)");
});

Deno.test("findLoneSurrogate() accepts paired surrogates and escaped backslashes", () => {
  assert.equal(check('{"name":"\\ud83d\\ude00"}'), undefined); // 😀
  assert.equal(check('{"name":"😀"}'), undefined);
  assert.equal(check('{"name":"\\\\ud800"}'), undefined); // a backslash, then "ud800"
  assert.equal(check('{"name":"plain"}'), undefined);
});

Deno.test("findLoneSurrogate() walks a very deep body without overflowing the stack", () => {
  const text = "[".repeat(100_000) + '"\\ud800"' + "]".repeat(100_000);
  assert.ok(check(text)?.startsWith("0.0.0."));
});
