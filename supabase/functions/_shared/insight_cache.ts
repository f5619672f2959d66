/**
 * The analyzers' cache in `assistant_insights`, keyed (user, insight type, context id).
 * A hit returns the stored result and increments `cache_hit_count`; a miss computes,
 * stores with the type's TTL and returns. The data-model triggers delete entries when the
 * stored rows they were computed from change, so an edit shows on the next call.
 */
import { asService, type Sql } from "./db.ts";

export type InsightType = "logistics" | "events" | "media";

/** Time to live per insight type (assistant-backend-requirements.md). */
export const INSIGHT_TTL_SECONDS: Record<InsightType, number> = {
  logistics: 3600,
  events: 1800,
  media: 600,
};

export interface InsightKey {
  userId: string;
  type: InsightType;
  /** The entity id, or a stable hash of a supplied list. */
  contextId: string;
}

export interface CachedInsight<T> {
  data: T;
  cached: boolean;
  calculatedAt: string;
}

/**
 * Returns the cached insight for `key`, or computes and stores it. `refresh` (the request's
 * `Cache-Control: no-cache`) skips the lookup but still stores the fresh result.
 */
export async function cachedInsight<T>(
  sql: Sql,
  key: InsightKey,
  compute: () => T | Promise<T>,
  options: { refresh?: boolean } = {},
): Promise<CachedInsight<T>> {
  if (!options.refresh) {
    const [hit] = await asService(sql, (tx) =>
      tx`select data, calculated_at
         from public.insight_cache_get(${key.userId}, ${key.type}, ${key.contextId})`);
    if (hit) {
      return { data: hit.data as T, cached: true, calculatedAt: toIso(hit.calculated_at) };
    }
  }
  const data = await compute();
  const [stored] = await asService(
    sql,
    (tx) =>
      tx`select calculated_at from public.insight_cache_put(
         ${key.userId}, ${key.type}, ${key.contextId}, ${tx.json(data as never)},
         ${INSIGHT_TTL_SECONDS[key.type]})`,
  );
  return { data, cached: false, calculatedAt: toIso(stored.calculated_at) };
}

function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** True when the request asks to bypass caches (`Cache-Control: no-cache`). */
export function wantsFresh(req: Request): boolean {
  return /(^|,)\s*no-cache\s*(,|$)/i.test(req.headers.get("cache-control") ?? "");
}
