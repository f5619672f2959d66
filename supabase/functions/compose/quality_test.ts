import { deepEqual, equal, ok } from "node:assert/strict";
import { productDescription } from "./kinds/product_description.ts";
import { coverage, lengthFit, qualityScore, readability, variety } from "./quality.ts";

const inputs = {
  name: "Harbour Trench",
  category: "outerwear",
  features: ["water-resistant cotton", "detachable hood", "storm flap"],
  audience: "city commuters",
  brandVoice: "confident",
};
const draft = productDescription(inputs, { tone: "professional", length: "medium" });
const target = { words: draft.words, terms: draft.terms };
const good = draft.variants[0];

Deno.test("qualityScore() scores the template's text above worse texts of the same inputs", () => {
  const best = qualityScore(good, target).score;
  const worse = {
    // what a lazy writer sends: short, and none of the features
    short: "The Harbour Trench is a great coat. Buy it now.",
    // every feature, the same sentence over and over
    repetitive: Array(12).fill(
      "The Harbour Trench has water-resistant cotton, detachable hood and storm flap for city commuters.",
    ).join(" "),
    // the right length, but about something else
    offTopic: good.replaceAll("Harbour Trench", "jacket").replaceAll(
      "water-resistant cotton",
      "fabric",
    )
      .replaceAll("detachable hood", "collar").replaceAll("storm flap", "pocket"),
    // one run-on sentence
    runOn: good.replaceAll(". ", ", and ").replace(/\.$/, ""),
  };
  for (const [name, text] of Object.entries(worse)) {
    const score = qualityScore(text, target).score;
    ok(score < best, `${name}: ${score} should be below ${best}`);
  }
});

Deno.test("qualityScore() is between 0 and 1 and rounds to two decimals", () => {
  for (const text of ["", "a", good, good.repeat(5)]) {
    const { score } = qualityScore(text, target);
    ok(score >= 0 && score <= 1, String(score));
    equal(Math.round(score * 100) / 100, score);
  }
});

Deno.test("lengthFit() is 1 inside the range and falls off outside it", () => {
  deepEqual([150, 175, 200].map((n) => lengthFit(n, [150, 200])), [1, 1, 1]);
  equal(lengthFit(75, [150, 200]), 0.25);
  equal(lengthFit(400, [150, 200]), 0.25);
  equal(lengthFit(0, [150, 200]), 0);
});

Deno.test("coverage() counts the terms whose words all appear, stemmed", () => {
  equal(coverage("Two dresses and a silk lining.", ["dress", "silk lining", "wool"]), 2 / 3);
  equal(coverage("anything", []), 1);
});

Deno.test("readability() prefers sentences of 8 to 24 words", () => {
  const even = "This coat keeps you dry on the way to work every single day.";
  const runOn = Array(10).fill("this coat keeps you dry").join(" and ") + ".";
  ok(readability(even) > readability(runOn));
});

Deno.test("variety() falls when the text repeats itself", () => {
  const once = "Soft wool, a clean line and a lining that breathes make this coat easy to wear.";
  ok(variety(once) > variety(Array(5).fill(once).join(" ")));
});
