import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, notImplementedRoutes } from "../_shared/serve.ts";

/** Builds the logistics-analyzer handler; `env` overrides the environment (tests, local stack). */
export function createLogisticsAnalyzerHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "logistics-analyzer", env, routes: notImplementedRoutes() });
}

export const handler = createLogisticsAnalyzerHandler();
