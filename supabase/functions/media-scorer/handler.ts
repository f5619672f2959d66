/**
 * media-scorer: quality scores, missing shots and selects of shoot photos, over the lists
 * in the body or the caller's stored gallery and shot list.
 */
import { analyzeMedia, mediaPartsFor } from "../_shared/analysis/media.ts";
import { MediaRequestSchema } from "../_shared/analysis/schemas.ts";
import { assertListSize, bodyDigest, pick, runAnalyzer } from "../_shared/analyzer.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, type FunctionRoute } from "../_shared/serve.ts";
import { loadBrandKeywords, loadStoredMedia } from "../_shared/stored/media.ts";

const ALL_PARTS = mediaPartsFor("all");
const RESPONSE_KEYS = { quality: "qualityScores", missing: "missingShots", selects: "selects" };

const analyzeRoute: FunctionRoute = {
  method: "POST",
  path: "/",
  // Admitted before the handler: the brand keywords it reads from the settings (a query of its
  // own) are part of every cache key.
  handler: (req, { ctx }) =>
    runAnalyzer(req, ctx, {
      type: "media",
      schema: MediaRequestSchema,
      listsOf: (raw) => ({ assets: raw.assets, shotList: raw.shotList }),
      bodyDecides: false,
      async plan(body) {
        const supplied = body.assets !== undefined || body.shotList !== undefined;
        // Keywords in the body win; otherwise the caller's settings. They are part of the cache
        // key, so changing them in the settings is seen on the next call.
        const brandKeywords = body.brandKeywords ??
          await loadBrandKeywords(ctx.db(), ctx.user.claims);
        const options = { topN: body.topN, brandKeywords };
        const optionsKey = bodyDigest(JSON.stringify(options));
        return {
          storedContext: supplied ? undefined : `stored:${optionsKey}`,
          suppliedDependsOn: optionsKey,
          async compute() {
            const input = supplied
              ? { assets: body.assets ?? [], shotList: body.shotList ?? [] }
              : await loadStoredMedia(ctx.db(), ctx.user.claims);
            assertListSize("assets", input.assets);
            assertListSize("shotList", input.shotList);
            return analyzeMedia(input, ALL_PARTS, options);
          },
          select: (full: ReturnType<typeof analyzeMedia>) =>
            pick(full, [...mediaPartsFor(body.analysisType)].map((part) => RESPONSE_KEYS[part])),
        };
      },
    }),
};

/** Builds the media-scorer handler; `env` overrides the environment. */
export function createMediaScorerHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "media-scorer", env, routes: [analyzeRoute] });
}

export const handler = createMediaScorerHandler();
