/**
 * Bookkeeping that leaves the response path: analytics rows, cache hit counts, the cache
 * entries of supplied lists and model usage (ai_usage) are queued per database and written in batches, one transaction
 * (one round trip) per batch, when `FLUSH_INTERVAL_MS` have passed or `MAX_BATCH` items wait.
 * Hit counts are summed for `HIT_FLUSH_INTERVAL_MS` before they go with a batch.
 * A clean shutdown loses nothing: `flushPending()` writes what waits (the local stack's stop
 * calls it), and on the hosted Edge Runtime each scheduled flush is handed to
 * `EdgeRuntime.waitUntil`, which keeps the isolate alive until it is written.
 *
 * Bookkeeping never fails a request: a batch that cannot be written is logged. One that the
 * database refused because it was unreachable is queued again (up to `MAX_QUEUED` items).
 */
import { asService, pool, type Tx } from "./db.ts";
import { isDatabaseUnavailable } from "./db_unavailable.ts";
import { inline } from "./inline_sql.ts";
import { logEvent } from "./log.ts";

/** How long an item waits at most before its batch is written (unless the database is down). */
export const FLUSH_INTERVAL_MS = 500;
/**
 * How long hit counts are summed before they are written. They feed statistics only, and each
 * write of an entry's count copies the entry's row, stored answer included (about 1.8 KB of WAL
 * and four index entries on the local stack). Written every half second, they were most of the
 * WAL of a cached answer: 2.6 KB a request, 1.6 KB with counts summed for five seconds.
 */
export const HIT_FLUSH_INTERVAL_MS = 5_000;
/** Hit counts of this many entries are written at once (one row update an entry). */
export const MAX_HELD_HITS = 5_000;
/** A batch this large is written at once. */
export const MAX_BATCH = 500;
/** What a queue holds at most while the database is unreachable; the oldest items go first. */
export const MAX_QUEUED = 20_000;
/**
 * How much JSON text the cache entries waiting for one batch may hold: beyond it a new entry is
 * not queued (the next miss of its key queues it again). A flood of distinct bodies, each
 * computed once, would otherwise have the database store every answer: on the local stack,
 * no-cache calls with 100 samples wrote 17 MB a second of entries that nothing read, and took
 * a quarter of their own throughput and of the calls after them. One entry larger than this is
 * still queued alone.
 */
export const MAX_QUEUED_ENTRY_CHARS = 2 * 1024 * 1024;

export interface AnalyticsRow {
  userId: string;
  eventType: string;
  eventData: Record<string, unknown>;
  kitContext?: string | null;
  /** When it happened (the row is written later). */
  at: string;
}

export interface CacheHit {
  /** The entry's id (assistant_insights.id). */
  id: string;
  hits: number;
}

export interface CacheEntry {
  userId: string;
  type: string;
  contextId: string;
  /** The entry's JSON text, as it is served. */
  json: string;
  ttlSeconds: number;
  /**
   * For an answer computed from the user's settings too: the settings row's version it read
   * (`updated_at` as text, null for no row). The entry is stored only if the row is unchanged
   * by the time the batch is written; a settings change in between would make it stale.
   */
  settingsVersion?: string | null;
}

/** One model call (llm/model.ts), for `ai_usage`. */
export interface AiUsageRow {
  userId: string;
  organizationId: string | null;
  feature: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  outcome: string;
  latencyMs: number;
  /** When the call ended (the row is written later). */
  at: string;
}

interface Queue {
  analytics: AnalyticsRow[];
  usage: AiUsageRow[];
  hits: Map<string, CacheHit>;
  entries: Map<string, CacheEntry>;
  /** The JSON characters of `entries`. */
  entryChars: number;
  timer?: ReturnType<typeof setTimeout>;
  /** When the timer fires (performance.now()). */
  timerDue?: number;
  /** When hit counts were last taken for a batch (performance.now()). */
  hitsTakenAt: number;
  /** Resolves when the scheduled flush has been written (for waitUntil). */
  scheduled?: { done: Promise<void>; resolve: () => void };
  writing: Promise<void>;
}

