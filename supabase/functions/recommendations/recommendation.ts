/** What every recommender returns, and the one ranking rule they share. @module */

/** One recommendation: `score` in [0, 1], `rationale` naming the signals behind the score. */
export interface Recommendation<T = Record<string, unknown>> {
  item: T;
  score: number;
  rationale: string;
  /** A deep link into the app. */
  action?: string;
}

/** How many recommendations an answer holds (assistant-backend-requirements.md: top 3–5). */
export const MAX_RECOMMENDATIONS = 5;

/** Clamps to [0, 1] and rounds to three decimals, so scores compare and print the same. */
export function clampScore(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

/**
 * The best `max` candidates, best first: by score, then by `tieBreak` (a stable text such as
 * the item's title), so equal scores always come out in the same order.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { topRecommendations } from "./recommendation.ts";
 *
 * const ranked = topRecommendations(
 *   [{ item: { id: "b" }, score: 0.5, rationale: "" }, { item: { id: "a" }, score: 0.9, rationale: "" }],
 *   (r) => r.item.id,
 * );
 * deepEqual(ranked.map((r) => r.item.id), ["a", "b"]);
 * ```
 */
export function topRecommendations<T>(
  candidates: readonly Recommendation<T>[],
  tieBreak: (candidate: Recommendation<T>) => string,
  max = MAX_RECOMMENDATIONS,
): Recommendation<T>[] {
  return [...candidates]
    .sort((a, b) => {
      if (b.score !== a.score) return b.score - a.score;
      const ka = tieBreak(a);
      const kb = tieBreak(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    })
    .slice(0, max);
}

/** "1 sample", "2 samples". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** A number with at most one decimal, as text ("2", "2.5"). */
export function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}
