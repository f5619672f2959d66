import { equal, notEqual } from "node:assert/strict";
import { canonicalJson, stableHash } from "./hash.ts";

Deno.test("canonicalJson() sorts object keys at every depth and keeps array order", () => {
  equal(
    canonicalJson({ b: [3, { z: 1, y: { d: 1, c: 2 } }], a: null }),
    '{"a":null,"b":[3,{"y":{"c":2,"d":1},"z":1}]}',
  );
});

Deno.test("canonicalJson() drops undefined properties and maps a bare undefined to null", () => {
  equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  equal(canonicalJson(undefined), "null");
});

Deno.test("stableHash() is the SHA-256 hex of the canonical JSON", async () => {
  // sha256("{}")
  equal(
    await stableHash({}),
    "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  );
});

Deno.test("stableHash() ignores key order but not array order", async () => {
  equal(await stableHash([{ a: 1, b: 2 }]), await stableHash([{ b: 2, a: 1 }]));
  notEqual(await stableHash([1, 2]), await stableHash([2, 1]));
});