const queues = new Map<string, Queue>();

function queueFor(dbUrl: string): Queue {
  let queue = queues.get(dbUrl);
  if (!queue) {
    queue = {
      analytics: [],
      usage: [],
      hits: new Map(),
      entries: new Map(),
      entryChars: 0,
      hitsTakenAt: -Infinity,
      writing: Promise.resolve(),
    };
    queues.set(dbUrl, queue);
  }
  return queue;
}

/** What waits besides hit counts. */
const rows = (queue: Queue) => queue.analytics.length + queue.usage.length + queue.entries.size;
const size = (queue: Queue) => rows(queue) + queue.hits.size;

/** The Edge Runtime's `waitUntil`, where it exists (hosted Supabase), else undefined. */
function waitUntil(): ((promise: Promise<unknown>) => void) | undefined {
  const runtime = (globalThis as { EdgeRuntime?: { waitUntil?: (p: Promise<unknown>) => void } })
    .EdgeRuntime;
  return runtime?.waitUntil?.bind(runtime);
}

/**
 * True when hit counts of `entries` entries, summed since `takenAt` (when the last ones were
 * taken for a batch), go with the batch written at `now`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { hitCountsDue } from "./bookkeeping.ts";
 *
 * equal(hitCountsDue(0, 1_000, 10), false);
 * equal(hitCountsDue(0, 5_000, 10), true);
 * ```
 */
export function hitCountsDue(takenAt: number, now: number, entries: number): boolean {
  return entries >= MAX_HELD_HITS || now - takenAt >= HIT_FLUSH_INTERVAL_MS;
}

const hitsDue = (queue: Queue) =>
  hitCountsDue(queue.hitsTakenAt, performance.now(), queue.hits.size);

/** How long until what waits should be written: hit counts alone may wait longer. */
function dueInMs(queue: Queue): number {
  if (rows(queue) > 0 || hitsDue(queue)) {
    return FLUSH_INTERVAL_MS;
  }
  return queue.hitsTakenAt + HIT_FLUSH_INTERVAL_MS - performance.now();
}

function schedule(dbUrl: string, queue: Queue): void {
  if (rows(queue) >= MAX_BATCH || queue.hits.size >= MAX_HELD_HITS) {
    void flushQueue(dbUrl, queue);
    return;
  }
  const delay = Math.max(dueInMs(queue), 0);
  const due = performance.now() + delay;
  // A timer set for hit counts alone is brought forward when something else comes.
  if (queue.timer !== undefined && queue.timerDue! <= due) return;
  clearTimeout(queue.timer);
  if (!queue.scheduled) {
    let resolve!: () => void;
    const done = new Promise<void>((r) => resolve = r);
    queue.scheduled = { done, resolve };
    waitUntil()?.(done);
  }
  queue.timerDue = due;
  queue.timer = setTimeout(() => void flushQueue(dbUrl, queue), delay);
}

/** Queues one analytics row for `dbUrl`'s database. */
export function queueAnalytics(dbUrl: string, row: AnalyticsRow): void {
  const queue = queueFor(dbUrl);
  queue.analytics.push(row);
  if (queue.analytics.length > MAX_QUEUED) queue.analytics.shift();
  schedule(dbUrl, queue);
}

/** Queues one model call's usage row for `dbUrl`'s database. */
export function queueAiUsage(dbUrl: string, row: AiUsageRow): void {
  const queue = queueFor(dbUrl);
  queue.usage.push(row);
  if (queue.usage.length > MAX_QUEUED) queue.usage.shift();
  schedule(dbUrl, queue);
}

