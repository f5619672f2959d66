/**
 * The next questions offered after an answer: each is a phrasing the rules read as the skill
 * it names (intent_test.ts checks every one), so a tap on it is always answered.
 */
import type { Kit, SkillName } from "../types.ts";

export const FOLLOW_UPS: Record<Exclude<SkillName, "help" | "navigation">, string[]> = {
  readiness: [
    "Which samples are late?",
    "How should I batch the samples?",
    "What should I do next?",
  ],
  blockers: ["What is our readiness?", "How should I batch the samples?", "What should I do next?"],
  batching: ["What is our readiness?", "Which samples are late?"],
  critical_path: [
    "Are we short of staff?",
    "What is due in the next 24 hours?",
    "What does the run of show look like?",
  ],
  staffing: ["Are we on track?", "What is due in the next 24 hours?"],
  run_of_show: ["Are we on track?", "Are we short of staff?"],
  deadlines: ["Are we on track?", "What should I do next?"],
  quality: ["What are the best selects?", "Which shots are missing?"],
  missing_shots: ["What are the best selects?", "How good is the photo quality?"],
  selects: ["Which shots are missing?", "How good is the photo quality?"],
  recommendations: ["Which samples are late?", "Are we on track?", "Which shots are missing?"],
};

/** What to ask in a kit, offered by help and when a message could not be read. */
export const KIT_SUGGESTIONS: Record<Kit, string[]> = {
  logistics: [
    "What is our readiness?",
    "Which samples are late?",
    "How should I batch the samples?",
  ],
  events: ["Are we on track?", "Are we short of staff?", "What is due in the next 24 hours?"],
  media: [
    "Which shots are missing?",
    "What are the best selects?",
    "How good is the photo quality?",
  ],
  general: ["What should I do next?", "Which samples are late?", "Which shots are missing?"],
};
