import assert from "node:assert/strict";
import {
  answerResponse,
  assertListSize,
  bodyDigest,
  MAX_ANALYSIS_ITEMS,
  pick,
} from "./analyzer.ts";
import { HttpError } from "./errors.ts";

Deno.test("assertListSize() allows the limit and refuses one more with 413", () => {
  assertListSize("list", new Array(MAX_ANALYSIS_ITEMS));
  assertListSize("list", undefined);
  assert.throws(
    () => assertListSize("list", new Array(MAX_ANALYSIS_ITEMS + 1)),
    (error: HttpError) => error.status === 413 && error.detail.includes('"list"'),
  );
});

Deno.test("bodyDigest() is the SHA-256 of the body text, base64url", () => {
  // sha256("") in base64url
  assert.equal(bodyDigest(""), "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
  assert.notEqual(bodyDigest('{"a":1}'), bodyDigest('{"a": 1}'), "the text is the key");
});

Deno.test("answerResponse() adds cached and calculatedAt to the parts' JSON text", async () => {
  const at = "2030-01-01T00:00:00.000Z";
  assert.deepEqual(await answerResponse('{"a": [1, {"b": 2}]}', true, at).json(), {
    a: [1, { b: 2 }],
    cached: true,
    calculatedAt: at,
  });
  assert.deepEqual(await answerResponse("{}", false, at).json(), {
    cached: false,
    calculatedAt: at,
  });
});

Deno.test("pick() keeps only the asked keys that are present", () => {
  assert.deepEqual(pick({ a: 1, b: 2, c: undefined }, ["a", "c", "d"]), { a: 1 });
});
