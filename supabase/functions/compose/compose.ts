/**
 * The template engine: a kind's template renders three variants, each is scored from its
 * text, the best is the content and the other two the alternatives. Pure and deterministic:
 * the same material and options always give the same answer. @module
 */
import { keywordsOf } from "./keywords.ts";
import type { ComposeOptions, Draft } from "./kinds/kind.ts";
import { qualityScore } from "./quality.ts";

/** What POST /compose answers, less where it came from and how long it took. */
export interface Composition {
  content: string;
  alternatives: [string, string];
  qualityScore: number;
  keywords: string[];
}

/** Picks the best-scoring variant of a draft (the first on a tie). */
export function compositionOf(draft: Draft): Composition {
  const scored = draft.variants.map((text, index) => ({
    text,
    index,
    score: qualityScore(text, { words: draft.words, terms: draft.terms }).score,
  }));
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  const others = scored.filter((s) => s.index !== best.index).map((s) => s.text);
  return {
    content: best.text,
    alternatives: [others[0], others[1]],
    qualityScore: best.score,
    keywords: keywordsOf(best.text, draft.terms),
  };
}

/** A model's text as the content, scored the same way; the template's best two stay the alternatives. */
export function compositionWithText(text: string, draft: Draft): Composition {
  const fromTemplate = compositionOf(draft);
  return {
    content: text,
    alternatives: [fromTemplate.content, fromTemplate.alternatives[0]],
    qualityScore: qualityScore(text, { words: draft.words, terms: draft.terms }).score,
    keywords: keywordsOf(text, draft.terms),
  };
}

export type { ComposeOptions };
