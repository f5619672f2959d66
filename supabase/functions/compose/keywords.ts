/** The keywords of a composed text: the inputs' phrases it uses, then its most frequent words. @module */
import { stem, STOPWORDS, wordsOf } from "./text.ts";

/**
 * Up to `max` keywords of `text`, lower case: the input terms (features, looks, names) that
 * appear in it, in input order, then the words it uses most (at least twice), ties in
 * alphabetical order.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { keywordsOf } from "./keywords.ts";
 *
 * const text = "Linen shirt. The linen breathes; the shirt keeps its shape. Linen lasts.";
 * deepEqual(keywordsOf(text, ["linen shirt", "cashmere"], 3), ["linen shirt", "linen", "shirt"]);
 * ```
 */
export function keywordsOf(text: string, terms: readonly string[], max = 8): string[] {
  const words = wordsOf(text);
  const present = new Set(words.map(stem));
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (keyword: string) => {
    if (out.length < max && !seen.has(keyword)) {
      seen.add(keyword);
      out.push(keyword);
    }
  };
  for (const term of terms) {
    const termWords = wordsOf(term);
    const significant = termWords.filter((w) => !STOPWORDS.has(w));
    if (
      significant.some((w) => !/^\d+$/.test(w)) && significant.length <= 4 &&
      significant.every((w) => present.has(stem(w)))
    ) {
      add(termWords.join(" "));
    }
  }
  const counts = new Map<string, number>();
  for (const word of words) {
    if (word.length < 3 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const frequent = [...counts].filter(([, n]) => n >= 2)
    .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0));
  for (const [word] of frequent) add(word);
  return out;
}
