import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, notImplementedRoutes } from "../_shared/serve.ts";

/** Builds the preferences handler; `env` overrides the environment (tests, local stack). */
export function createPreferencesHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "preferences", env, routes: notImplementedRoutes() });
}

export const handler = createPreferencesHandler();
