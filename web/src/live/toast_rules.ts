/**
 * Which live events deserve a toast, and its words. Pure, so the rules are tested on their own
 * (toast_rules_test.ts). What matters: a blocker resolved, a hero sample that changed hands,
 * a deadline within 24 h, a task that became blocked, a rejected photo. A change this page made
 * itself gets none (the person just did it), and the user's notification preferences can mute
 * an event type.
 */

export type ToastKind = "info" | "success" | "warning" | "critical";

export interface LiveEventLike {
  type: string;
  [key: string]: unknown;
}

export interface ToastContext {
  /** Ids of the samples that were blockers before this event. */
  blockerIds: ReadonlySet<string>;
  /** Ids of the rows this page changed itself, recently. */
  ownChanges: ReadonlySet<string>;
  /** notification_preferences: event type -> wanted (absent means wanted). */
  notify?: Record<string, boolean>;
}

export interface ToastWords {
  kind: ToastKind;
  title: string;
  body?: string;
}

const READY = new Set(["on_set", "shot"]);

export const STATUS_WORDS: Record<string, string> = {
  requested: "requested",
  in_transit: "in transit",
  awaiting: "awaiting",
  on_set: "on set",
  shot: "shot",
  returned: "returned",
  todo: "to do",
  in_progress: "in progress",
  blocked: "blocked",
  done: "done",
};

const words = (status: unknown) => STATUS_WORDS[String(status)] ?? String(status);

export function toastForEvent(event: LiveEventLike, context: ToastContext): ToastWords | null {
  if (context.notify?.[event.type] === false) return null;
  const id = String(event.sampleId ?? event.taskId ?? event.assetId ?? "");
  if (context.ownChanges.has(id)) return null;
  switch (event.type) {
    case "sample_status_changed": {
      const name = String(event.name ?? "A sample");
      if (context.blockerIds.has(id) && READY.has(String(event.newStatus))) {
        return {
          kind: "success",
          title: "Blocker resolved",
          body: `${name} is ${words(event.newStatus)}.`,
        };
      }
      return {
        kind: "info",
        title: event.isHero
          ? `Hero sample ${words(event.newStatus)}`
          : `Sample ${words(event.newStatus)}`,
        body: `${name}: ${words(event.oldStatus)} → ${words(event.newStatus)}.`,
      };
    }
    case "deadline_approaching": {
      const hours = Number(event.hoursLeft);
      const left = Number.isFinite(hours) ? ` ${hours} h left.` : "";
      return {
        kind: "warning",
        title: "Deadline within 24 h",
        body: `${String(event.title)}.${left}`,
      };
    }
    case "task_status_changed":
      if (event.newStatus !== "blocked") return null;
      return { kind: "warning", title: "Task blocked", body: `${String(event.title)} is blocked.` };
    case "asset_rejected": {
      const shot = [event.lookId, event.shotType].filter(Boolean).join(" · ");
      return {
        kind: "warning",
        title: "Photo rejected",
        body: shot ? `${shot} needs a reshoot.` : undefined,
      };
    }
    default:
      return null;
  }
}

/** After a refresh: hero samples that became late since the last look (warning each). */
export function newlyLateHeroes(
  before: readonly { sampleId: string; isHero: boolean; severity: string }[],
  after: readonly {
    sampleId: string;
    isHero: boolean;
    severity: string;
    name: string;
    reason: string;
  }[],
): ToastWords[] {
  const known = new Set(before.filter((b) => b.isHero).map((b) => b.sampleId));
  return after
    .filter((b) => b.isHero && b.severity !== "info" && !known.has(b.sampleId))
    .map((b) => ({
      kind: "warning" as const,
      title: "Hero sample late",
      body: `${b.name}: ${b.reason}`,
    }));
}
