/** Quality scores for gallery assets: technical, composition and brand factors. @module */
import { normalizeShotType } from "./_shot_type.ts";
import type { AssetStatus, GalleryAsset } from "./schemas.ts";

export interface QualityFactors {
  /** Resolution, sharpness and exposure, 0-100. */
  technical: number;
  /** Aspect-ratio fit for the shot type, 0-100. */
  composition: number;
  /** Tag match with the brand keywords, 0-100; null when no keywords were given. */
  brand: number | null;
}

export interface QualityScore {
  assetId: string;
  lookId: string | null;
  shotType: string | null;
  /** `pending` when the asset has no status. */
  status: AssetStatus;
  /** Weighted factors, 0-100, rounded to an integer. */
  score: number;
  /** Each factor rounded to an integer. */
  factors: QualityFactors;
}

export interface QualityOptions {
  brandKeywords?: readonly string[];
}

/**
 * Factor weights. Without brand keywords there is nothing to judge the brand fit against, so
 * the brand factor is left out (null) and the other two keep their 5:3 proportion.
 */
const WEIGHTS_WITH_BRAND = { technical: 0.5, composition: 0.3, brand: 0.2 };
const WEIGHTS_WITHOUT_BRAND = { technical: 0.625, composition: 0.375, brand: 0 };

/** Technical sub-weights: sharpness matters most for fashion detail. */
const TECHNICAL_WEIGHTS = { resolution: 0.3, sharpness: 0.4, exposure: 0.3 };

/** The score for a measurement that is missing: unknown is neither good nor bad. */
const NEUTRAL = 50;

/** Resolution: 1 MP or less scores 0, 12 MP or more (an A4 print at 300 dpi) scores 100. */
const MIN_MEGAPIXELS = 1;
const FULL_MEGAPIXELS = 12;

/** Exposure: 0 EV scores 100, falling linearly to 0 at 2 stops over or under. */
const EXPOSURE_ZERO_AT_EV = 2;

/**
 * Preferred aspect ratios (width / height) per shot type; an asset is scored against the
 * nearest one. Unknown or missing shot types get the neutral score.
 */
export const PREFERRED_ASPECT_RATIOS: Readonly<Record<string, readonly number[]>> = {
  full_length: [2 / 3],
  runway: [2 / 3],
  three_quarter: [2 / 3, 4 / 5],
  portrait: [2 / 3, 4 / 5],
  close_up: [4 / 5, 1],
  beauty: [4 / 5, 1],
  detail: [1, 4 / 5],
  flat_lay: [1, 4 / 5],
  landscape: [3 / 2],
  wide: [3 / 2, 16 / 9],
  group: [3 / 2, 16 / 9],
};

/** A ratio 1.5 times off the preferred one (e.g. square for a 2:3 shot) scores 0. */
const ASPECT_ZERO_AT = Math.log(1.5);

/** Three matching keywords (or all of them, if fewer were given) earn the full brand score. */
const KEYWORDS_FOR_FULL_BRAND = 3;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

function technicalScore(asset: GalleryAsset): number {
  const megapixels = (asset.width * asset.height) / 1e6;
  const resolution = 100 *
    clamp01((megapixels - MIN_MEGAPIXELS) / (FULL_MEGAPIXELS - MIN_MEGAPIXELS));
  const sharpness = asset.sharpness == null ? NEUTRAL : 100 * clamp01(asset.sharpness);
  const exposure = asset.exposure == null
    ? NEUTRAL
    : 100 * clamp01(1 - Math.abs(asset.exposure) / EXPOSURE_ZERO_AT_EV);
  return TECHNICAL_WEIGHTS.resolution * resolution +
    TECHNICAL_WEIGHTS.sharpness * sharpness +
    TECHNICAL_WEIGHTS.exposure * exposure;
}

function compositionScore(asset: GalleryAsset): number {
  const shotType = asset.shotType == null ? undefined : normalizeShotType(asset.shotType);
  // hasOwn, so a shot type such as "constructor" is unknown rather than Object.prototype's.
  if (shotType === undefined || !Object.hasOwn(PREFERRED_ASPECT_RATIOS, shotType)) return NEUTRAL;
  const preferred = PREFERRED_ASPECT_RATIOS[shotType];
  const ratio = asset.width / asset.height;
  // Compare ratios on a log scale so 2:3 vs 3:2 is as far off as 3:2 vs 2:3.
  const best = Math.min(...preferred.map((target) => Math.abs(Math.log(ratio / target))));
  return 100 * clamp01(1 - best / ASPECT_ZERO_AT);
}

function brandScore(asset: GalleryAsset, keywords: ReadonlySet<string>): number {
  // No tags means nothing is known about the content, which is not the same as a mismatch.
  if (!asset.tags || asset.tags.length === 0) return NEUTRAL;
  let matched = 0;
  for (const tag of new Set(asset.tags.map((tag) => tag.trim().toLowerCase()))) {
    if (keywords.has(tag)) matched += 1;
  }
  return 100 * clamp01(matched / Math.min(KEYWORDS_FOR_FULL_BRAND, keywords.size));
}

/**
 * Scores every asset (rejected ones too; selection filters them later), in input order.
 * Tags match keywords case-insensitively and whole-word.
 *
 * @example A sharp, well-exposed 24 MP full-length shot
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { qualityScores } from "./quality.ts";
 *
 * const [scored] = qualityScores([{
 *   id: "a1", shotType: "full_length", width: 4000, height: 6000, sharpness: 1, exposure: 0,
 * }]);
 * deepEqual(scored.factors, { technical: 100, composition: 100, brand: null });
 * ```
 */
export function qualityScores(
  assets: readonly GalleryAsset[],
  options: QualityOptions = {},
): QualityScore[] {
  const keywords = new Set(
    (options.brandKeywords ?? []).map((word) => word.trim().toLowerCase()).filter(Boolean),
  );
  const weights = keywords.size > 0 ? WEIGHTS_WITH_BRAND : WEIGHTS_WITHOUT_BRAND;

  return assets.map((asset) => {
    const technical = technicalScore(asset);
    const composition = compositionScore(asset);
    const brand = keywords.size > 0 ? brandScore(asset, keywords) : null;
    const score = weights.technical * technical +
      weights.composition * composition +
      weights.brand * (brand ?? 0);
    return {
      assetId: asset.id,
      lookId: asset.lookId ?? null,
      shotType: asset.shotType ?? null,
      status: asset.status ?? "pending",
      score: Math.round(score),
      factors: {
        technical: Math.round(technical),
        composition: Math.round(composition),
        brand: brand === null ? null : Math.round(brand),
      },
    };
  });
}
