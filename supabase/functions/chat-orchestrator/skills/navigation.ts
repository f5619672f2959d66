/** The navigation skill: where in the app a message asks to go. */
import { normalizeMessage } from "../intent.ts";
import type { Action, Kit, SkillAnswer } from "../types.ts";
import { KIT_SUGGESTIONS } from "./follow_up.ts";

interface Place {
  words: RegExp;
  label: string;
  /** The path; `eventId` when the place belongs to one event. */
  target: (eventId?: string) => string;
}

const inEvent = (eventId: string | undefined, page: string) =>
  eventId ? `/events/${encodeURIComponent(eventId)}/${page}` : "/events";

/** Most specific first: "late samples" before "samples". */
const PLACES: readonly Place[] = [
  {
    words: / (settings|preferences) /,
    label: "Assistant settings",
    target: () => "/settings/assistant",
  },
  {
    words: / (late|overdue|delayed) /,
    label: "Late samples",
    target: () => "/logistics/samples?filter=late",
  },
  { words: / batch(es|ing)? /, label: "Batching plan", target: () => "/logistics/batching" },
  { words: / (samples?|logistics|tracker) /, label: "Samples", target: () => "/logistics/samples" },
  {
    words: / (run ?of ?show|rundown|running order) /,
    label: "Run of show",
    target: (id) => inEvent(id, "run-of-show"),
  },
  { words: / (staff(ing)?|crew) /, label: "Staffing", target: (id) => inEvent(id, "staffing") },
  { words: / tasks? /, label: "Tasks", target: (id) => inEvent(id, "tasks") },
  { words: / events? /, label: "Events", target: () => "/events" },
  {
    words: / (missing|shot ?list|shots) /,
    label: "Missing shots",
    target: () => "/media/shots?missing=1",
  },
  { words: / selects? /, label: "Selects", target: () => "/media/selects" },
  {
    words: / (gallery|photos?|images?|media|assets?) /,
    label: "Gallery",
    target: () => "/media/gallery",
  },
];

/** The kit's main pages, offered when the message names no place. */
const KIT_PAGES: Record<Kit, Action[]> = {
  logistics: [{ label: "Samples", target: "/logistics/samples" }, {
    label: "Late samples",
    target: "/logistics/samples?filter=late",
  }],
  events: [{ label: "Events", target: "/events" }],
  media: [{ label: "Gallery", target: "/media/gallery" }, {
    label: "Missing shots",
    target: "/media/shots?missing=1",
  }],
  general: [
    { label: "Samples", target: "/logistics/samples" },
    { label: "Events", target: "/events" },
    { label: "Gallery", target: "/media/gallery" },
  ],
};

/**
 * The place a message names, as a primary deep link; without one, the kit's main pages.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { navigationAnswer } from "./navigation.ts";
 *
 * const answer = navigationAnswer("Take me to the late samples", "general");
 * equal(answer.actions?.[0].target, "/logistics/samples?filter=late");
 * ```
 */
export function navigationAnswer(message: string, kit: Kit, eventId?: string): SkillAnswer {
  const text = normalizeMessage(message);
  const place = PLACES.find((p) => p.words.test(text));
  if (!place) {
    return {
      content: "Where would you like to go? Here are the main pages.",
      severity: "info",
      actions: KIT_PAGES[kit].map((a, i) => (i === 0 ? { ...a, primary: true } : a)),
      followUp: KIT_SUGGESTIONS[kit],
    };
  }
  const target = place.target(eventId);
  return {
    content: `Opening ${place.label.toLowerCase()}.`,
    actions: [{ label: place.label, target, primary: true }],
    followUp: KIT_SUGGESTIONS[kit],
    facts: { target },
  };
}
