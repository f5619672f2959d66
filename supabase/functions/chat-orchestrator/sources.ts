/**
 * Where the skills' data comes from: the lists in the request's `userContext` when given,
 * else the caller's stored rows under RLS through the analyzers' loaders (`_shared/stored`),
 * with the analyses served from and written to the analyzers' cache under the analyzers' own
 * keys, so the assistant and the analyzers share one entry per data set. Each source is read
 * at most once per request.
 */
import { type FullEventAnalysis, fullEventAnalysis } from "../_shared/analysis/events.ts";
import { analyzeLogistics, logisticsPartsFor } from "../_shared/analysis/logistics.ts";
import { analyzeMedia, DEFAULT_TOP_N, mediaPartsFor } from "../_shared/analysis/media.ts";
import type { EventInput, EventTask } from "../_shared/analysis/schemas.ts";
import { assertListSize, assertTaskGraphSize } from "../_shared/analyzer.ts";
import { asService, asUser } from "../_shared/db.ts";
import { inline } from "../_shared/inline_sql.ts";
import {
  type CachedInsightRow,
  countInsightHit,
  type InsightKey,
  insightLookup,
  storeInsight,
} from "../_shared/insight_cache.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { loadStoredEvent } from "../_shared/stored/event.ts";
import {
  loadBrandKeywords,
  loadStoredMedia,
  type StoredMedia,
  storedMediaContext,
} from "../_shared/stored/media.ts";
import { loadStoredSamples } from "../_shared/stored/samples.ts";
import type { UserWork } from "../recommendations/next_actions.ts";
import type { SkillName } from "./types.ts";
import type { UserContext } from "./schemas.ts";
import type { EventSubject } from "./skills/events.ts";
import type { FullLogistics } from "./skills/logistics.ts";
import type { FullMedia } from "./skills/media.ts";

/** An event with what the skills say about it. */
export interface EventData {
  subject: EventSubject;
  full: FullEventAnalysis;
  tasks?: readonly EventTask[];
}

/** What the skills read; each method may query the database (once per request). */
export interface Sources {
  now: Date;
  logistics(): Promise<FullLogistics>;
  /** The event's full analysis; null when there is no event to talk about. */
  event(): Promise<EventData | null>;
  /** The event with its tasks (deadlines need the tasks themselves). */
  eventTasks(): Promise<{ subject: EventSubject; tasks: readonly EventTask[] } | null>;
  media(): Promise<FullMedia>;
  /** Everything stored (or given), for the next actions. */
  work(): Promise<UserWork>;
}

const LOGISTICS_PARTS = logisticsPartsFor("all");
const MEDIA_PARTS = mediaPartsFor("all");

/** The logistics analyzer's key for stored samples (one entry per user). */
const STORED_SAMPLES = "samples";

/** Memoizes a thunk: the first call's promise is the answer to every call. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => loading ??= load();
}

/** The event a context list of tasks is about: anchored on its last deadline (or now). */
export function contextEvent(tasks: readonly EventTask[], eventId: string | undefined, now: Date) {
  const deadlines = tasks.map((t) => Date.parse(t.deadline ?? "")).filter((ms) => !isNaN(ms));
  const startsAt = new Date(deadlines.length ? Math.max(...deadlines) : now.getTime())
    .toISOString();
  const event: EventInput = {
    id: eventId ?? "context",
    name: "This event",
    startsAt,
    endsAt: startsAt,
    tasks: [...tasks],
  };
  const subject: EventSubject = { id: event.id, name: event.name, startsAt, linkable: !!eventId };
  return { event, subject };
}

interface EventHeader {
  id: string;
  name: string;
  starts_at: Date;
}

/**
 * The key of the analyzers' cache entry the skill will read first, when it is known before any
 * query: stored samples for a logistics skill, a named stored event for an events skill, the
 * stored gallery for a media skill. It is read together with the admission (one round trip).
 */
export function prefetchFor(
  ctx: FunctionContext,
  skill: SkillName,
  context: UserContext | undefined,
  eventId: string | undefined,
): InsightKey | undefined {
  const userId = ctx.user.userId;
  let key: InsightKey | undefined;
  if (["readiness", "blockers", "batching"].includes(skill) && !context?.sampleList) {
    key = { userId, type: "logistics", contextId: STORED_SAMPLES };
  } else if (
    ["critical_path", "staffing", "run_of_show"].includes(skill) && !context?.eventTasks &&
    eventId
  ) {
    key = { userId, type: "events", contextId: eventId };
  } else if (
    ["quality", "missing_shots", "selects"].includes(skill) && !context?.galleryAssets &&
    !context?.shotList
  ) {
    key = { userId, type: "media", contextId: storedMediaContext(DEFAULT_TOP_N) };
  }
  return key;
}

export interface SourceOptions {
  context?: UserContext;
  /** The event named by the route, when the context names none. */
  routeEventId?: string;
  /** `Cache-Control: no-cache`: recompute, then store. */
  fresh: boolean;
  /** The row the admission's lookup found for `prefetched.key`. */
  prefetched?: { key: InsightKey; hit: CachedInsightRow | undefined };
  now?: Date;
}

