import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, notImplementedRoutes } from "../_shared/serve.ts";

/** Builds the media-scorer handler; `env` overrides the environment (tests, local stack). */
export function createMediaScorerHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "media-scorer", env, routes: notImplementedRoutes() });
}

export const handler = createMediaScorerHandler();
