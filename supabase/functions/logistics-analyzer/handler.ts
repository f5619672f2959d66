/**
 * logistics-analyzer: readiness, blockers and batching of shoot samples, over the list in
 * the body or the caller's stored samples.
 */
import { analyzeLogistics, logisticsPartsFor } from "../_shared/analysis/logistics.ts";
import { LogisticsRequestSchema } from "../_shared/analysis/schemas.ts";
import { assertListSize, pick, runAnalyzer } from "../_shared/analyzer.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, type FunctionRoute } from "../_shared/serve.ts";
import { loadStoredSamples } from "../_shared/stored/samples.ts";

const ALL_PARTS = logisticsPartsFor("all");

const analyzeRoute: FunctionRoute = {
  method: "POST",
  path: "/",
  admitsInHandler: true,
  handler: (req, { ctx }) =>
    runAnalyzer(req, ctx, {
      type: "logistics",
      schema: LogisticsRequestSchema,
      listsOf: (raw) => ({ sampleList: raw.sampleList }),
      bodyDecides: true,
      plan(body) {
        const now = new Date();
        return {
          // Stored samples: one entry per user, deleted by the samples trigger on any change.
          storedContext: body.sampleList ? undefined : "samples",
          async compute() {
            const samples = body.sampleList ?? await loadStoredSamples(ctx.db(), ctx.user.claims);
            assertListSize("samples", samples);
            return analyzeLogistics(samples, ALL_PARTS, now);
          },
          select: (full: ReturnType<typeof analyzeLogistics>) =>
            pick(full, logisticsPartsFor(body.analysisType)),
          // the whole result has exactly the parts of "all" (analyzeLogistics leaves out no other)
          selectsAll: body.analysisType === "all",
        };
      },
    }),
};

/** Builds the logistics-analyzer handler; `env` overrides the environment. */
export function createLogisticsAnalyzerHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "logistics-analyzer", env, routes: [analyzeRoute] });
}

export const handler = createLogisticsAnalyzerHandler();
