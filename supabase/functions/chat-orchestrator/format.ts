/** How figures read in an answer: counts with their nouns, durations, short lists. */

/**
 * `1 sample`, `3 samples`; `plural` defaults to `singular + "s"`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { count } from "./format.ts";
 *
 * equal(count(1, "sample"), "1 sample");
 * equal(count(2, "person", "people"), "2 people");
 * ```
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** `is` or `are`, agreeing with `n`. */
export function isAre(n: number): string {
  return n === 1 ? "is" : "are";
}

/**
 * Minutes as people say them: `45 min`, `1 h`, `2 h 30 min`; negative values by their size.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { minutes } from "./format.ts";
 *
 * equal(minutes(150), "2 h 30 min");
 * ```
 */
export function minutes(value: number): string {
  const total = Math.round(Math.abs(value));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Days with one decimal: `1 day`, `2.5 days`, `less than a day`. */
export function days(value: number): string {
  if (value < 1) return "less than a day";
  return value === 1 ? "1 day" : `${value} days`;
}

/** A whole percentage of a one-decimal figure (62.5 → `63%`). */
export function percent(value: number): string {
  return `${Math.round(value)}%`;
}

/**
 * The first `max` items joined with commas, then `and N more`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { listOf } from "./format.ts";
 *
 * equal(listOf(["a", "b", "c", "d"], 2), "a, b and 2 more");
 * equal(listOf(["a", "b"]), "a and b");
 * ```
 */
export function listOf(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** The worse of two severities (critical > warning > info > success). */
export function worse<S extends string>(a: S | undefined, b: S | undefined): S | undefined {
  const rank = (s?: string) => ["success", "info", "warning", "critical"].indexOf(s ?? "");
  return rank(b) > rank(a) ? b : a;
}
