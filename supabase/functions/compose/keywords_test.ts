import { deepEqual } from "node:assert/strict";
import { keywordsOf } from "./keywords.ts";

Deno.test("keywordsOf() puts the input terms the text uses first, then frequent words", () => {
  const text =
    "The silk gown drapes. Silk catches the light; the gown moves with you. Silk, always.";
  deepEqual(keywordsOf(text, ["silk gown", "velvet cape"]), ["silk gown", "silk", "gown"]);
});

Deno.test("keywordsOf() skips stopwords, numbers and words used once, and stops at max", () => {
  const text = "Call 0730 0730. Studio studio STUDIO light light look look hem hem";
  deepEqual(keywordsOf(text, [], 3), ["studio", "hem", "light"]);
});

Deno.test("keywordsOf() leaves out terms that are only numbers", () => {
  deepEqual(keywordsOf("Call time 07:30 at the studio.", ["07:30"]), []);
});
