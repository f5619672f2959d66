/**
 * Content hashes for lists supplied in a request body, used as the cache `context_id` so the
 * same list sent twice (even with its keys in another order) hits the same cache row.
 *
 * @module
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON text with object keys sorted at every depth; array order is kept because it is
 * meaningful (a shot list's order is the producer's order). Values JSON cannot represent
 * behave as in `JSON.stringify`: `undefined` properties are dropped, and a bare `undefined`
 * becomes `null`.
 *
 * @example Key order does not matter
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { canonicalJson } from "./hash.ts";
 *
 * equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
 * ```
 */
export function canonicalJson(value: unknown): string {
  // The replacer sees each value after `toJSON` (so Dates become strings) and JSON.stringify
  // recurses into whatever it returns, which sorts nested objects too.
  const text = JSON.stringify(value, (_key, current: unknown) => {
    if (!isPlainObject(current)) return current;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(current).sort()) sorted[key] = current[key];
    return sorted;
  });
  return text ?? "null";
}

/**
 * SHA-256 (hex) of {@linkcode canonicalJson}: a stable id for a supplied list.
 *
 * @example Same content, same hash
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { stableHash } from "./hash.ts";
 *
 * equal(await stableHash({ a: 1, b: 2 }), await stableHash({ b: 2, a: 1 }));
 * ```
 */
export async function stableHash(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(value));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
