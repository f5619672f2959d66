/**
 * The model path of a generation. The shared model layer (`_shared/llm/model.ts`) is not in the
 * tree yet: until it is, every generation is the template engine's, which always answers.
 * @module
 */
import type { FunctionContext } from "../_shared/serve.ts";
import type { Composition } from "./compose.ts";
import type { Draft } from "./kinds/kind.ts";
import type { ComposeRequest } from "./schemas.ts";

/** How long the model may take before the template's answer is used (the chat's budget). */
export const MODEL_BUDGET_MS = 5_000;

/** The model's composition, or undefined to fall back to the template engine. */
export function generateWithModel(
  _req: Request,
  _ctx: FunctionContext,
  _request: ComposeRequest,
  _draft: Draft,
): Promise<Composition | undefined> {
  return Promise.resolve(undefined);
}
