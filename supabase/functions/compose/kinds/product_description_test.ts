import { equal, ok, throws } from "node:assert/strict";
import { wordsOf } from "../text.ts";
import { LengthSchema, ToneSchema } from "./kind.ts";
import { productDescription, ProductDescriptionInputs } from "./product_description.ts";

const inputs = ProductDescriptionInputs.parse({
  name: "  Harbour   Trench ",
  category: "outerwear",
  features: ["water-resistant cotton"],
  audience: "city commuters",
  brandVoice: "confident",
});

Deno.test("ProductDescriptionInputs normalizes whitespace and needs at least one feature", () => {
  equal(inputs.name, "Harbour Trench");
  throws(() => ProductDescriptionInputs.parse({ ...inputs, features: [] }));
  throws(() => ProductDescriptionInputs.parse({ ...inputs, extra: 1 }));
});

Deno.test("productDescription() fits 150–200 words at medium length in every tone, with few or many features", () => {
  const many = {
    ...inputs,
    features: ["silk lining", "horn buttons", "storm flap", "belted waist"],
  };
  for (const tone of ToneSchema.options) {
    for (const p of [inputs, many]) {
      for (const text of productDescription(p, { tone, length: "medium" }).variants) {
        const n = wordsOf(text).length;
        ok(n >= 150 && n <= 200, `${tone}: ${n} words`);
      }
    }
  }
});

Deno.test("productDescription() names every feature and ends with a call to action naming the product", () => {
  for (const length of LengthSchema.options) {
    for (const text of productDescription(inputs, { tone: "bold", length }).variants) {
      ok(text.includes("water-resistant cotton"));
      const last = text.split(/(?<=[.!?])\s+/).at(-1)!;
      ok(/Harbour Trench/.test(last) && /(today|now)/.test(last), last);
    }
  }
});

Deno.test("productDescription() gives three different variants", () => {
  const { variants } = productDescription(inputs, { tone: "warm", length: "medium" });
  equal(new Set(variants).size, 3);
});
