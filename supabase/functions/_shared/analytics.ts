/**
 * Records product analytics (`analytics_events`) off the response path: rows are queued and
 * written in batches by bookkeeping.ts, as the service role. The row's user is the verified
 * token's `sub`, never something from the body; the PII trigger redacts as before.
 */
import { queueAnalytics } from "./bookkeeping.ts";

export interface AnalyticsEvent {
  eventType: string;
  eventData: Record<string, unknown>;
  kitContext?: string;
}

/** Queues one analytics row for `userId`. Never fails the request it describes. */
export function recordAnalytics(dbUrl: string, userId: string, event: AnalyticsEvent): void {
  queueAnalytics(dbUrl, {
    userId,
    eventType: event.eventType,
    eventData: event.eventData,
    kitContext: event.kitContext ?? null,
    at: new Date().toISOString(),
  });
}
