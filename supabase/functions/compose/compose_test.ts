import { deepEqual, equal, notEqual, ok } from "node:assert/strict";
import { compositionOf, compositionWithText } from "./compose.ts";
import { qualityScore } from "./quality.ts";
import type { Draft } from "./kinds/kind.ts";

const draft: Draft = {
  variants: [
    "Short.",
    "A linen shirt that breathes, keeps its shape and pairs with everything you own.",
    "Linen shirt linen shirt linen shirt linen shirt.",
  ],
  terms: ["linen shirt"],
  words: [8, 30],
};

Deno.test("compositionOf() makes the best-scoring variant the content and the others the alternatives", () => {
  const composition = compositionOf(draft);
  equal(composition.content, draft.variants[1]);
  deepEqual(composition.alternatives, [draft.variants[0], draft.variants[2]]);
  equal(
    composition.qualityScore,
    qualityScore(draft.variants[1], { words: draft.words, terms: draft.terms }).score,
  );
  ok(composition.keywords.includes("linen shirt"));
});

Deno.test("compositionOf() is deterministic", () => {
  deepEqual(compositionOf(draft), compositionOf(draft));
});

Deno.test("compositionWithText() scores the model's text and keeps the template's best as alternatives", () => {
  const composition = compositionWithText("Nothing relevant here at all.", draft);
  equal(composition.content, "Nothing relevant here at all.");
  equal(composition.alternatives[0], draft.variants[1]);
  notEqual(composition.qualityScore, compositionOf(draft).qualityScore);
});
