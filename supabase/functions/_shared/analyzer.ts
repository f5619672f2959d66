/**
 * What the three analyzers share: the list limit, the cache key for supplied lists, and
 * the run itself (cache → compute → analytics → respond), so each handler only says where
 * its input comes from and which pure analysis to run.
 */
import type { z } from "zod";
import { recordAnalytics } from "./analytics.ts";
import { stableHash } from "./analysis/hash.ts";
import { dependencyEdges, MAX_ANALYSIS_ITEMS, MAX_DEPENDENCY_EDGES } from "./analysis/schemas.ts";
import { parseJson, readBodyText, validate } from "./body.ts";
import { httpError } from "./errors.ts";
import { cachedInsight, type InsightType, wantsFresh } from "./insight_cache.ts";
import { jsonResponse } from "./response.ts";
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
 * Reads an analyzer request: 413 over 8 MB or when a list named by `listsOf` is longer than
 * the limit (checked before validation, so an oversized list is never validated item by
 * item), 400 malformed JSON, 422 invalid.
 */
export async function readAnalyzerRequest<T extends z.ZodType>(
  req: Request,
  schema: T,
  listsOf: (raw: Record<string, unknown>) => Record<string, unknown>,
): Promise<z.output<T>> {
  const raw = parseJson(await readBodyText(req, MAX_ANALYZER_BODY_BYTES));
  if (raw && typeof raw === "object") {
    for (const [name, list] of Object.entries(listsOf(raw as Record<string, unknown>))) {
      if (Array.isArray(list)) assertListSize(name, list);
    }
  }
  return validate(schema, raw);
}

/** A cache context id: `prefix:` + a stable hash of `value` (a supplied list, options). */
export async function listContextId(value: unknown, prefix = "list"): Promise<string> {
  return `${prefix}:${await stableHash(value)}`;
}

export interface AnalyzerRun<T> {
  type: InsightType;
  contextId: string;
  /** Computes the full result (all parts), cached as one entry. */
  compute: () => T | Promise<T>;
  /** Keeps the parts the request asked for. */
  select: (full: T) => Record<string, unknown>;
}

/**
 * Serves an analysis from the cache or computes it, records `insight_calculated`, and
 * answers `{...parts, cached, calculatedAt}`.
 */
export async function runAnalyzer<T>(
  req: Request,
  ctx: FunctionContext,
  run: AnalyzerRun<T>,
): Promise<Response> {
  const started = performance.now();
  const sql = ctx.db();
  const result = await cachedInsight(
    sql,
    { userId: ctx.user.userId, type: run.type, contextId: run.contextId },
    run.compute,
    { refresh: wantsFresh(req) },
  );
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  await recordAnalytics(sql, ctx.user.claims, {
    eventType: "insight_calculated",
    eventData: { insightType: run.type, cached: result.cached, durationMs, function: ctx.name },
  });
  return jsonResponse({
    ...run.select(result.data),
    cached: result.cached,
    calculatedAt: result.calculatedAt,
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
