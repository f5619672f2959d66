/**
 * `product_description`: 150–200 words (medium), benefits over features, ending with a call to
 * action (content-wizard-specification.md's prompt, as a template). @module
 */
import { z } from "zod";
import { type ComposeOptions, type Draft, fillTo, line, listing, pick, type Tone } from "./kind.ts";

export const ProductDescriptionInputs = z.strictObject({
  name: line(200),
  category: line(100),
  features: z.array(line(200)).min(1).max(20),
  audience: line(200),
  brandVoice: line(200),
});
export type ProductDescriptionInputs = z.infer<typeof ProductDescriptionInputs>;

const WORDS = { short: [80, 120], medium: [150, 200], long: [220, 300] } as const;

const OPENINGS: Record<Tone, ((p: ProductDescriptionInputs) => string)[]> = {
  professional: [
    (p) =>
      `Meet the ${p.name}, ${article(p.category)} ${p.category} piece designed for ${p.audience}.`,
    (p) => `The ${p.name} brings considered design to ${p.category} for ${p.audience}.`,
    (p) => `For ${p.audience} who expect more from their ${p.category}, there is the ${p.name}.`,
  ],
  warm: [
    (p) =>
      `Say hello to the ${p.name}, the ${p.category} favourite made with ${p.audience} in mind.`,
    (p) => `We made the ${p.name} for ${p.audience} who want ${p.category} that feels like theirs.`,
    (p) =>
      `Some ${p.category} pieces just feel right, and the ${p.name} is one of them for ${p.audience}.`,
  ],
  bold: [
    (p) => `The ${p.name} rewrites what ${p.category} can do for ${p.audience}.`,
    (p) => `Forget ordinary ${p.category}: the ${p.name} is built for ${p.audience} who lead.`,
    (p) => `Make the ${p.name} your statement, ${p.category} made for ${p.audience} who stand out.`,
  ],
  luxurious: [
    (p) => `The ${p.name} is ${p.category} at its most refined, for ${p.audience}.`,
    (p) => `Crafted without compromise, the ${p.name} elevates ${p.category} for ${p.audience}.`,
    (p) => `Indulge in the ${p.name}, an exquisite expression of ${p.category} for ${p.audience}.`,
  ],
};

/** A feature becomes a benefit: what it does for the wearer. */
const BENEFITS: ((feature: string, p: ProductDescriptionInputs) => string)[] = [
  (f) => `${capitalize(f)} means you stay comfortable and confident from morning to night.`,
  (f) => `Thanks to its ${f}, it keeps its shape and looks polished wherever the day leads.`,
  (f, p) => `With its ${f}, ${p.audience} get a piece that works as hard as they do.`,
  (f) => `${capitalize(f)} lets you move freely, so the fit never holds you back.`,
  (f) => `Because of its ${f}, it stays a favourite long after the first wear.`,
];

const EXTRAS: ((p: ProductDescriptionInputs) => string)[] = [
  (p) => `Every detail reflects a ${p.brandVoice} voice, from the first look to the final stitch.`,
  (p) =>
    `It pairs easily with the rest of your ${p.category} wardrobe, so one piece opens many looks.`,
  () =>
    `Thoughtful construction gives you a piece that feels as good on the tenth wear as on the first.`,
  (p) =>
    `It is the kind of ${p.category} essential that makes getting dressed simpler and more enjoyable.`,
  () => `Easy care keeps it looking fresh without extra effort, so you spend less time on upkeep.`,
  () => `Designed to layer and to stand alone, it adapts to the season and to your plans.`,
  () => `Quality materials and careful finishing give lasting value you will notice every day.`,
  () => `From busy weekdays to relaxed weekends, it keeps up with a full and varied life.`,
];

const CLOSINGS: Record<Tone, ((p: ProductDescriptionInputs) => string)[]> = {
  professional: [
    (p) => `Order the ${p.name} today and put it to work in your wardrobe.`,
    (p) => `Add the ${p.name} to your collection now.`,
    (p) => `Choose the ${p.name} today and feel the difference from the first wear.`,
  ],
  warm: [
    (p) => `Bring the ${p.name} home today, we think you will love it.`,
    (p) => `Treat yourself to the ${p.name} today.`,
    (p) => `Find your size and make the ${p.name} yours today.`,
  ],
  bold: [
    (p) => `Claim your ${p.name} now, before it sells out.`,
    (p) => `Get the ${p.name} today and own the room.`,
    (p) => `Shop the ${p.name} now and set the pace.`,
  ],
  luxurious: [
    (p) => `Reserve your ${p.name} today and experience true refinement.`,
    (p) => `Discover the ${p.name} today, and make it part of your signature.`,
    (p) => `Acquire the ${p.name} now and indulge in lasting elegance.`,
  ],
};

/** "a" or "an" before `word` (by its first letter: close enough for product categories). */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The product description template.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { productDescription } from "./product_description.ts";
 *
 * const draft = productDescription({
 *   name: "Harbour Trench", category: "outerwear", features: ["water-resistant cotton"],
 *   audience: "city commuters", brandVoice: "confident",
 * }, { tone: "professional", length: "medium" });
 * ok(draft.variants[0].includes("water-resistant cotton"));
 * ```
 */
export function productDescription(p: ProductDescriptionInputs, options: ComposeOptions): Draft {
  const words = WORDS[options.length];
  const variant = (i: number) => {
    const features = p.features.map((f, k) => pick(BENEFITS, k + i)(f, p));
    const closing = pick(CLOSINGS[options.tone], i)(p);
    const summary = `In short, it combines ${listing(p.features)} in one ${p.category} piece.`;
    const sentences = fillTo(
      [pick(OPENINGS[options.tone], i)(p), ...features, summary, closing],
      [...EXTRAS.slice(i), ...EXTRAS.slice(0, i)].map((extra) => extra(p)),
      words,
    );
    return sentences.join(" ");
  };
  return {
    variants: [variant(0), variant(1), variant(2)],
    terms: [p.name, ...p.features, p.audience],
    words,
  };
}
