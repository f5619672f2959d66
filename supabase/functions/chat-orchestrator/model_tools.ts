/**
 * What the model is given and what is kept of its answer: the skills as tools, the system
 * prompt, the conversation as the Messages API takes it, and the rule that every figure in
 * the model's text comes from a tool result (else the rules' answer is given instead).
 * Pure: the tools run whatever `run` the caller passes.
 */
import type { Kit, SkillAnswer, SkillName } from "./types.ts";
import { worse } from "./format.ts";

/** The skills the model may call, by tool name, with what each answers. */
export const CHAT_TOOLS: ReadonlyArray<{ name: string; skill: SkillName; description: string }> = [
  {
    name: "readiness",
    skill: "readiness",
    description:
      "How ready the shoot's samples are: percent on set or shot, heroes, least ready categories.",
  },
  {
    name: "blockers",
    skill: "blockers",
    description: "Samples that are late or arrive after their shoot, worst first, with what to do.",
  },
  {
    name: "batching",
    skill: "batching",
    description: "How to batch the remaining samples by category and the minutes it saves.",
  },
  {
    name: "critical_path",
    skill: "critical_path",
    description:
      "Whether the event's setup finishes before the start, the critical chain and tasks at risk.",
  },
  {
    name: "staffing",
    skill: "staffing",
    description: "Roles of the event that are short of people.",
  },
  {
    name: "run_of_show",
    skill: "run_of_show",
    description: "The event's setup, show and teardown blocks and overruns.",
  },
  {
    name: "deadlines",
    skill: "deadlines",
    description: "Event tasks overdue or due in the next 24 hours.",
  },
  {
    name: "missing_shots",
    skill: "missing_shots",
    description: "Shot-list items the gallery does not cover yet.",
  },
  {
    name: "quality",
    skill: "quality",
    description: "Quality scores of the gallery's photos and the weak ones.",
  },
  {
    name: "selects",
    skill: "selects",
    description: "The best photos to select, with some variety across looks.",
  },
  {
    name: "recommendations",
    skill: "recommendations",
    description: "What the producer should do next, ranked by urgency and impact.",
  },
  {
    name: "navigate",
    skill: "navigation",
    description: "A deep link to a page of the app; give the destination in a few words.",
  },
];

const TOOL_SKILL = new Map(CHAT_TOOLS.map((t) => [t.name, t.skill]));

/** The skill a tool name stands for. */
export function skillOfTool(name: string): SkillName | undefined {
  return TOOL_SKILL.get(name);
}

/** The tool's input schema: none but `navigate`'s destination. */
export function toolInputSchema(name: string) {
  return name === "navigate"
    ? {
      type: "object" as const,
      properties: { destination: { type: "string", description: "e.g. late samples, gallery" } },
      required: ["destination"],
    }
    : { type: "object" as const, properties: {} };
}

/** What a tool hands back to the model: the rules' sentence and the figures behind it. */
export function toolResultOf(answer: SkillAnswer): Record<string, unknown> {
  return {
    summary: answer.content,
    ...(answer.severity ? { severity: answer.severity } : {}),
    ...(answer.facts !== undefined ? { facts: answer.facts } : {}),
  };
}

/** The system prompt: the role, the one rule about figures, where the producer is. */
export function systemPrompt(kit: Kit, route: string | undefined): string {
  return [
    "You are the FashionOS assistant for fashion producers: samples for shoots (logistics),",
    "events, and shoot photos (media). Answer in at most three short sentences, plainly.",
    "Every number you write must come from a tool result in this conversation: call the tool",
    "that answers the question first, and never estimate or invent a figure. If no tool",
    "answers it, say what you can help with instead. Do not list links: the app shows them.",
    `The producer is in the ${kit} kit${route ? ` on ${route}` : ""}.`,
  ].join(" ");
}

/**
 * The conversation as the Messages API takes it: user first, roles alternating (runs of one
 * role joined), empty turns dropped, the new message last.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { modelMessages } from "./model_tools.ts";
 *
 * deepEqual(modelMessages([{ role: "assistant", content: "Hi" }, { role: "user", content: "a" }], "b"), [
 *   { role: "user", content: "a\n\nb" },
 * ]);
 * ```
 */
export function modelMessages(
  history: ReadonlyArray<{ role: "user" | "assistant"; content: string }>,
  message: string,
): Array<{ role: "user" | "assistant"; content: string }> {
  const out: Array<{ role: "user" | "assistant"; content: string }> = [];
  for (const turn of [...history, { role: "user" as const, content: message }]) {
    if (!turn.content.trim()) continue;
    if (out.length === 0 && turn.role === "assistant") continue;
    const last = out[out.length - 1];
    if (last?.role === turn.role) last.content += `\n\n${turn.content}`;
    else out.push({ role: turn.role, content: turn.content });
  }
  return out;
}

const NUMBER = /\d+(?:[.,]\d+)*/g;

/** The numbers a text holds (`1,200` is 1200; `62.5` stays). */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(NUMBER)].map((m) => Number(m[0].replaceAll(",", "")))
    .filter((n) => Number.isFinite(n));
}

/**
 * True when every number in the model's `text` is one the tool results (or the producer's own
 * words) hold, as given or rounded to a whole number; list numbering (`1.` at the start of a
 * line) is not a figure. The answer of a model that wrote a figure of its own is not used.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { figuresGrounded } from "./model_tools.ts";
 *
 * const results = [{ result: { facts: { percent: 62.5, ready: 5, total: 8 } } }];
 * equal(figuresGrounded("Readiness is 63%: 5 of 8 ready.", results, ""), true);
 * equal(figuresGrounded("Readiness is 70%.", results, ""), false);
 * ```
 */
export function figuresGrounded(
  text: string,
  toolResults: ReadonlyArray<{ result: unknown }>,
  said: string,
): boolean {
  const known = new Set<number>();
  const add = (n: number) => {
    known.add(n);
    known.add(Math.round(n));
  };
  for (const n of numbersIn(JSON.stringify(toolResults.map((r) => r.result)))) add(n);
  for (const n of numbersIn(said)) add(n);
  const prose = text.replace(/^\s*\d+[.)]\s/gm, "");
  return numbersIn(prose).every((n) => known.has(n));
}

/**
 * The answer around the model's text: the skills' actions (the first one primary, at most
 * four), the last skill's follow-ups and the worst severity, from the answers of the tools it
 * called; with no tool called, the rules' own.
 */
export function modelAnswerShape(
  called: ReadonlyArray<{ skill: SkillName; answer: SkillAnswer }>,
  rules: SkillAnswer,
): Omit<SkillAnswer, "content"> & { skill?: SkillName } {
  if (called.length === 0) {
    return { severity: rules.severity, actions: rules.actions, followUp: rules.followUp };
  }
  const actions = [];
  const seen = new Set<string>();
  let severity: SkillAnswer["severity"];
  for (const { answer } of called) {
    severity = worse(severity, answer.severity);
    for (const action of answer.actions ?? []) {
      if (seen.has(action.target)) continue;
      seen.add(action.target);
      actions.push({ label: action.label, target: action.target });
    }
  }
  const last = called[called.length - 1];
  return {
    skill: last.skill,
    severity,
    actions: actions.slice(0, 4).map((a, i) => (i === 0 ? { ...a, primary: true } : a)),
    followUp: last.answer.followUp,
  };
}
