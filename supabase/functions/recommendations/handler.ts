/**
 * recommendations: service packages, next actions or features for the caller, from their stored
 * work, cached 5 minutes per user and input in the analyzers' cache and dropped by the
 * database's triggers when the rows they came from change.
 */
import { bodyDigest, runAnalyzer } from "../_shared/analyzer.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { httpError } from "../_shared/errors.ts";
import {
  createFunctionHandler,
  type FunctionContext,
  type FunctionRoute,
} from "../_shared/serve.ts";
import { recommendFeatures } from "./features.ts";
import { nextActions } from "./next_actions.ts";
import { scorePackages } from "./packages.ts";
import type { Recommendation } from "./recommendation.ts";
import {
  cacheInputs,
  type RecommendationsRequest,
  RecommendationsRequestSchema,
  timelineDate,
} from "./request.ts";
import { loadFeatureSignals, loadPackageInputs } from "./stored_signals.ts";
import { loadUserWork } from "./stored_work.ts";

/** How long a browser may reuse an answer: the cache entry's life (INSIGHT_TTL_SECONDS). */
const CACHE_CONTROL = "private, max-age=300";

async function recommend(
  ctx: FunctionContext,
  body: RecommendationsRequest,
  now: Date,
): Promise<Recommendation<unknown>[]> {
  const sql = ctx.db();
  const { claims } = ctx.user;
  switch (body.recommendationType) {
    case "packages": {
      const { catalogue, signals } = await loadPackageInputs(sql, claims);
      const timeline = body.context.timeline;
      return scorePackages(catalogue, signals, {
        budget: body.context.budget,
        deadline: timeline === undefined ? undefined : timelineDate(timeline, now),
      }, now);
    }
    case "next_actions":
      return nextActions(await loadUserWork(sql, claims), now);
    case "features":
      return recommendFeatures(
        await loadFeatureSignals(sql, claims, ctx.user.isAdmin),
        body.context,
      );
  }
}

const recommendRoute: FunctionRoute = {
  method: "POST",
  path: "/",
  admitsInHandler: true,
  handler: async (req, { ctx }) => {
    const response = await runAnalyzer(req, ctx, {
      type: "recommendations",
      schema: RecommendationsRequestSchema,
      listsOf: () => ({}),
      bodyDecides: false,
      plan(body) {
        // The user is the token's `sub`; a body naming someone else is refused, not ignored.
        if (
          body.userId !== undefined && body.userId.toLowerCase() !== ctx.user.userId.toLowerCase()
        ) {
          throw httpError("forbidden", "userId in the body is not the signed-in user");
        }
        const now = new Date();
        const type = body.recommendationType;
        const inputs = cacheInputs(type, body.context, ctx.user.isAdmin);
        return {
          // One entry per user (the cache key's user), type and input; the triggers of
          // migration 20261122001500 delete it when the rows it was computed from change.
          storedContext: `${type}:${bodyDigest(JSON.stringify(inputs))}`,
          compute: async () => ({
            recommendationType: type,
            recommendations: await recommend(ctx, body, now),
          }),
          select: (full: Record<string, unknown>) => full,
          selectsAll: true,
        };
      },
    });
    response.headers.set("Cache-Control", CACHE_CONTROL);
    return response;
  },
};

/** Builds the recommendations handler; `env` overrides the environment (tests, local stack). */
export function createRecommendationsHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "recommendations", env, routes: [recommendRoute] });
}

export const handler = createRecommendationsHandler();