/** Counts one hit of the cache entry `id`, added to `cache_hit_count` with the next batch. */
export function queueCacheHit(dbUrl: string, id: string, hits = 1): void {
  const queue = queueFor(dbUrl);
  const counted = queue.hits.get(id);
  if (counted) counted.hits += hits;
  else if (queue.hits.size < MAX_QUEUED) queue.hits.set(id, { id, hits });
  schedule(dbUrl, queue);
}

/**
 * Queues a cache entry to store (the latest one per key wins), unless the entries waiting hold
 * `MAX_QUEUED_ENTRY_CHARS` already.
 */
export function queueCacheEntry(dbUrl: string, entry: CacheEntry): void {
  const queue = queueFor(dbUrl);
  const key = `${entry.userId}\n${entry.type}\n${entry.contextId}`;
  const replaced = queue.entries.get(key);
  const chars = queue.entryChars - (replaced?.json.length ?? 0) + entry.json.length;
  if (!replaced && queue.entries.size > 0 && chars > MAX_QUEUED_ENTRY_CHARS) return;
  if (!replaced && queue.entries.size >= MAX_QUEUED) return;
  queue.entries.delete(key);
  queue.entries.set(key, entry);
  queue.entryChars = chars;
  schedule(dbUrl, queue);
}

/** The statements that write one batch (entries before hits, so a new entry's hits count). */
function batchStatements(
  tx: Tx,
  analytics: AnalyticsRow[],
  hits: CacheHit[],
  entries: CacheEntry[],
  usage: AiUsageRow[] = [],
) {
  const sql = inline(tx);
  const statements = [];
  if (analytics.length) {
    statements.push(
      sql`insert into public.analytics_events (user_id, event_type, event_data, kit_context,
                                               created_at)
          select r."userId", r."eventType", coalesce(r."eventData", '{}'), r."kitContext", r.at
          from jsonb_to_recordset(${analytics}::jsonb)
            as r("userId" uuid, "eventType" text, "eventData" jsonb, "kitContext" text,
                 at timestamptz)`,
    );
  }
  if (usage.length) {
    statements.push(
      sql`insert into public.ai_usage (user_id, organization_id, feature, model, input_tokens,
                                       output_tokens, cost_usd, outcome, latency_ms, created_at)
          select r."userId", r."organizationId", r.feature, r.model, r."inputTokens",
                 r."outputTokens", r."costUsd", r.outcome, r."latencyMs", r.at
          from jsonb_to_recordset(${usage}::jsonb)
            as r("userId" uuid, "organizationId" uuid, feature text, model text,
                 "inputTokens" integer, "outputTokens" integer, "costUsd" numeric, outcome text,
                 "latencyMs" integer, at timestamptz)`,
    );
  }
  for (const entry of entries) {
    statements.push(
      entry.settingsVersion === undefined
        ? sql`select 1 from public.insight_cache_put(${entry.userId}::uuid, ${entry.type},
            ${entry.contextId}, ${entry.json}, ${entry.ttlSeconds})`
        : sql`select case when (select p.updated_at from public.user_preferences p
                                where p.user_id = ${entry.userId}::uuid)
                               is not distinct from ${entry.settingsVersion}::timestamptz
            then (select 1 from public.insight_cache_put(${entry.userId}::uuid, ${entry.type},
                    ${entry.contextId}, ${entry.json}, ${entry.ttlSeconds})) end`,
    );
  }
  if (hits.length) statements.push(sql`select public.insight_cache_count_hits(${hits}::jsonb)`);
  return statements;
}

async function writeBatch(
  dbUrl: string,
  analytics: AnalyticsRow[],
  hits: CacheHit[],
  entries: CacheEntry[],
  usage: AiUsageRow[] = [],
): Promise<void> {
  await asService(pool(dbUrl), (tx) => batchStatements(tx, analytics, hits, entries, usage), {
    rawErrors: true,
  });
}

/**
 * Writes what `queue` holds now, hit counts only when they are due or `everything` is asked
 * for; resolves when it is written (or given up).
 */
