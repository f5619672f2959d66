import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, notImplementedRoutes } from "../_shared/serve.ts";

/** Builds the recommendations handler; `env` overrides the environment (tests, local stack). */
export function createRecommendationsHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "recommendations", env, routes: notImplementedRoutes() });
}

export const handler = createRecommendationsHandler();
