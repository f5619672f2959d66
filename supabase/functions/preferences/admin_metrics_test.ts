import { deepEqual, equal, throws } from "node:assert/strict";
import { HttpError } from "../_shared/errors.ts";
import { assistantMetrics, metricsPeriod, rate, type RawMetrics } from "./admin_metrics.ts";

const raw: RawMetrics = {
  from: "2030-01-01T00:00:00Z",
  to: "2030-01-08T00:00:00Z",
  activeUsers: 3,
  eventCounts: {
    assistant_opened: 40,
    kit_switched: 10,
    action_clicked: 8,
    deep_link_shown: 20,
    deep_link_clicked: 5,
    assistant_error: 2,
    insight_calculated: 90,
  },
  cachedInsights: 63,
  openUserDays: 5,
  daily: [{ day: "2030-01-01", opens: 12, users: 2 }],
  powerUsers: [{ userId: "u1", peakOpensPerDay: 11, daysOverTen: 1 }],
  sessions: { count: 4, averageSeconds: 93.25 },
  responseTimes: { count: 100, p50: 120, p90: 1500, p99: 2400 },
  conversations: 8,
  feedback: { helpful: 3, notHelpful: 1 },
  insightCache: { entries: 7, hits: 63 },
};

Deno.test("assistantMetrics() computes the document's rates", () => {
  const metrics = assistantMetrics(raw);
  equal(metrics.usage.opensPerUserPerDay, 8);
  equal(metrics.usage.kitSwitchRate, 0.25);
  equal(metrics.usage.actionClickRate, 0.2);
  equal(metrics.usage.deepLinkConversion, 0.25);
  equal(metrics.usage.averageSessionSeconds, 93.3);
  equal(metrics.usage.daily[0].opensPerUser, 6);
  equal(metrics.performance.cacheHitRate, 0.7);
  equal(metrics.performance.requests, 100);
  equal(metrics.performance.errorRate, 0.02);
  equal(metrics.business.satisfaction, 0.75);
  deepEqual(metrics.business.powerUsers, raw.powerUsers);
});

Deno.test("assistantMetrics() flags what crossed the thresholds", () => {
  deepEqual(assistantMetrics(raw).alerts, {
    errorRate: true,
    responseTime: true,
    cacheHitRate: true,
    any: true,
  });
  const calm = assistantMetrics({
    ...raw,
    eventCounts: { ...raw.eventCounts, assistant_error: 0 },
    cachedInsights: 80,
    responseTimes: { count: 3, p50: 100, p90: 200, p99: 900 },
  });
  equal(calm.alerts.any, false);
});

Deno.test("assistantMetrics() of an empty period has no rates and no alerts", () => {
  const metrics = assistantMetrics({
    ...raw,
    activeUsers: 0,
    eventCounts: {},
    cachedInsights: 0,
    openUserDays: 0,
    daily: [],
    powerUsers: [],
    sessions: { count: 0, averageSeconds: null },
    responseTimes: { count: 0, p50: null, p90: null, p99: null },
    conversations: 0,
    feedback: { helpful: 0, notHelpful: 0 },
  });
  equal(metrics.usage.opensPerUserPerDay, null);
  equal(metrics.performance.errorRate, null);
  equal(metrics.business.satisfaction, null);
  equal(metrics.alerts.any, false);
});

Deno.test("rate() is null without a denominator", () => {
  equal(rate(0, 0), null);
  equal(rate(2, 3), 0.6667);
});

const now = new Date("2030-06-15T12:00:00Z");
const periodOf = (query: string) => metricsPeriod(new URLSearchParams(query), now);

function refusal(query: string): Record<string, string[]> {
  let errors: Record<string, string[]> = {};
  throws(() => periodOf(query), (error: unknown) => {
    equal((error as HttpError).status, 422);
    errors = (error as HttpError).extra.errors ?? {};
    return true;
  });
  return errors;
}

Deno.test("metricsPeriod() defaults to the last 7 days", () => {
  const period = periodOf("");
  equal(period.to.toISOString(), "2030-06-15T12:00:00.000Z");
  equal(period.from.toISOString(), "2030-06-08T12:00:00.000Z");
  equal(periodOf("to=2030-01-08").from.toISOString(), "2030-01-01T00:00:00.000Z");
});

Deno.test("metricsPeriod() takes dates and timestamps", () => {
  const period = periodOf("from=2030-01-01&to=2030-01-02T06:00:00Z");
  equal(period.from.toISOString(), "2030-01-01T00:00:00.000Z");
  equal(period.to.toISOString(), "2030-01-02T06:00:00.000Z");
});

Deno.test("metricsPeriod() refuses what is not a period with a 422 naming the field", () => {
  deepEqual(Object.keys(refusal("from=yesterday&to=nope")), ["from", "to"]);
  deepEqual(Object.keys(refusal("from=2030-01-02&to=2030-01-01")), ["from"]);
  deepEqual(Object.keys(refusal("from=2030-01-01&to=2030-01-01")), ["from"]);
  deepEqual(Object.keys(refusal("from=2028-01-01&to=2030-01-01")), ["from"]);
});