function flushQueue(dbUrl: string, queue: Queue, everything = false): Promise<void> {
  clearTimeout(queue.timer);
  queue.timer = undefined;
  const scheduled = queue.scheduled;
  queue.scheduled = undefined;
  const analytics = queue.analytics.splice(0);
  const usage = queue.usage.splice(0);
  const takeHits = everything || hitsDue(queue);
  const hits = takeHits ? [...queue.hits.values()] : [];
  if (takeHits) {
    queue.hits.clear();
    queue.hitsTakenAt = performance.now();
  }
  const entries = [...queue.entries.values()];
  queue.entries.clear();
  queue.entryChars = 0;
  // One batch at a time per database, in order.
  queue.writing = queue.writing.then(async () => {
    if (analytics.length + usage.length + hits.length + entries.length === 0) return;
    try {
      await writeBatch(dbUrl, analytics, hits, entries, usage);
    } catch (error) {
      await recover(dbUrl, queue, error, analytics, hits, entries, usage);
    }
  }).finally(() => scheduled?.resolve());
  // Hit counts held back get a timer of their own.
  if (queue.hits.size > 0) schedule(dbUrl, queue);
  return queue.writing;
}

/** What happens to a batch the database refused. */
async function recover(
  dbUrl: string,
  queue: Queue,
  error: unknown,
  analytics: AnalyticsRow[],
  hits: CacheHit[],
  entries: CacheEntry[],
  usage: AiUsageRow[] = [],
): Promise<void> {
  const code = (error as { code?: string }).code;
  if (isDatabaseUnavailable(error)) {
    // Try again with the next batch; the request that caused them has long been answered.
    queue.analytics.unshift(...analytics.slice(-(MAX_QUEUED - queue.analytics.length)));
    queue.usage.unshift(...usage.slice(-(MAX_QUEUED - queue.usage.length)));
    for (const hit of hits) queueCacheHit(dbUrl, hit.id, hit.hits);
    for (const entry of entries) queueCacheEntry(dbUrl, entry);
    if (size(queue) > 0) schedule(dbUrl, queue);
    return;
  }
  if (code === "23503" && analytics.length + entries.length + usage.length > 1) {
    // A user was deleted after their request: write the rest row by row.
    for (const row of analytics) {
      await writeBatch(dbUrl, [row], [], []).catch(() => {});
    }
    for (const row of usage) await writeBatch(dbUrl, [], [], [], [row]).catch(() => {});
    for (const entry of entries) await writeBatch(dbUrl, [], [], [entry]).catch(() => {});
    if (hits.length) await writeBatch(dbUrl, [], hits, []).catch(() => {});
    return;
  }
  logEvent("warn", "bookkeeping batch not written", {
    analytics: analytics.length,
    usage: usage.length,
    hits: hits.length,
    entries: entries.length,
    error: (error as Error).message,
  });
}

/**
 * Writes everything that waits, for every database, and resolves once it is written: call it
 * before closing the pools at shutdown.
 *
 * @example
 * ```ts ignore
 * await flushPending();
 * await closePools();
 * ```
 */
export async function flushPending(): Promise<void> {
  for (const [dbUrl, queue] of queues) {
    await flushQueue(dbUrl, queue, true);
    // A batch put back (the database was unreachable) is tried once more, then given up: a
    // timer left behind would keep a stopping process alive.
    if (size(queue) > 0) await flushQueue(dbUrl, queue, true);
    if (size(queue) > 0) {
      clearTimeout(queue.timer);
      queue.timer = undefined;
      logEvent("warn", "bookkeeping not written at shutdown", {
        analytics: queue.analytics.length,
        usage: queue.usage.length,
        hits: queue.hits.size,
        entries: queue.entries.size,
      });
      queue.analytics.length = 0;
      queue.usage.length = 0;
      queue.hits.clear();
      queue.entries.clear();
      queue.scheduled?.resolve();
    }
  }
}