/** The request's sources. */
export function createSources(ctx: FunctionContext, options: SourceOptions): Sources {
  const now = options.now ?? new Date();
  const context = options.context ?? {};
  const claims = ctx.user.claims;
  const userId = ctx.user.userId;
  const sql = ctx.db;
  const eventId = context.eventId ?? options.routeEventId;

  /** The cached analysis under `key`, else `compute()` stored under it (null: nothing to store). */
  async function cached<T>(key: InsightKey, compute: () => Promise<T | null>): Promise<T | null> {
    if (!options.fresh) {
      const prefetched = options.prefetched;
      const hit = prefetched && prefetched.key.type === key.type &&
          prefetched.key.contextId === key.contextId
        ? prefetched.hit
        : (await asService(sql(), (tx) => insightLookup(tx, key)))[0];
      if (hit) {
        countInsightHit(ctx.env.dbUrl, hit);
        return JSON.parse(hit.json) as T;
      }
    }
    const full = await compute();
    if (full !== null) await storeInsight(sql(), key, JSON.stringify(full));
    return full;
  }

  const storedSamples = once(async () => {
    const samples = await loadStoredSamples(sql(), claims);
    assertListSize("samples", samples);
    return samples;
  });
  const brandKeywords = once(() => loadBrandKeywords(sql(), claims));
  const storedMedia = once(async (): Promise<StoredMedia> => {
    const media = await loadStoredMedia(sql(), claims);
    assertListSize("assets", media.assets);
    assertListSize("shotList", media.shotList);
    return media;
  });

  /** The event the request is about: named, else the caller's next (or latest) one. */
  const header = once(async (): Promise<EventHeader | null> => {
    const [row] = await asUser(
      sql(),
      claims,
      (tx) =>
        eventId
          ? inline(tx)<EventHeader[]>`select id::text, name, starts_at from public.events
              where id = ${eventId}`
          : inline(tx)<EventHeader[]>`select id::text, name, starts_at from public.events
              order by coalesce(ends_at, starts_at) < now(),
                       case when coalesce(ends_at, starts_at) >= now() then starts_at end,
                       starts_at desc, id
              limit 1`,
    );
    return row ?? null;
  });
  const subjectOf = (row: EventHeader): EventSubject => ({
    id: row.id,
    name: row.name,
    startsAt: row.starts_at.toISOString(),
    linkable: true,
  });
  const storedEvent = once(async () => {
    const row = await header();
    if (!row) return null;
    const event = await loadStoredEvent(sql(), claims, row.id);
    if (event) assertTaskGraphSize(event.tasks);
    return event;
  });

  const logistics = once(async (): Promise<FullLogistics> => {
    if (context.sampleList) {
      return analyzeLogistics(context.sampleList, LOGISTICS_PARTS, now) as FullLogistics;
    }
    const key: InsightKey = { userId, type: "logistics", contextId: STORED_SAMPLES };
    return (await cached(
      key,
      async () => analyzeLogistics(await storedSamples(), LOGISTICS_PARTS, now) as FullLogistics,
    ))!;
  });

  const event = once(async (): Promise<EventData | null> => {
    if (context.eventTasks) {
      assertTaskGraphSize(context.eventTasks);
      const { event, subject } = contextEvent(context.eventTasks, context.eventId, now);
      return { subject, full: fullEventAnalysis(event, now), tasks: event.tasks };
    }
    const row = await header();
    if (!row) return null;
    const key: InsightKey = { userId, type: "events", contextId: row.id };
    const full = await cached(key, async () => {
      const stored = await storedEvent();
      return stored && fullEventAnalysis(stored, now);
    });
    return full && { subject: subjectOf(row), full };
  });

  const eventTasks = once(async () => {
    if (context.eventTasks) {
      const { subject } = contextEvent(context.eventTasks, context.eventId, now);
      return { subject, tasks: context.eventTasks };
    }
    const row = await header();
    const stored = row && await storedEvent();
    return row && stored ? { subject: subjectOf(row), tasks: stored.tasks } : null;
  });

  const suppliedMedia = context.galleryAssets !== undefined || context.shotList !== undefined;
  /** Scores with the settings' brand keywords, as the media scorer does without any. */
  const analyzeWithKeywords = async (input: StoredMedia | Promise<StoredMedia>) => {
    const [keywords, media] = await Promise.all([brandKeywords(), input]);
    const options = { topN: DEFAULT_TOP_N, brandKeywords: keywords };
    return analyzeMedia(media, MEDIA_PARTS, options) as FullMedia;
  };
  const media = once(async (): Promise<FullMedia> => {
    if (suppliedMedia) {
      return analyzeWithKeywords({
        assets: context.galleryAssets ?? [],
        shotList: context.shotList ?? [],
      });
    }
    const key: InsightKey = { userId, type: "media", contextId: storedMediaContext(DEFAULT_TOP_N) };
    return (await cached(key, () => analyzeWithKeywords(storedMedia())))!;
  });

  const work = once(async (): Promise<UserWork> => {
    const [samples, events, gallery] = await Promise.all([
      context.sampleList ?? storedSamples(),
      context.eventTasks
        ? [contextEvent(context.eventTasks, context.eventId, now).event]
        : storedEvent().then((stored) => (stored ? [stored] : [])),
      suppliedMedia
        ? { assets: context.galleryAssets ?? [], shotList: context.shotList ?? [] }
        : storedMedia(),
    ]);
    return { samples, events, assets: gallery.assets, shotList: gallery.shotList };
  });

  return { now, logistics, event, eventTasks, media, work };
}
