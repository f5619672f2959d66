/**
 * The model path of a generation: Claude through the caller's effective AI configuration
 * (`callModel`), improving the template's best draft, within the chat's 5 s budget. No key, an
 * exhausted budget, a timeout or any upstream problem falls back to the template engine,
 * which always answers. @module
 */
import { callModel } from "../_shared/llm/model.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { type Composition, compositionWithText } from "./compose.ts";
import type { Draft } from "./kinds/kind.ts";
import { composeCall } from "./prompt.ts";
import type { ComposeRequest } from "./schemas.ts";

/** How long the model may take before the template's answer is used (the chat's budget). */
export const MODEL_BUDGET_MS = 5_000;

/** The model's composition, or undefined to fall back to the template engine. */
export async function generateWithModel(
  req: Request,
  ctx: FunctionContext,
  request: ComposeRequest,
  draft: Draft,
): Promise<Composition | undefined> {
  const outcome = await callModel(ctx, {
    ...composeCall(request, draft),
    signal: req.signal,
    budgetMs: MODEL_BUDGET_MS,
  });
  const text = outcome.ok ? outcome.text.trim() : "";
  return text ? compositionWithText(text, draft) : undefined;
}
