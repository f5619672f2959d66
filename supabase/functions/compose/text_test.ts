import { deepEqual, equal } from "node:assert/strict";
import { sentencesOf, stem, wordsOf } from "./text.ts";

Deno.test("stem() meets singular and plural, and verb forms", () => {
  for (
    const [a, b] of [["dress", "dresses"], ["lining", "linings"], ["tailored", "tailoring"], [
      "accessory",
      "accessories",
    ], ["shoe", "shoes"]]
  ) {
    equal(stem(a), stem(b), `${a} / ${b}`);
  }
});

Deno.test("wordsOf() keeps hyphenated words and apostrophes whole", () => {
  deepEqual(wordsOf("Water-resistant, it's 07:30!"), ["water-resistant", "it's", "07", "30"]);
});

Deno.test("sentencesOf() splits on end punctuation and lines", () => {
  deepEqual(sentencesOf("One. Two!\nThree\n\n- four"), ["One.", "Two!", "Three", "- four"]);
});
