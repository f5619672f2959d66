import { equal, notEqual } from "node:assert/strict";
import { canonicalJson, sha256Hex } from "./canonical.ts";

Deno.test("canonicalJson() does not depend on key order but keeps array order", () => {
  equal(canonicalJson({ a: 1, b: { c: 2, d: 3 } }), canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
});

Deno.test("sha256Hex() is the hex SHA-256", () => {
  equal(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});
