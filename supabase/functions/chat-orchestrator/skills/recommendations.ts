/**
 * The recommendations skill: what to do next, as the recommendations function ranks it
 * (`nextActions`, urgency × impact over the analyzers' findings), told in a sentence with a
 * deep link per action.
 */
import type { NextAction } from "../../recommendations/next_actions.ts";
import type { Severity, SkillAnswer } from "../types.ts";
import { FOLLOW_UPS } from "./follow_up.ts";

/** Kinds that only fill the list: nothing is wrong when they are all there is. */
const ROUTINE_KINDS = new Set(["routine_check", "get_started"]);

/** The rationale without its score arithmetic ("Urgency 1 × impact 0.8."). */
export function signalsOf(rationale: string): string {
  return rationale.replace(/\s*Urgency [\d.]+ × impact [\d.]+\.\s*$/, "");
}

/** Critical when the top action is due now and matters; a warning when it scores 0.3 or more. */
export function nextActionSeverity(actions: readonly NextAction[]): Severity {
  const top = actions[0];
  if (!top || ROUTINE_KINDS.has(top.item.kind)) return "success";
  if (top.item.urgency >= 0.9 && top.item.impact >= 0.7) return "critical";
  return top.score >= 0.3 ? "warning" : "info";
}

/**
 * "Next: 1. Chase 2 late hero samples; 2. ... Late hero samples: Gown (2 days late)."
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { recommendationsAnswer } from "./recommendations.ts";
 *
 * const answer = recommendationsAnswer([]);
 * equal(answer.severity, "success");
 * ```
 */
export function recommendationsAnswer(actions: readonly NextAction[]): SkillAnswer {
  if (actions.length === 0) {
    return {
      content: "Nothing needs you right now: no late heroes, blocked or due tasks, staffing " +
        "gaps or missing shots.",
      severity: "success",
      followUp: FOLLOW_UPS.recommendations,
      facts: { nextActions: [] },
    };
  }
  const steps = actions.map((a, i) => `${i + 1}. ${a.item.title}`).join("; ");
  const content = `Next: ${steps}. ${signalsOf(actions[0].rationale)}`.trim();
  const linked = actions.filter((a) => a.action).slice(0, 3);
  return {
    content,
    severity: nextActionSeverity(actions),
    actions: linked.map((a, i) => ({
      label: a.item.title,
      target: a.action!,
      ...(i === 0 ? { primary: true } : {}),
    })),
    followUp: FOLLOW_UPS.recommendations,
    facts: {
      nextActions: actions.map((a) => ({
        title: a.item.title,
        score: a.score,
        urgency: a.item.urgency,
        impact: a.item.impact,
        signals: signalsOf(a.rationale),
      })),
    },
  };
}
