/**
 * `sample_request`: an e-mail to a designer or showroom chasing the caller's late samples (the
 * logistics analyzer's blockers: overdue, or arriving after their shoot). @module
 */
import { z } from "zod";
import type { Blocker } from "../../_shared/analysis/blockers.ts";
import { type ComposeOptions, type Draft, line, listing, pick, type Tone } from "./kind.ts";

export const SampleRequestInputs = z.strictObject({
  recipient: z.strictObject({
    name: line(200),
    type: z.enum(["designer", "showroom"]).default("designer"),
    company: line(200).optional(),
  }),
  /** Only the samples of this designer (as the samples record it); all late samples otherwise. */
  designer: line(200).optional(),
  senderName: line(200).optional(),
  shootName: line(200).optional(),
});
export type SampleRequestInputs = z.infer<typeof SampleRequestInputs>;

export interface SampleRequestMaterial {
  request: SampleRequestInputs;
  /** The late samples, most urgent first (findBlockers' order). */
  late: Pick<
    Blocker,
    "name" | "category" | "daysLate" | "daysToShoot" | "isHero" | "reasonCodes"
  >[];
}

const WORDS = { short: [50, 160], medium: [80, 240], long: [110, 360] } as const;

const GREETINGS: Record<Tone, ((name: string) => string)[]> = {
  professional: [(n) => `Dear ${n},`, (n) => `Hello ${n},`, (n) => `Dear ${n},`],
  warm: [
    (n) => `Hi ${n},`,
    (n) => `Hello ${n}, I hope you are well.`,
    (n) => `Hi ${n}, hope your week is going well.`,
  ],
  bold: [(n) => `Hi ${n},`, (n) => `${n},`, (n) => `Hi ${n}, quick one.`],
  luxurious: [(n) => `Dear ${n},`, (n) => `Dear ${n}, with our compliments.`, (n) => `Dear ${n},`],
};

const ASKS: Record<Tone, string[]> = {
  professional: [
    "Could you confirm a dispatch date and share tracking as soon as they leave?",
    "Please let us know when these will ship and send tracking details.",
    "We would be grateful for a dispatch date and tracking at your earliest convenience.",
  ],
  warm: [
    "Could you let me know when they might be on their way? Tracking would be wonderful.",
    "Would you be able to send them over soon, with tracking if possible?",
    "Any update on timing would really help us plan.",
  ],
  bold: [
    "Please ship today and send tracking; the shoot depends on them.",
    "We need these on their way now; please confirm dispatch and tracking.",
    "Send them out as soon as you can and share tracking.",
  ],
  luxurious: [
    "We would be delighted to receive them at your earliest convenience, with tracking details.",
    "Kindly confirm their dispatch and share tracking when possible.",
    "We would appreciate word on their dispatch, and tracking once they leave.",
  ],
};

function lateness(s: SampleRequestMaterial["late"][number]): string {
  const parts: string[] = [];
  if (s.reasonCodes.includes("overdue")) parts.push(`${s.daysLate} days overdue`);
  if (s.reasonCodes.includes("arrives_after_shoot")) parts.push("expected after the shoot");
  if (s.daysToShoot !== null && s.daysToShoot >= 0) parts.push(`shoot in ${s.daysToShoot} days`);
  return parts.join(", ");
}

/**
 * The sample request e-mail template.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { sampleRequest } from "./sample_request.ts";
 *
 * const draft = sampleRequest({
 *   request: { recipient: { name: "Maison Vale", type: "showroom" } },
 *   late: [{ name: "Silk gown", category: "dresses", daysLate: 2, daysToShoot: 1, isHero: true,
 *     reasonCodes: ["overdue"] }],
 * }, { tone: "professional", length: "medium" });
 * ok(draft.variants[0].includes("Silk gown"));
 * ```
 */
export function sampleRequest(m: SampleRequestMaterial, options: ComposeOptions): Draft {
  const { request, late } = m;
  const shoot = request.shootName ? `our ${request.shootName} shoot` : "our upcoming shoot";
  const names = late.map((s) => s.name);
  const variant = (i: number) => {
    const lines = [
      `Subject: ${
        pick(["Late samples", "Sample delivery update needed", "Chasing samples"], i)
      } for ${shoot}`,
      "",
      pick(GREETINGS[options.tone], i)(request.recipient.name),
      "",
      `We are still waiting on ${late.length === 1 ? "one sample" : `${late.length} samples`} ${
        request.recipient.type === "showroom" ? "from your showroom" : "from you"
      } for ${shoot}:`,
      ...late.map((s) =>
        `- ${s.name} (${s.category}${s.isHero ? ", hero piece" : ""}): ${lateness(s)}`
      ),
      "",
    ];
    if (late.some((s) => s.isHero)) {
      lines.push("The hero pieces matter most: the key looks are built around them.");
    }
    if (options.length !== "short") {
      lines.push(
        pick([
          `Without ${listing(names.slice(0, 3))} we will have to reshuffle the looks on the day.`,
          `Having ${listing(names.slice(0, 3))} in time keeps the shot list intact.`,
          `${listing(names.slice(0, 3))} ${
            names.length === 1 ? "is" : "are"
          } planned into the key looks.`,
        ], i),
      );
    }
    lines.push(pick(ASKS[options.tone], i));
    if (options.length === "long") {
      lines.push(
        "If anything has changed on your side, an alternative we could shoot instead would help too.",
      );
    }
    lines.push(
      "",
      pick(["Many thanks,", "Thank you,", "Best regards,"], i),
      request.senderName ?? "The production team",
    );
    return lines.join("\n");
  };
  return {
    variants: [variant(0), variant(1), variant(2)],
    terms: [request.recipient.name, ...names.slice(0, 20)],
    words: WORDS[options.length],
  };
}
