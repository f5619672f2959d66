/**
 * Assistant UI events (assistant_opened, kit_switched, action_clicked, deep_link_followed) for
 * the product's metrics. Fire and forget: a failed report never bothers the person.
 */
import { supabase } from "../supabase.ts";

/** One assistant session per tab: a reload keeps it (and so its history). */
export const SESSION_ID = (() => {
  const stored = sessionStorage.getItem("fashionos.session");
  if (stored) return stored;
  const id = crypto.randomUUID();
  sessionStorage.setItem("fashionos.session", id);
  return id;
})();

export function reportEvent(
  eventType: string,
  details: { eventData?: Record<string, unknown>; kitContext?: string } = {},
) {
  supabase().functions.invoke("chat-orchestrator/events", {
    body: {
      eventType,
      eventData: details.eventData,
      kitContext: details.kitContext,
      pageRoute: location.pathname,
      sessionId: SESSION_ID,
    },
  }).catch(() => {});
}
