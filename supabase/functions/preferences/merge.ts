/**
 * Deep merge of settings documents: a patch names only what changes. Plain objects merge key
 * by key; anything else (arrays, numbers, strings, booleans, null) replaces what was there, so
 * `{qualityRange: [2, 9]}` sets the whole range and `{tier: null}` clears a filter.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `patch` merged over `base`; neither is changed.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { deepMerge } from "./merge.ts";
 *
 * deepEqual(
 *   deepMerge({ theme: "system", notifications: { toast: true, email: false } },
 *             { notifications: { email: true } }),
 *   { theme: "system", notifications: { toast: true, email: true } },
 * );
 * ```
 */
export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const below = out[key];
    out[key] = isPlainObject(value) && isPlainObject(below) ? deepMerge(below, value) : value;
  }
  return out;
}
