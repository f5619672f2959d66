/** The caller's stored gallery assets, shot list and brand keywords, read under RLS. */
import type { GalleryAsset, ShotItem } from "../analysis/schemas.ts";
import { bodyDigest, MAX_ANALYSIS_ITEMS } from "../analyzer.ts";
import type { UserClaims } from "../auth.ts";
import { asUser, type Sql } from "../db.ts";
import { inline } from "../inline_sql.ts";
import type { DbRow } from "../rows.ts";

type AssetRow = DbRow<
  "gallery_assets",
  "id" | "look_id" | "shot_type" | "width" | "height" | "sharpness" | "exposure" | "tags" | "status"
>;
type ShotRow = DbRow<"shot_list_items", "id" | "look_id" | "shot_type" | "quantity" | "required">;

export interface StoredMedia {
  assets: GalleryAsset[];
  shotList: ShotItem[];
}

export async function loadStoredMedia(sql: Sql, claims: UserClaims): Promise<StoredMedia> {
  const [assets, shots] = await asUser(sql, claims, (tx) => [
    inline(tx)<
      AssetRow[]
    >`select id::text, look_id, shot_type, width, height, sharpness::float8 as sharpness,
              exposure::float8 as exposure, tags, status
       from public.gallery_assets where owner_id = ${claims.sub}
       order by created_at, id limit ${MAX_ANALYSIS_ITEMS + 1}`,
    inline(tx)<ShotRow[]>`select id::text, look_id, shot_type, quantity, required
       from public.shot_list_items where owner_id = ${claims.sub}
       order by created_at, id limit ${MAX_ANALYSIS_ITEMS + 1}`,
  ]);
  return {
    assets: assets.map((row) => ({
      id: row.id,
      lookId: row.look_id,
      shotType: row.shot_type,
      width: row.width,
      height: row.height,
      sharpness: row.sharpness,
      exposure: row.exposure,
      tags: row.tags,
      status: row.status as GalleryAsset["status"],
    })),
    shotList: shots.map((row) => ({
      id: row.id,
      lookId: row.look_id,
      shotType: row.shot_type,
      quantity: row.quantity,
      required: row.required,
    })),
  };
}

/** The caller's brand keywords, and the version of the settings row they were read from. */
export interface BrandSettings {
  keywords: string[];
  /** The row's `updated_at` as text (null: no row): what a queued cache entry is checked against. */
  version: string | null;
}

/** `brandKeywords` from the caller's settings document, when it is a list of strings. */
export async function loadBrandSettings(sql: Sql, claims: UserClaims): Promise<BrandSettings> {
  const [row] = await asUser(
    sql,
    claims,
    (tx) =>
      inline(tx)<{ keywords: unknown; version: string }[]>`select
         preferences -> 'brandKeywords' as keywords, updated_at::text as version
       from public.user_preferences where user_id = ${claims.sub}`,
  );
  const keywords = row?.keywords;
  return {
    keywords: Array.isArray(keywords) ? keywords.filter((k) => typeof k === "string") : [],
    version: row?.version ?? null,
  };
}

/** `brandKeywords` from the caller's settings document, when it is a list of strings. */
export async function loadBrandKeywords(sql: Sql, claims: UserClaims): Promise<string[]> {
  return (await loadBrandSettings(sql, claims)).keywords;
}

/**
 * The insight cache's context id of the stored gallery analysed with a request's options, for
 * media-scorer and the assistant's media skills alike. The settings' brand keywords are not part
 * of it: a change of them drops the user's media entries (migration 20261122002010).
 */
export function storedMediaContext(topN: number, brandKeywords?: readonly string[]): string {
  return `stored:${bodyDigest(JSON.stringify([topN, brandKeywords]))}`;
}
