/**
 * `kit_configuration`: the assistant's kits in the order that suits a team role, the kit it
 * opens on, and the quick actions of each kit. @module
 */
import { z } from "zod";
import { type ComposeOptions, type Draft, pick } from "./kind.ts";

/** The assistant's kits (user_preferences.default_kit). */
export const KITS = ["logistics", "events", "media", "compose"] as const;
export type Kit = (typeof KITS)[number];

export const ROLES = [
  "producer",
  "stylist",
  "photographer",
  "event_coordinator",
  "retoucher",
] as const;
export type Role = (typeof ROLES)[number];

export const KitConfigurationInputs = z.strictObject({
  role: z.enum(ROLES),
  /** Put this kit first, whatever the role's usual order. */
  primaryKit: z.enum(KITS).optional(),
});
export type KitConfigurationInputs = z.infer<typeof KitConfigurationInputs>;

const ORDER: Record<Role, Kit[]> = {
  producer: ["logistics", "events", "media", "compose"],
  stylist: ["logistics", "media", "compose", "events"],
  photographer: ["media", "logistics", "events", "compose"],
  event_coordinator: ["events", "logistics", "compose", "media"],
  retoucher: ["media", "compose", "logistics", "events"],
};

const ROLE_TITLE: Record<Role, string> = {
  producer: "Producer",
  stylist: "Stylist",
  photographer: "Photographer",
  event_coordinator: "Event coordinator",
  retoucher: "Retoucher",
};

const KIT_TITLE: Record<Kit, string> = {
  logistics: "Logistics",
  events: "Events",
  media: "Media",
  compose: "Compose",
};

const ACTIONS: Record<Kit, string[]> = {
  logistics: [
    "Check shoot readiness",
    "List late samples",
    "Batch returns by designer",
    "Request samples",
  ],
  events: [
    "Show the critical path",
    "Find staffing gaps",
    "Draft the run of show",
    "Assign open tasks",
  ],
  media: ["Score new photos", "Find missing shots", "Pick the selects", "Approve the selects"],
  compose: [
    "Write a product description",
    "Draft a shoot brief",
    "Chase late samples by e-mail",
    "Save to the gallery",
  ],
};

const WHY: Record<Kit, string[]> = {
  logistics: [
    "samples arriving on time decide whether a shoot happens",
    "it tracks every sample from request to return",
    "late pieces surface here first",
  ],
  events: [
    "the running order and crew live here",
    "it keeps tasks and deadlines on the critical path in view",
    "staffing gaps show up before the day",
  ],
  media: [
    "the day's photos are reviewed and selected here",
    "it scores every frame and flags missing shots",
    "selects are picked and approved here",
  ],
  compose: [
    "briefs, descriptions and e-mails are drafted here",
    "it turns the plan into documents to send",
    "it writes the documents the team shares",
  ],
};

/** The kits in order for the inputs. */
export function kitOrder(inputs: KitConfigurationInputs): Kit[] {
  const order = ORDER[inputs.role];
  return inputs.primaryKit
    ? [inputs.primaryKit, ...order.filter((k) => k !== inputs.primaryKit)]
    : order;
}

const WORDS = { short: [40, 160], medium: [60, 260], long: [80, 360] } as const;

/**
 * The kit configuration template.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kitConfiguration } from "./kit_configuration.ts";
 *
 * const draft = kitConfiguration({ role: "photographer" }, { tone: "professional", length: "medium" });
 * ok(draft.variants[0].includes("Opens on: Media"));
 * ```
 */
export function kitConfiguration(inputs: KitConfigurationInputs, options: ComposeOptions): Draft {
  const order = kitOrder(inputs);
  const actionCount = options.length === "short" ? 2 : options.length === "medium" ? 3 : 4;
  const variant = (i: number) => {
    const lines = [
      `Kit configuration: ${ROLE_TITLE[inputs.role]}`,
      `Opens on: ${KIT_TITLE[order[0]]}. Kit order: ${order.map((k) => KIT_TITLE[k]).join(", ")}.`,
    ];
    order.forEach((kit, k) => {
      lines.push(`${k + 1}. ${KIT_TITLE[kit]}: ${pick(WHY[kit], i)}.`);
      lines.push(`Quick actions: ${ACTIONS[kit].slice(0, actionCount).join("; ")}.`);
    });
    return lines.join("\n");
  };
  return {
    variants: [variant(0), variant(1), variant(2)],
    terms: [ROLE_TITLE[inputs.role], ...order.map((k) => KIT_TITLE[k])],
    words: WORDS[options.length],
  };
}
