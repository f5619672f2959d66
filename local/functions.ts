/** The seven functions, by URL name, built with the local stack's environment. */
import type { FunctionEnv } from "../supabase/functions/_shared/env.ts";
import { createChatOrchestratorHandler } from "../supabase/functions/chat-orchestrator/handler.ts";
import { createComposeHandler } from "../supabase/functions/compose/handler.ts";
import { createEventsOptimizerHandler } from "../supabase/functions/events-optimizer/handler.ts";
import { createLogisticsAnalyzerHandler } from "../supabase/functions/logistics-analyzer/handler.ts";
import { createMediaScorerHandler } from "../supabase/functions/media-scorer/handler.ts";
import { createPreferencesHandler } from "../supabase/functions/preferences/handler.ts";
import { createRecommendationsHandler } from "../supabase/functions/recommendations/handler.ts";

export type FunctionHandler = (req: Request) => Promise<Response>;

export function localFunctions(env: Partial<FunctionEnv>): Map<string, FunctionHandler> {
  return new Map([
    ["chat-orchestrator", createChatOrchestratorHandler(env)],
    ["logistics-analyzer", createLogisticsAnalyzerHandler(env)],
    ["events-optimizer", createEventsOptimizerHandler(env)],
    ["media-scorer", createMediaScorerHandler(env)],
    ["recommendations", createRecommendationsHandler(env)],
    ["compose", createComposeHandler(env)],
    ["preferences", createPreferencesHandler(env)],
  ]);
}
