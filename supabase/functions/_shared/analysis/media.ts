/**
 * The media scorer: quality scores, missing shots and selects for a gallery.
 *
 * @module
 */
import { type MissingShot, missingShots } from "./missing_shots.ts";
import { type QualityScore, qualityScores } from "./quality.ts";
import type { GalleryAsset, MediaAnalysisType, ShotItem } from "./schemas.ts";
import { pickSelects, type Select } from "./selects.ts";

export { type MissingShot, missingShots } from "./missing_shots.ts";
export {
  PREFERRED_ASPECT_RATIOS,
  type QualityFactors,
  type QualityOptions,
  type QualityScore,
  qualityScores,
} from "./quality.ts";
export { DEFAULT_CAP_PER_GROUP, pickSelects, type Select, type SelectOptions } from "./selects.ts";

export type MediaPart = "quality" | "missing" | "selects";

export interface MediaInput {
  assets: readonly GalleryAsset[];
  shotList: readonly ShotItem[];
}

export interface MediaOptions {
  brandKeywords?: readonly string[];
  /** Default 12. */
  topN?: number;
  /** Default 2. */
  capPerGroup?: number;
}

export interface MediaAnalysis {
  qualityScores?: QualityScore[];
  missingShots?: MissingShot[];
  selects?: Select[];
}

export const DEFAULT_TOP_N = 12;

const ALL_MEDIA_PARTS: readonly MediaPart[] = ["quality", "missing", "selects"];

/**
 * The parts an `analysisType` asks for: `"all"` means every part.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { mediaPartsFor } from "./media.ts";
 *
 * equal(mediaPartsFor("all").size, 3);
 * ```
 */
export function mediaPartsFor(analysisType: MediaAnalysisType): Set<MediaPart> {
  return new Set(analysisType === "all" ? ALL_MEDIA_PARTS : [analysisType]);
}

/**
 * Runs the requested parts; selects reuse the quality scores, which are computed once.
 *
 * @example Missing shots only
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { analyzeMedia } from "./media.ts";
 *
 * const result = analyzeMedia({ assets: [], shotList: [] }, new Set(["missing"]));
 * deepEqual(result, { missingShots: [] });
 * ```
 */
export function analyzeMedia(
  input: MediaInput,
  parts: ReadonlySet<MediaPart>,
  options: MediaOptions = {},
): MediaAnalysis {
  const analysis: MediaAnalysis = {};
  const scores = parts.has("quality") || parts.has("selects")
    ? qualityScores(input.assets, { brandKeywords: options.brandKeywords })
    : [];
  if (parts.has("quality")) analysis.qualityScores = scores;
  if (parts.has("missing")) analysis.missingShots = missingShots(input.assets, input.shotList);
  if (parts.has("selects")) {
    analysis.selects = pickSelects(scores, {
      topN: options.topN ?? DEFAULT_TOP_N,
      capPerGroup: options.capPerGroup,
    });
  }
  return analysis;
}
