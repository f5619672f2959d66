import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, notImplementedRoutes } from "../_shared/serve.ts";

/** Builds the events-optimizer handler; `env` overrides the environment (tests, local stack). */
export function createEventsOptimizerHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "events-optimizer", env, routes: notImplementedRoutes() });
}

export const handler = createEventsOptimizerHandler();
