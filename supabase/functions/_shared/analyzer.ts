/**
 * What the three analyzers share: the list limit, the body's cache key, and the run itself
 * (admission with cache lookup → compute → respond, bookkeeping queued), so each handler only
 * says where its input comes from and which pure analysis to run.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { recordAnalytics } from "./analytics.ts";
import { dependencyEdges, MAX_ANALYSIS_ITEMS, MAX_DEPENDENCY_EDGES } from "./analysis/schemas.ts";
import { parseJson, readBodyText, validate } from "./body.ts";
import { httpError } from "./errors.ts";
import {
  countInsightHit,
  type InsightKey,
  type InsightType,
  queueInsight,
  storeInsight,
  toIso,
  wantsFresh,
} from "./insight_cache.ts";
import type { FunctionContext } from "./serve.ts";

export { MAX_ANALYSIS_ITEMS };

/**
 * Request body limit for analyzers: a 10,000-item list is larger than the general 1 MB
 * limit (a realistic sample is ~200 bytes), so these routes allow 8 MB.
 */
export const MAX_ANALYZER_BODY_BYTES = 8 * 1024 * 1024;

/** A 413 problem when a list is longer than `MAX_ANALYSIS_ITEMS`. */
export function assertListSize(name: string, list: readonly unknown[] | undefined): void {
  if (list && list.length > MAX_ANALYSIS_ITEMS) {
    throw httpError(
      "payload_too_large",
      `"${name}" has ${list.length} items; at most ${MAX_ANALYSIS_ITEMS} are analysed at once`,
    );
  }
}

/**
 * A 413 problem when an event's task graph is larger than one analysis takes: too many tasks,
 * or too many dependency edges in all (what a stored event can hold is not capped by a schema).
 */
export function assertTaskGraphSize(tasks: readonly { dependsOn?: readonly unknown[] }[]): void {
  assertListSize("tasks", tasks);
  const edges = dependencyEdges(tasks);
  if (edges > MAX_DEPENDENCY_EDGES) {
    throw httpError(
      "payload_too_large",
      `The tasks have ${edges} dependencies in all; at most ${MAX_DEPENDENCY_EDGES} are analysed at once`,
    );
  }
}

/**
 * Parses an analyzer request body: 413 when a list named by `listsOf` is longer than the limit
 * (checked before validation, so an oversized list is never validated item by item), 400
 * malformed JSON, 422 invalid.
 */
export function parseAnalyzerBody<T extends z.ZodType>(
  text: string,
  schema: T,
  listsOf: (raw: Record<string, unknown>) => Record<string, unknown>,
): z.output<T> {
  const raw = parseJson(text);
  if (raw && typeof raw === "object") {
    for (const [name, list] of Object.entries(listsOf(raw as Record<string, unknown>))) {
      if (Array.isArray(list)) assertListSize(name, list);
    }
  }
  return validate(schema, raw);
}

/**
 * Bodies at least this long (UTF-16 units of the JSON text) that supply their data are cached,
 * keyed by their digest; shorter ones are computed every time. Below it, parsing, validating and
 * analysing cost less than a hit (admission, lookup, sending the stored text back, counting
 * it). Measured on the logistics analyzer, 16 concurrent callers in-process, CPU a request
 * (Postgres + Deno): 11 KB (50 samples) computed 1.29 ms, a hit 1.08; 22 KB (100 samples)
 * 1.58 against 1.19; at 6.6 KB (30 samples) a hit costs about what computing does.
 */
export const MIN_CACHED_BODY_CHARS = 8 * 1024;

/**
 * The digest of a request body's text: SHA-256 (node:crypto's streaming hash, in native code),
 * base64url. The text is what was parsed, so equal digests mean equal answers.
 *
 * @example
 * ```ts
 * import { equal, notEqual } from "node:assert/strict";
 * import { bodyDigest } from "./analyzer.ts";
 *
 * equal(bodyDigest('{"a":1}'), bodyDigest('{"a":1}'));
 * notEqual(bodyDigest('{"a":1}'), bodyDigest('{"a": 1}'));
 * ```
 */
