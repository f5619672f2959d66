/**
 * The model layer's contract: what chat and compose hand to `callModel` (model.ts) and what
 * they get back. Upstream problems are outcomes, never exceptions: a caller falls back to its
 * deterministic answer on `ok: false`.
 */

/** A tool the model may call; `run` does the work and its result goes back as the tool_result. */
export interface ModelTool {
  name: string; // [a-z_]+
  description: string;
  inputSchema: { type: "object"; properties: Record<string, unknown>; required?: string[] };
  /** JSON-serializable result, sent back to the model as the tool_result. */
  run(input: Record<string, unknown>): Promise<unknown>;
}

/** One call to the model, tool rounds and retries included. */
export interface ModelCall {
  feature: "chat" | "compose";
  system: string;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
  tools?: ModelTool[];
  /** Given → a streaming request; called with each text delta as it arrives. */
  onTextDelta?: (text: string) => void;
  /** The client went away → abort the upstream call. */
  signal?: AbortSignal;
  /** Total budget including tool rounds and retries; default 5000. */
  budgetMs?: number;
}

/** Why there is no model answer. */
export type ModelFailure =
  | "no_key"
  | "over_budget"
  | "timeout"
  | "rate_limited"
  | "overloaded"
  | "upstream_error"
  | "network"
  | "malformed"
  | "aborted";

export type ModelOutcome =
  | {
    ok: true;
    text: string;
    toolResults: Array<{ name: string; input: unknown; result: unknown }>;
    model: string;
    usage: { inputTokens: number; outputTokens: number };
    costUsd: number;
  }
  | { ok: false; reason: ModelFailure; note?: string };
