/**
 * media-scorer: quality scores, missing shots and selects of shoot photos, over the lists
 * in the body or the caller's stored gallery and shot list.
 */
import { analyzeMedia, mediaPartsFor } from "../_shared/analysis/media.ts";
import { MediaRequestSchema } from "../_shared/analysis/schemas.ts";
import { assertListSize, pick, runAnalyzer } from "../_shared/analyzer.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { createFunctionHandler, type FunctionRoute } from "../_shared/serve.ts";
import {
  type BrandSettings,
  loadBrandSettings,
  loadStoredMedia,
  storedMediaContext,
} from "../_shared/stored/media.ts";

const ALL_PARTS = mediaPartsFor("all");
const RESPONSE_KEYS = { quality: "qualityScores", missing: "missingShots", selects: "selects" };

const analyzeRoute: FunctionRoute = {
  method: "POST",
  path: "/",
  // Admission rides with the cache lookup: the brand keywords of the settings are not part of
  // the key (a change of them drops the user's media entries in the database), so they are
  // read only to compute.
  admitsInHandler: true,
  handler: (req, { ctx }) =>
    runAnalyzer(req, ctx, {
      type: "media",
      schema: MediaRequestSchema,
      listsOf: (raw) => ({ assets: raw.assets, shotList: raw.shotList }),
      bodyDecides: true,
      plan(body) {
        const supplied = body.assets !== undefined || body.shotList !== undefined;
        let settings: BrandSettings | undefined;
        return {
          storedContext: supplied ? undefined : storedMediaContext(body.topN, body.brandKeywords),
          settingsRead: () => settings?.version,
          async compute() {
            // Keywords in the body win; otherwise the caller's settings.
            const [brandKeywords, input] = await Promise.all([
              body.brandKeywords ??
                loadBrandSettings(ctx.db(), ctx.user.claims).then((read) => {
                  settings = read;
                  return read.keywords;
                }),
              supplied
                ? { assets: body.assets ?? [], shotList: body.shotList ?? [] }
                : loadStoredMedia(ctx.db(), ctx.user.claims),
            ]);
            const options = { topN: body.topN, brandKeywords };
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
