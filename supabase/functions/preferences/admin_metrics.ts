/**
 * GET /preferences/admin/metrics: the assistant document's usage, performance and business
 * metrics (assistant-backend-requirements.md, "Analytics & monitoring") from the counts
 * `admin_assistant_metrics(from, to)` reads, with the alert flags. Pure.
 *
 * The events counted (analytics_events.event_type): `assistant_opened`, `kit_switched`,
 * `action_clicked`, `deep_link_shown` and `deep_link_clicked`, `assistant_error` (a request
 * that failed), and the analyzers' `insight_calculated` (`cached`, `durationMs`). Response
 * times are the chat's (assistant_conversations.response_time_ms) and the analyzers'.
 */
import { httpError } from "../_shared/errors.ts";
import { ALERT_THRESHOLDS, type AlertFlags, alertFlags } from "./admin_alerts.ts";

/** A user with more assistant opens than this on one day is a power user. */
export const POWER_USER_OPENS_PER_DAY = 10;
/** The period when the query names none. */
export const DEFAULT_PERIOD_DAYS = 7;
/** The longest period one request may ask for. */
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

/** What `public.admin_assistant_metrics()` answers. */
export interface RawMetrics {
  from: string;
  to: string;
  activeUsers: number;
  eventCounts: Partial<Record<string, number>>;
  cachedInsights: number;
  openUserDays: number;
  daily: { day: string; opens: number; users: number }[];
  powerUsers: { userId: string; peakOpensPerDay: number; daysOverTen: number }[];
  sessions: { count: number; averageSeconds: number | null };
  responseTimes: { count: number; p50: number | null; p90: number | null; p99: number | null };
  conversations: number;
  feedback: { helpful: number; notHelpful: number };
  insightCache: { entries: number; hits: number };
}

export interface Period {
  from: Date;
  to: Date;
}

/**
 * The period of `?from=&to=` (ISO dates or timestamps; `to` defaults to now, `from` to
 * `DEFAULT_PERIOD_DAYS` before `to`): a 422 naming each bad field when a value does not parse,
 * `from` is not before `to`, or the period is longer than `MAX_PERIOD_DAYS`.
 */
export function metricsPeriod(params: URLSearchParams, now: Date): Period {
  const errors: Record<string, string[]> = {};
  const read = (name: "from" | "to"): Date | undefined => {
    const text = params.get(name);
    if (text === null || text === "") return undefined;
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) {
      errors[name] = [`"${text}" is not an ISO date or timestamp`];
      return undefined;
    }
    return at;
  };
  const fromParam = read("from");
  const toParam = read("to");
  if (Object.keys(errors).length) {
    throw httpError("validation_failed", "The period is not valid", { errors });
  }
  const to = toParam ?? now;
  const from = fromParam ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from >= to) {
    throw httpError("validation_failed", "The period is not valid", {
      errors: { from: ["Must be before to"] },
    });
  }
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw httpError("validation_failed", "The period is not valid", {
      errors: { from: [`The period may cover at most ${MAX_PERIOD_DAYS} days`] },
    });
  }
  return { from, to };
}

/**
 * `part / whole` to 4 places; null when there is nothing to divide by.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { rate } from "./admin_metrics.ts";
 *
 * equal(rate(1, 3), 0.3333);
 * equal(rate(5, 0), null);
 * ```
 */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

export interface AssistantMetrics {
  period: { from: string; to: string };
  usage: {
    activeUsers: number;
    opens: number;
    /** Opens per user on the days that user opened the assistant. */
    opensPerUserPerDay: number | null;
    /** Kit switches per open. */
    kitSwitchRate: number | null;
    /** Action clicks per open. */
    actionClickRate: number | null;
    /** Deep links followed per deep link shown. */
    deepLinkConversion: number | null;
    sessions: number;
    /** First to last event of a session, averaged over sessions. */
    averageSessionSeconds: number | null;
    daily: { day: string; opens: number; users: number; opensPerUser: number | null }[];
  };
  performance: {
    responseTimeMs: { p50: number | null; p90: number | null; p99: number | null; samples: number };
    /** Analyses answered from the cache, per analysis. */
    cacheHitRate: number | null;
    analyses: number;
    /** Failed requests per request (chat answers, analyses and failures). */
    errorRate: number | null;
    errors: number;
    requests: number;
    /** The cache's counters now: entries and the hits they served. */
    insightCache: { entries: number; hits: number };
  };
  business: {
    /** Helpful per rated answer. */
    satisfaction: number | null;
    feedback: { helpful: number; notHelpful: number };
    powerUserThreshold: number;
    powerUsers: RawMetrics["powerUsers"];
  };
  alerts: AlertFlags;
  thresholds: typeof ALERT_THRESHOLDS;
}

/** The metrics of the raw counts: what the route answers, alerts included. */
export function assistantMetrics(raw: RawMetrics): AssistantMetrics {
  const count = (type: string) => raw.eventCounts[type] ?? 0;
  const opens = count("assistant_opened");
  const analyses = count("insight_calculated");
  const errors = count("assistant_error");
  const requests = raw.conversations + analyses + errors;
  const errorRate = rate(errors, requests);
  const cacheHitRate = rate(raw.cachedInsights, analyses);
  const rated = raw.feedback.helpful + raw.feedback.notHelpful;
  const seconds = raw.sessions.averageSeconds;
  return {
    period: { from: raw.from, to: raw.to },
    usage: {
      activeUsers: raw.activeUsers,
      opens,
      opensPerUserPerDay: rate(opens, raw.openUserDays),
      kitSwitchRate: rate(count("kit_switched"), opens),
      actionClickRate: rate(count("action_clicked"), opens),
      deepLinkConversion: rate(count("deep_link_clicked"), count("deep_link_shown")),
      sessions: raw.sessions.count,
      averageSessionSeconds: seconds === null ? null : Math.round(seconds * 10) / 10,
      daily: raw.daily.map((day) => ({ ...day, opensPerUser: rate(day.opens, day.users) })),
    },
    performance: {
      responseTimeMs: {
        p50: raw.responseTimes.p50,
        p90: raw.responseTimes.p90,
        p99: raw.responseTimes.p99,
        samples: raw.responseTimes.count,
      },
      cacheHitRate,
      analyses,
      errorRate,
      errors,
      requests,
      insightCache: raw.insightCache,
    },
    business: {
      satisfaction: rate(raw.feedback.helpful, rated),
      feedback: raw.feedback,
      powerUserThreshold: POWER_USER_OPENS_PER_DAY,
      powerUsers: raw.powerUsers,
    },
    alerts: alertFlags({ errorRate, p90ResponseMs: raw.responseTimes.p90, cacheHitRate }),
    thresholds: ALERT_THRESHOLDS,
  };
}
