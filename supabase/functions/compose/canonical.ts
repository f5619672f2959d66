/** Canonical JSON and digests: equal inputs, however their keys were ordered, key one cache entry. @module */
import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level and `undefined` members left out.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { canonicalJson } from "./canonical.ts";
 *
 * equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{"a":[{"d":2}],"b":1}');
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** SHA-256 of `text`, hex: the content hash of a composition (saved ones dedupe by it). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
