/** What every kind of composition provides, and the options they share. @module */
import { z } from "zod";

export const ToneSchema = z.enum(["professional", "warm", "bold", "luxurious"]);
export type Tone = z.infer<typeof ToneSchema>;
export const LengthSchema = z.enum(["short", "medium", "long"]);
export type Length = z.infer<typeof LengthSchema>;

export const OptionsSchema = z.strictObject({
  tone: ToneSchema.default("professional"),
  length: LengthSchema.default("medium"),
});
export type ComposeOptions = z.infer<typeof OptionsSchema>;

/** A short single-line text: trimmed, inner whitespace collapsed (part of normalizing inputs). */
export const line = (max: number) =>
  z.string().transform((s) => s.trim().replace(/\s+/g, " ")).pipe(z.string().min(1).max(max));

/** What a template produces for one set of inputs: three renderings and what they must say. */
export interface Draft {
  /** Three deterministic renderings; the best-scoring one is the content, the others alternatives. */
  variants: [string, string, string];
  /** Phrases of the inputs the text should cover (quality and keywords). */
  terms: string[];
  /** Inclusive word range for the requested length. */
  words: readonly [number, number];
}

/** Picks `list[i % length]`: rotations give each variant its own phrasing, deterministically. */
export function pick<T>(list: readonly T[], i: number): T {
  return list[((i % list.length) + list.length) % list.length];
}

/** "a, b and c". */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Appends sentences from `extra`, in order, while the text is under `min` words and stays under `max`. */
export function fillTo(
  sentences: string[],
  extra: readonly string[],
  [min, max]: readonly [number, number],
): string[] {
  const count = (sentence: string) => sentence.split(" ").filter(Boolean).length;
  const out = [...sentences];
  let words = out.reduce((sum, sentence) => sum + count(sentence), 0);
  for (const sentence of extra) {
    if (words >= min) break;
    const n = count(sentence);
    if (words + n > max) continue;
    out.splice(out.length - 1, 0, sentence); // before the closing sentence
    words += n;
  }
  return out;
}
