import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, notImplementedRoutes } from "../_shared/serve.ts";

/** Builds the compose handler; `env` overrides the environment (tests, local stack). */
export function createComposeHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "compose", env, routes: notImplementedRoutes() });
}

export const handler = createComposeHandler();