export function bodyDigest(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

/** What a handler decides once its body is parsed. */
export interface AnalyzerPlan<T> {
  /**
   * The cache key of the stored data analysed (the database's triggers delete the entry when
   * that data changes); absent when the body supplies the data.
   */
  storedContext?: string;
  /**
   * When an answer about supplied data also depends on the user's settings (media: the brand
   * keywords, when the body has none): the version of the settings row `compute` read, so that
   * its queued entry is dropped if the settings change before it is written. Undefined when the
   * settings were not read.
   */
  settingsRead?: () => string | null | undefined;
  /** Computes the full result (all parts), reading stored data where the body has none. */
  compute: () => T | Promise<T>;
  /** Keeps the parts the request asked for. */
  select: (full: T) => Record<string, unknown>;
  /**
   * True when `select` keeps the whole result as it is: a stored entry (always the whole
   * result) is then served as stored, without parsing and writing it again.
   */
  selectsAll?: boolean;
}

export interface Analyzer<S extends z.ZodType, T> {
  type: InsightType;
  schema: S;
  /** The lists of a raw body, checked against `MAX_ANALYSIS_ITEMS` before validation. */
  listsOf: (raw: Record<string, unknown>) => Record<string, unknown>;
  /**
   * True when the answer about supplied data depends on the body alone: then a long body is
   * looked up by its digest with the admission, before it is parsed (a hit parses nothing).
   */
  bodyDecides: boolean;
  plan: (body: z.output<S>) => AnalyzerPlan<T> | Promise<AnalyzerPlan<T>>;
}

/**
 * Serves an analysis from the cache or computes it, records `insight_calculated`, and answers
 * `{...parts, cached, calculatedAt}`. With a route that says `admitsInHandler`, the rate-limit
 * admission and the cache lookup are one statement (`admit_batch`): one round trip.
 *
 * What is cached: for stored data, every part (one entry per data set, whatever the request
 * asks for), written before answering, a fresh answer (`Cache-Control: no-cache`) included; for
 * a long supplied body, the answer itself (the body names its parts), stored off the response
 * path, and not for a fresh answer. Hits and analytics are queued (bookkeeping.ts).
 */
export async function runAnalyzer<S extends z.ZodType, T>(
  req: Request,
  ctx: FunctionContext,
  analyzer: Analyzer<S, T>,
): Promise<Response> {
  const started = performance.now();
  const { dbUrl } = ctx.env;
  const text = await readBodyText(req, MAX_ANALYZER_BODY_BYTES);
  const fresh = wantsFresh(req);
  // A fresh answer about a supplied list is neither looked up nor stored: no key to hash.
  const digest = text.length >= MIN_CACHED_BODY_CHARS && !fresh ? bodyDigest(text) : undefined;
  const keyOf = (contextId: string): InsightKey => ({
    userId: ctx.user.userId,
    type: analyzer.type,
    contextId,
  });
  const answer = (json: string, cached: boolean, calculatedAt: string) => {
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    recordAnalytics(dbUrl, ctx.user.userId, {
      eventType: "insight_calculated",
      eventData: { insightType: analyzer.type, cached, durationMs, function: ctx.name },
    });
    return answerResponse(json, cached, calculatedAt);
  };

  let lookedUp: string | undefined;
  if (digest && analyzer.bodyDecides && !fresh) {
    const key = keyOf(`body:${digest}`);
    lookedUp = key.contextId;
    const [hit] = await ctx.admit(key) ?? [];
    if (hit) {
      countInsightHit(dbUrl, hit);
      return answer(hit.json, true, toIso(hit.calculated_at));
    }
  }
  const body = parseAnalyzerBody(text, analyzer.schema, analyzer.listsOf);
  const plan = await analyzer.plan(body);
  const stored = plan.storedContext !== undefined;
  const key = stored ? keyOf(plan.storedContext!) : digest ? keyOf(`body:${digest}`) : undefined;
  if (key && !fresh && key.contextId !== lookedUp) {
    const [hit] = await ctx.admit(key) ?? [];
    if (hit) {
      countInsightHit(dbUrl, hit);
      const json = stored && !plan.selectsAll
        ? JSON.stringify(plan.select(JSON.parse(hit.json) as T))
        : hit.json;
      return answer(json, true, toIso(hit.calculated_at));
    }
  } else {
    await ctx.admit();
  }
  const full = await plan.compute();
  const json = JSON.stringify(plan.select(full));
  if (key && stored) {
    return answer(json, false, await storeInsight(ctx.db(), key, JSON.stringify(full)));
  }
  // A fresh answer about a supplied list is not stored: the caller did not want one from the
  // cache, and storing it costs more than computing it (10,000 samples: 2.5 MB, about 30 ms of
  // this isolate and 37 ms of the database against 50 ms to compute). The next call that
  // accepts a cached answer stores it.
  if (key && !fresh) queueInsight(dbUrl, key, json, { settingsVersion: plan.settingsRead?.() });
  return answer(json, false, new Date().toISOString());
}

/**
 * `{...parts, cached, calculatedAt}` from the parts' JSON text, without parsing it again (a
 * cached answer can be megabytes).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { answerResponse } from "./analyzer.ts";
 *
 * const response = answerResponse('{"a": 1}', true, "2030-01-01T00:00:00.000Z");
 * deepEqual(await response.json(), { a: 1, cached: true, calculatedAt: "2030-01-01T00:00:00.000Z" });
 * ```
 */
export function answerResponse(partsJson: string, cached: boolean, calculatedAt: string): Response {
  const tail = `"cached":${cached},"calculatedAt":${JSON.stringify(calculatedAt)}}`;
  const inner = partsJson.trim().slice(1, -1).trim();
  return new Response(inner ? `{${inner},${tail}` : `{${tail}`, {
    headers: { "Content-Type": "application/json" },
  });
}

/** Keeps only `keys` of `full` that are present. */
export function pick<T extends object>(full: T, keys: Iterable<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (full as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
