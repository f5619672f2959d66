/** The help skill: what the assistant can do, and the kind answer to a blank or unclear message. */
import type { Kit, SkillAnswer } from "../types.ts";
import { KIT_SUGGESTIONS } from "./follow_up.ts";

const WHAT_I_DO = "I can tell you how ready your samples are, which are late and how to batch " +
  "them; whether an event is on track, short of staff, what is due and its run of show; and " +
  "which shots are missing, how good the photos are and which to select.";

/**
 * Help for `kit`; `clarity` says why: asked for (`understood`), an empty message (`blank`) or
 * one the rules could not read (`unclear`). Never an error: always suggestions to tap.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { helpAnswer } from "./help.ts";
 *
 * equal(helpAnswer("media", "blank").followUp?.[0], "Which shots are missing?");
 * ```
 */
export function helpAnswer(kit: Kit, clarity: "blank" | "unclear" | "understood"): SkillAnswer {
  const opening = clarity === "blank"
    ? "Ask me anything about your work."
    : clarity === "unclear"
    ? "Sorry, I didn't catch that."
    : "Here is what I can help with.";
  return {
    content: `${opening} ${WHAT_I_DO} Try one of the questions below.`,
    severity: "info",
    followUp: KIT_SUGGESTIONS[kit],
  };
}
