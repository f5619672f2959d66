/** The recommendations request, its validation and what of it each answer depends on. @module */
import { z } from "zod";
import { normalizeRole } from "./features.ts";

export const RecommendationTypeSchema = z.enum(["packages", "next_actions", "features"]);
export type RecommendationType = z.infer<typeof RecommendationTypeSchema>;

const DAY_MS = 86_400_000;
const RELATIVE = /^(\d{1,3})\s*(day|week|month)s?$/i;
const DAYS_PER = { day: 1, week: 7, month: 30 } as const;

/**
 * The date a `timeline` names: an ISO date or date-time ("2026-12-01"), or a span from `now`
 * ("10 days", "2 weeks", "1 month" of 30 days). Undefined when it names none.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { timelineDate } from "./request.ts";
 *
 * const now = new Date("2026-11-22T08:00:00Z");
 * equal(timelineDate("2 weeks", now)?.toISOString(), "2026-12-06T08:00:00.000Z");
 * equal(timelineDate("2026-12-01", now)?.toISOString(), "2026-12-01T00:00:00.000Z");
 * equal(timelineDate("soonish", now), undefined);
 * ```
 */
export function timelineDate(timeline: string, now: Date): Date | undefined {
  const text = timeline.trim();
  const relative = RELATIVE.exec(text);
  if (relative) {
    const unit = relative[2].toLowerCase() as keyof typeof DAYS_PER;
    return new Date(now.getTime() + Number(relative[1]) * DAYS_PER[unit] * DAY_MS);
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * `context` holds the signals the product documents name; other keys are accepted and ignored
 * (dropped by the parse), so they neither fail a client nor split the cache.
 */
export const RecommendationContextSchema = z.object({
  currentPage: z.string().max(500).optional(),
  userRole: z.string().trim().min(1).max(100).optional(),
  /** In the catalogue's currency (EUR). */
  budget: z.number().min(0).max(1e9).optional(),
  timeline: z.string().max(100).refine((text) => timelineDate(text, new Date()) !== undefined, {
    message: 'Expected a date ("2026-12-01") or a span ("10 days", "2 weeks", "1 month")',
  }).optional(),
});
export type RecommendationContext = z.infer<typeof RecommendationContextSchema>;

export const RecommendationsRequestSchema = z.object({
  /** Optional; when present it must be the caller (the JWT's `sub`), else 403. */
  userId: z.string().max(200).optional(),
  recommendationType: RecommendationTypeSchema,
  context: RecommendationContextSchema.default({}),
});
export type RecommendationsRequest = z.infer<typeof RecommendationsRequestSchema>;

/**
 * What an answer of `type` depends on besides the caller's stored rows: the part of the
 * request it reads, so that requests differing elsewhere share one cache entry.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cacheInputs } from "./request.ts";
 *
 * deepEqual(cacheInputs("next_actions", { currentPage: "/events" }, false), {});
 * deepEqual(cacheInputs("packages", { budget: 500, userRole: "stylist" }, false), { budget: 500 });
 * ```
 */
export function cacheInputs(
  type: RecommendationType,
  context: RecommendationContext,
  isAdmin: boolean,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = type === "packages"
    ? { budget: context.budget, timeline: context.timeline?.trim() }
    : type === "features"
    ? {
      role: context.userRole === undefined ? undefined : normalizeRole(context.userRole),
      page: context.currentPage,
      isAdmin,
    }
    : {};
  return Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined));
}
