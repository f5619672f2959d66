import assert from "node:assert/strict";
import {
  MAX_METADATA_BYTES,
  MAX_METADATA_DEPTH,
  metadataProblem,
} from "../../local/auth/metadata.ts";

/** `levels` objects nested in one another, the innermost holding `leaf`. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

Deno.test("metadataProblem() accepts ordinary metadata", () => {
  assert.equal(metadataProblem({}), undefined);
  assert.equal(metadataProblem({ display_name: "Ada", tags: ["a", "b"], n: null }), undefined);
});

Deno.test("metadataProblem() allows 16 levels of nesting and refuses 17", () => {
  assert.equal(metadataProblem(nested(MAX_METADATA_DEPTH)), undefined);
  assert.match(metadataProblem(nested(MAX_METADATA_DEPTH + 1))!, /deeper than 16 levels/);
  // Arrays count as levels too.
  assert.match(metadataProblem(nested(MAX_METADATA_DEPTH, [[1]]))!, /deeper/);
});

Deno.test("metadataProblem() survives nesting far beyond the call stack", () => {
  let deep: unknown = 1;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.match(metadataProblem({ deep })!, /deeper/);
});

Deno.test("metadataProblem() allows 16 KB serialized and refuses one byte more", () => {
  const overhead = JSON.stringify({ s: "" }).length;
  assert.equal(metadataProblem({ s: "x".repeat(MAX_METADATA_BYTES - overhead) }), undefined);
  assert.match(
    metadataProblem({ s: "x".repeat(MAX_METADATA_BYTES - overhead + 1) })!,
    /larger than 16384 bytes/,
  );
  // Bytes, not characters: "é" is two bytes in UTF-8.
  assert.match(metadataProblem({ s: "é".repeat(MAX_METADATA_BYTES / 2) })!, /larger/);
});
