/** `shoot_brief`: looks, shot list, mood, location and call time, as the brief a crew reads. @module */
import { z } from "zod";
import { type ComposeOptions, type Draft, line, pick, type Tone } from "./kind.ts";

const Look = z.union([
  line(200).transform((name) => ({ name, description: undefined as string | undefined })),
  z.strictObject({ name: line(200), description: line(1000).optional() }),
]);

export const ShootBriefInputs = z.strictObject({
  title: line(200).optional(),
  looks: z.array(Look).min(1).max(100),
  shotList: z.array(line(300)).min(1).max(200),
  mood: line(500),
  location: line(300),
  /** "07:30", or a date and time. */
  callTime: line(40),
});
export type ShootBriefInputs = z.infer<typeof ShootBriefInputs>;

const WORDS = { short: [60, 200], medium: [100, 320], long: [160, 480] } as const;

const INTROS: Record<Tone, ((title: string) => string)[]> = {
  professional: [
    (t) => `This brief sets out the plan for ${t}.`,
    (t) => `Below is everything the team needs for ${t}.`,
    (t) => `${t}: the plan for the day, in one place.`,
  ],
  warm: [
    (t) => `Thanks for being part of ${t}, here is what the day looks like.`,
    (t) => `We are excited for ${t}, and this brief walks you through it.`,
    (t) => `Here is the plan for ${t}; shout if anything is unclear.`,
  ],
  bold: [
    (t) => `${t} is going to set the bar, and this is how we get there.`,
    (t) => `Big day ahead: ${t}, and here is the plan to nail it.`,
    (t) => `${t}: sharp looks, clear shots, no wasted minutes.`,
  ],
  luxurious: [
    (t) => `${t} calls for quiet precision; the details follow.`,
    (t) => `For ${t}, every frame should feel considered and refined.`,
    (t) => `The vision for ${t}, set out with care.`,
  ],
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const NOTES = [
  "Please arrive at call time ready to start; the first setup begins straight away.",
  "Confirm your availability and any questions with the producer before the day.",
  "Keep the shot list in order where you can, and flag any change early.",
];

/**
 * The shoot brief template.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { shootBrief } from "./shoot_brief.ts";
 *
 * const draft = shootBrief({
 *   looks: [{ name: "Look 1", description: "ivory slip dress" }], shotList: ["full length"],
 *   mood: "soft morning light", location: "Studio 4", callTime: "07:30",
 * }, { tone: "warm", length: "short" });
 * ok(draft.variants[0].includes("Call time: 07:30"));
 * ```
 */
export function shootBrief(b: ShootBriefInputs, options: ComposeOptions): Draft {
  const title = b.title ?? `the ${b.location} shoot`;
  const variant = (i: number) => {
    const looks = b.looks.map((look, k) =>
      `${k + 1}. ${look.name}${look.description ? `: ${look.description}` : ""}`
    );
    const shots = b.shotList.map((shot, k) => `${k + 1}. ${shot}`);
    const moodLine = pick([
      `Mood: ${b.mood}. Let it guide light, styling and pace.`,
      `Mood: ${b.mood}. Every look should carry this feeling.`,
      `Mood: ${b.mood}. Keep it consistent from the first frame to the last.`,
    ], i);
    const parts = [
      `Shoot brief: ${b.title ?? b.location}`,
      capitalize(pick(INTROS[options.tone], i)(title)),
      `Location: ${b.location}. Call time: ${b.callTime}.`,
      moodLine,
      `Looks (${b.looks.length}):`,
      ...looks,
      `Shot list (${b.shotList.length}):`,
      ...shots,
    ];
    const notes = options.length === "short"
      ? [pick(NOTES, i)]
      : options.length === "medium"
      ? [pick(NOTES, i), pick(NOTES, i + 1)]
      : [...NOTES.slice(i), ...NOTES.slice(0, i)];
    return [...parts, "Notes:", ...notes].join("\n");
  };
  return {
    variants: [variant(0), variant(1), variant(2)],
    terms: [b.location, b.mood, b.callTime, ...b.looks.map((l) => l.name), ...b.shotList],
    words: WORDS[options.length],
  };
}
