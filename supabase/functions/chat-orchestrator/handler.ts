import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, notImplementedRoutes } from "../_shared/serve.ts";

/** Builds the chat-orchestrator handler; `env` overrides the environment (tests, local stack). */
export function createChatOrchestratorHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "chat-orchestrator", env, routes: notImplementedRoutes() });
}

export const handler = createChatOrchestratorHandler();
