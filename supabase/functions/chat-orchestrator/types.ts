/** The shapes the assistant speaks in: intents, skills, actions and answers. */

/** The part of the app the producer is in; anything else is `general`. */
export type Kit = "logistics" | "events" | "media" | "general";

export type Intent = "navigation" | "question" | "action" | "help";

/** Every skill, by the question it answers. */
export type SkillName =
  | "readiness"
  | "blockers"
  | "batching"
  | "critical_path"
  | "staffing"
  | "run_of_show"
  | "deadlines"
  | "quality"
  | "missing_shots"
  | "selects"
  | "recommendations"
  | "navigation"
  | "help";

export type Severity = "info" | "warning" | "critical" | "success";

/** A deep link into the app. */
export interface Action {
  label: string;
  target: string;
  primary?: boolean;
}

/** What a skill answers: the text with its figures, and what to do or ask next. */
export interface SkillAnswer {
  content: string;
  severity?: Severity;
  actions?: Action[];
  followUp?: string[];
  /** The figures behind the text, as a model tool result (JSON). */
  facts?: unknown;
}

/** The response of `POST /chat-orchestrator`. */
export interface ChatResponse {
  content: string;
  type: "text" | "action" | "navigation";
  severity?: Severity;
  actions?: Action[];
  followUp?: string[];
  /** Why the answer is the rules' although a model is configured (over the AI budget). */
  note?: string;
  responseTime: number;
  intent: Intent;
  skill: SkillName;
  conversationId: string;
  source: "rules" | "model";
}
