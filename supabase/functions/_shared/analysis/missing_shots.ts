/** Shot-list items that the gallery does not cover yet. @module */
import { lookShotKey } from "./_shot_type.ts";
import type { GalleryAsset, ShotItem } from "./schemas.ts";

export interface MissingShot {
  shotItemId: string;
  lookId: string;
  shotType: string;
  required: boolean;
  /** The item's `quantity`. */
  needed: number;
  /** Assets counted towards this item. */
  have: number;
  missing: number;
}

/**
 * Compares the shot list with the assets that are not rejected, matching on `lookId` and
 * `shotType` (shot types ignore case, spaces and hyphens). Each asset covers one unit of one
 * item; when several items ask for the same look and shot type, required items are served
 * first, then shot-list order. Returns only items still short, required first, then in
 * shot-list order.
 *
 * @example One of two required back shots exists
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { missingShots } from "./missing_shots.ts";
 *
 * const [gap] = missingShots(
 *   [{ id: "a1", lookId: "L1", shotType: "back", width: 2000, height: 3000 }],
 *   [{ id: "s1", lookId: "L1", shotType: "back", quantity: 2, required: true }],
 * );
 * equal(gap.missing, 1);
 * ```
 */
export function missingShots(
  assets: readonly GalleryAsset[],
  shotList: readonly ShotItem[],
): MissingShot[] {
  const available = new Map<string, number>();
  for (const asset of assets) {
    if (asset.status === "rejected" || asset.lookId == null || asset.shotType == null) continue;
    const key = lookShotKey(asset.lookId, asset.shotType);
    available.set(key, (available.get(key) ?? 0) + 1);
  }

  // Array.prototype.sort is stable, so shot-list order survives within each group.
  const byPriority = [...shotList].sort((a, b) => Number(b.required) - Number(a.required));
  const gaps: MissingShot[] = [];
  for (const item of byPriority) {
    const key = lookShotKey(item.lookId, item.shotType);
    const have = Math.min(item.quantity, available.get(key) ?? 0);
    available.set(key, (available.get(key) ?? 0) - have);
    if (have === item.quantity) continue;
    gaps.push({
      shotItemId: item.id,
      lookId: item.lookId,
      shotType: item.shotType,
      required: item.required,
      needed: item.quantity,
      have,
      missing: item.quantity - have,
    });
  }
  return gaps;
}
