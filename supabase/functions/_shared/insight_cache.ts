/**
 * The analyzers' cache in `assistant_insights`, keyed (user, insight type, context id), read
 * and written as the service role. A lookup writes nothing; a request's first one is made in
 * its admission's statement (`ctx.admit(key)`, `admit_batch`), a later one with
 * `insightLookup` (`insight_cache_peek`); hits are counted in batches off the response path
 * (bookkeeping.ts). Entries are JSON text end to end: a hit is
 * served without parsing or re-serializing what was stored.
 *
 * Stored-data analyses are written before the answer (`storeInsight`): the data-model
 * triggers delete an entry when the rows it was computed from change, and a write that came
 * later than such a change would keep a stale entry alive. Entries of supplied lists are keyed
 * by the request body's digest and cannot go stale, so they are queued (`queueInsight`).
 */
import { queueCacheEntry, queueCacheHit } from "./bookkeeping.ts";
import { asService, type Sql, type Tx } from "./db.ts";
import { inline } from "./inline_sql.ts";

export type InsightType = "logistics" | "events" | "media" | "recommendations";

/** Time to live per insight type (assistant-backend-requirements.md; recommendations: issue 10). */
export const INSIGHT_TTL_SECONDS: Record<InsightType, number> = {
  logistics: 3600,
  events: 1800,
  media: 600,
  recommendations: 300,
};

export interface InsightKey {
  userId: string;
  type: InsightType;
  /** The entity id, or a digest of a supplied body. */
  contextId: string;
}

export interface CachedInsightRow {
  /** The entry's id: what its hits are counted by. */
  id: string;
  /** The entry's JSON text. */
  json: string;
  calculated_at: Date;
}

/**
 * The lookup of `key`, to pipeline in a service-role transaction: no row, or one. A request's
 * first lookup goes with its admission instead (`ctx.admit(key)`).
 */
export function insightLookup(tx: Tx, key: InsightKey) {
  return inline(tx)<CachedInsightRow[]>`select id, json, calculated_at
    from public.insight_cache_peek(${key.userId}::uuid, ${key.type}, ${key.contextId})`;
}

/** Counts a hit of the entry `hit` (added to `cache_hit_count` with the next batch). */
export function countInsightHit(dbUrl: string, hit: CachedInsightRow): void {
  queueCacheHit(dbUrl, hit.id);
}

/** Stores `json` under `key` now; returns its `calculated_at` (ISO). */
export async function storeInsight(sql: Sql, key: InsightKey, json: string): Promise<string> {
  const [stored] = await asService(
    sql,
    (tx) =>
      inline(tx)<{ calculated_at: Date }[]>`select calculated_at from public.insight_cache_put(
        ${key.userId}::uuid, ${key.type}, ${key.contextId}, ${json},
        ${INSIGHT_TTL_SECONDS[key.type]})`,
  );
  return toIso(stored.calculated_at);
}

export interface QueueInsightOptions {
  /**
   * The version of the settings the answer was computed from: the entry is dropped if the
   * settings change before the batch is written.
   */
  settingsVersion?: string | null;
}

/**
 * Queues `json` to be stored under `key` with the next batch: entries that cannot go stale, or,
 * given the version of the settings they were computed from, that are dropped if the settings
 * change before the batch is written.
 */
export function queueInsight(
  dbUrl: string,
  key: InsightKey,
  json: string,
  { settingsVersion }: QueueInsightOptions = {},
): void {
  queueCacheEntry(dbUrl, {
    ...key,
    json,
    ttlSeconds: INSIGHT_TTL_SECONDS[key.type],
    ...(settingsVersion === undefined ? {} : { settingsVersion }),
  });
}

export function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** True when the request asks to bypass caches (`Cache-Control: no-cache`). */
export function wantsFresh(req: Request): boolean {
  return /(^|,)\s*no-cache\s*(,|$)/i.test(req.headers.get("cache-control") ?? "");
}
