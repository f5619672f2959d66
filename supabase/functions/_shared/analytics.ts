/** Records product analytics (`analytics_events`) as the calling user, under RLS. */
import type { UserClaims } from "./auth.ts";
import { asUser, type Sql } from "./db.ts";
import { logEvent } from "./log.ts";

export interface AnalyticsEvent {
  eventType: string;
  eventData: Record<string, unknown>;
  kitContext?: string;
}

/**
 * Inserts one analytics row. Analytics never fail the request they describe: an error is
 * logged and swallowed.
 */
export async function recordAnalytics(
  sql: Sql,
  claims: UserClaims,
  event: AnalyticsEvent,
): Promise<void> {
  try {
    await asUser(
      sql,
      claims,
      (tx) =>
        tx`insert into public.analytics_events (user_id, event_type, event_data, kit_context)
         values (${claims.sub}, ${event.eventType}, ${tx.json(event.eventData as never)},
                 ${event.kitContext ?? null})`,
    );
  } catch (error) {
    logEvent("warn", "analytics event not recorded", {
      eventType: event.eventType,
      error: (error as Error).message,
    });
  }
}
