/**
 * The quality score of a composed text, computed from the text and what it was asked to say,
 * never invented: how well its length fits the target, how much of the inputs it covers, how
 * readable its sentences are and how little it repeats itself. Each part is 0–1. @module
 */
import { sentencesOf, stem, STOPWORDS, wordsOf } from "./text.ts";

export interface QualityTarget {
  /** Inclusive word range the kind and length ask for. */
  words: readonly [number, number];
  /** Phrases of the inputs the text should mention (features, looks, names). */
  terms: readonly string[];
}

export interface QualityReport {
  score: number;
  lengthFit: number;
  coverage: number;
  readability: number;
  variety: number;
}

/** Weights of the parts; coverage first: a text that ignores its inputs is not the document. */
const WEIGHTS = { lengthFit: 0.25, coverage: 0.35, readability: 0.15, variety: 0.25 };

const round2 = (n: number) => Math.round(n * 100) / 100;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** 1 inside the range, falling off with the ratio outside it (half the length: 0.25). */
export function lengthFit(wordCount: number, [min, max]: readonly [number, number]): number {
  if (wordCount === 0) return 0;
  if (wordCount < min) return clamp01((wordCount / min) ** 2);
  if (wordCount > max) return clamp01((max / wordCount) ** 2);
  return 1;
}

/** Share of the terms whose significant words all appear (stemmed) in the text. */
export function coverage(text: string, terms: readonly string[]): number {
  const significant = terms
    .map((term) => wordsOf(term).filter((w) => !STOPWORDS.has(w)).map(stem))
    .filter((words) => words.length > 0);
  if (significant.length === 0) return 1;
  const present = new Set(wordsOf(text).map(stem));
  const covered = significant.filter((words) => words.every((w) => present.has(w))).length;
  return covered / significant.length;
}

/** Sentences of 8–24 words read well; shorter read choppy, longer lose the reader. */
export function readability(text: string): number {
  const sentences = sentencesOf(text);
  if (sentences.length === 0) return 0;
  let total = 0;
  for (const sentence of sentences) {
    const n = wordsOf(sentence).length;
    total += n < 3 ? 0.9 : n < 8 ? 0.6 + (n - 3) * 0.08 : n <= 24 ? 1 : clamp01(24 / n);
  }
  return total / sentences.length;
}

/**
 * How little the text repeats itself: distinct word trigrams over all trigrams, and no
 * content word taking more than 6 % of the text.
 */
export function variety(text: string): number {
  const words = wordsOf(text);
  if (words.length < 3) return words.length ? 0.5 : 0;
  const trigrams = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) trigrams.add(words.slice(i, i + 3).join(" "));
  const distinct = trigrams.size / (words.length - 2);
  const counts = new Map<string, number>();
  for (const word of words) if (!STOPWORDS.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const top = Math.max(0, ...counts.values()) / words.length;
  const dominance = top <= 0.06 ? 1 : clamp01(0.06 / top);
  return distinct * (0.5 + 0.5 * dominance);
}

/**
 * Scores `text` against its target.
 *
 * @example A text that ignores its inputs scores lower
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { qualityScore } from "./quality.ts";
 *
 * const target = { words: [5, 40], terms: ["silk lining"] } as const;
 * const good = qualityScore("A jacket with a silk lining that keeps you cool all day.", target);
 * const bad = qualityScore("A jacket. A jacket. A jacket. A jacket.", target);
 * ok(good.score > bad.score);
 * ```
 */
export function qualityScore(text: string, target: QualityTarget): QualityReport {
  const parts = {
    lengthFit: lengthFit(wordsOf(text).length, target.words),
    coverage: coverage(text, target.terms),
    readability: readability(text),
    variety: variety(text),
  };
  const score = (Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[])
    .reduce((sum, key) => sum + WEIGHTS[key] * parts[key], 0);
  return {
    score: round2(score),
    lengthFit: round2(parts.lengthFit),
    coverage: round2(parts.coverage),
    readability: round2(parts.readability),
    variety: round2(parts.variety),
  };
}
