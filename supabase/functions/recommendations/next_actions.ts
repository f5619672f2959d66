/**
 * Next actions: what the producer should do now, from their stored work, ranked by
 * urgency × impact. The findings come from the analyzers' pure modules (blockers, critical
 * path, staffing, missing shots, readiness), so the assistant and the analyzers agree. @module
 */
import { findBlockers } from "../_shared/analysis/blockers.ts";
import { criticalPath } from "../_shared/analysis/critical_path.ts";
import { missingShots } from "../_shared/analysis/missing_shots.ts";
import { readinessReport } from "../_shared/analysis/readiness.ts";
import type { EventInput, GalleryAsset, Sample, ShotItem } from "../_shared/analysis/schemas.ts";
import { staffingReport } from "../_shared/analysis/staffing.ts";
import {
  clampScore,
  MAX_RECOMMENDATIONS,
  oneDecimal,
  plural,
  type Recommendation,
  topRecommendations,
} from "./recommendation.ts";

/** The caller's stored work, as the loaders in `_shared/stored/` read it. */
export interface UserWork {
  samples: readonly Sample[];
  /** Events the caller owns or is a member of; ended ones are ignored. */
  events: readonly EventInput[];
  assets: readonly GalleryAsset[];
  shotList: readonly ShotItem[];
}

export type NextActionKind =
  | "late_heroes"
  | "blocked_task"
  | "overdue_task"
  | "deadline_soon"
  | "dependency_error"
  | "staffing_gap"
  | "missing_shots"
  | "readiness"
  | "photo_review"
  | "get_started"
  | "routine_check";

export type Kit = "logistics" | "events" | "media";

export interface NextActionItem {
  kind: NextActionKind;
  /** The part of the app the action belongs to. */
  kit: Kit;
  title: string;
  /** How soon it must be done, 0–1. */
  urgency: number;
  /** How much it matters if it is not, 0–1. */
  impact: number;
  eventId?: string;
  taskId?: string;
  /** How many things the action covers (samples, shots, people, photos). */
  count?: number;
}

export type NextAction = Recommendation<NextActionItem>;

const HOUR_MS = 3_600_000;
/** Deadlines this close are "within 24 h". */
const DEADLINE_SOON_HOURS = 24;
/** How many names a rationale lists before "and N more". */
const NAMES_SHOWN = 3;
/** At least this many actions are returned (padded with routine checks of the kits in use). */
const MIN_ACTIONS = 3;

/**
 * Urgency from the hours left until something must be done: 1 when the time has come, 1/2 two
 * days out, 1/4 six days out (`1 / (1 + hours / 48)`).
 */
export function urgencyWithin(hours: number): number {
  return hours <= 0 ? 1 : 1 / (1 + hours / 48);
}

/** Urgency of a late hero by the blocker's severity (blockers.ts decides the severity). */
const HERO_URGENCY = { critical: 1, warning: 0.7, info: 0.4 } as const;

const ROUND = (value: number) => Math.round(value * 1000) / 1000;

function action(
  item: Omit<NextActionItem, "urgency" | "impact">,
  urgency: number,
  impact: number,
  signals: string,
  link: string,
): NextAction {
  const u = ROUND(Math.min(1, urgency));
  const i = ROUND(Math.min(1, impact));
  return {
    item: { ...item, urgency: u, impact: i },
    score: clampScore(u * i),
    rationale: `${signals} Urgency ${u} × impact ${i}.`,
    action: link,
  };
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

function whenText(hours: number): string {
  if (hours <= 0) return "has started";
  if (hours < 48) return `starts in ${oneDecimal(hours)} h`;
  return `starts in ${oneDecimal(hours / 24)} days`;
}

function lateHeroes(samples: readonly Sample[], now: Date): NextAction[] {
  const heroes = findBlockers(samples, now).filter((b) => b.isHero);
  if (heroes.length === 0) return [];
  const worst = heroes.some((b) => b.severity === "critical")
    ? "critical"
    : heroes.some((b) => b.severity === "warning")
    ? "warning"
    : "info";
  const names = heroes.map((b) =>
    b.daysLate > 0
      ? `${b.name} (${plural(Number(oneDecimal(b.daysLate)), "day")} late)`
      : `${b.name} (due after its shoot)`
  );
  return [action(
    {
      kind: "late_heroes",
      kit: "logistics",
      title: `Chase ${plural(heroes.length, "late hero sample")}`,
      count: heroes.length,
    },
    HERO_URGENCY[worst],
    0.8 + 0.05 * (heroes.length - 1),
    `Late hero samples: ${listed(names)}; most severe blocker: ${worst}.`,
    "/logistics/samples?filter=late",
  )];
}

function readinessGap(samples: readonly Sample[], now: Date): NextAction[] {
  if (samples.length === 0) return [];
  const report = readinessReport(samples);
  const notReady = report.total - report.ready - report.byStatus.returned;
  if (notReady <= 0) return [];
  const nowMs = now.getTime();
  const shoots = samples
    .map((s) => (s.shootDate ? Date.parse(s.shootDate) : NaN))
    .filter((ms) => !Number.isNaN(ms) && ms >= nowMs - 24 * HOUR_MS);
  const nextShoot = shoots.length ? Math.min(...shoots) : undefined;
  const hours = nextShoot === undefined ? undefined : (nextShoot - nowMs) / HOUR_MS;
  const shootText = hours === undefined
    ? "no shoot date set"
    : hours <= 0
    ? "the shoot is today"
    : `next shoot in ${oneDecimal(hours / 24)} days`;
  return [action(
    {
      kind: "readiness",
      kit: "logistics",
      title: `Get ${plural(notReady, "sample")} on set`,
      count: notReady,
    },
    hours === undefined ? 0.2 : 0.6 * urgencyWithin(hours),
    0.6 * (1 - report.percent / 100),
    `Readiness ${report.percent}%: ${notReady} of ${report.total} samples not on set yet; ${shootText}.`,
    "/logistics/samples?filter=not_ready",
  )];
}

function eventActions(event: EventInput, now: Date): NextAction[] {
  const nowMs = now.getTime();
  const startMs = Date.parse(event.startsAt);
  const endMs = Date.parse(event.endsAt);
  if (Number.isNaN(startMs) || (!Number.isNaN(endMs) && endMs < nowMs)) return [];
  const hoursToStart = (startMs - nowMs) / HOUR_MS;
  const startUrgency = urgencyWithin(hoursToStart);
  const where = `"${event.name}" ${whenText(hoursToStart)}`;
  const taskLink = (taskId: string) =>
    `/events/${encodeURIComponent(event.id)}/tasks/${encodeURIComponent(taskId)}`;
  const out: NextAction[] = [];

  const path = criticalPath(event, now);
  const critical = new Set<string>();
  const byTask = new Map<string, NextAction>();
  if (path.error) {
    out.push(action(
      {
        kind: "dependency_error",
        kit: "events",
        title: `Fix the task dependencies of "${event.name}"`,
        eventId: event.id,
      },
      startUrgency,
      0.8,
      `Tasks of "${event.name}" (${whenText(hoursToStart)}) cannot be ordered: ${
        path.error.message.replace(/^Cannot schedule tasks: /, "")
      }.`,
      `/events/${encodeURIComponent(event.id)}/tasks`,
    ));
  } else {
    for (const task of path.data.tasks) if (task.critical) critical.add(task.id);
    for (const risk of path.data.atRisk) {
      const blocked = risk.reasons.includes("blocked");
      byTask.set(
        risk.id,
        action(
          {
            kind: blocked ? "blocked_task" : "overdue_task",
            kit: "events",
            title: blocked ? `Unblock "${risk.title}"` : `Finish overdue "${risk.title}"`,
            eventId: event.id,
            taskId: risk.id,
          },
          blocked ? startUrgency : 1,
          blocked ? 1 : 0.9,
          `${blocked ? "Blocked" : "Past its deadline"} on the critical path of ${where}` +
            (path.data.onTrack
              ? "."
              : `; setup is projected ${-(path.data.bufferMinutes ?? 0)} min late.`),
          taskLink(risk.id),
        ),
      );
    }
  }

  for (const task of event.tasks) {
    if (task.status === "done" || !task.deadline) continue;
    const hoursLeft = (Date.parse(task.deadline) - nowMs) / HOUR_MS;
    if (!(hoursLeft > 0 && hoursLeft <= DEADLINE_SOON_HOURS)) continue;
    const isCritical = critical.has(task.id);
    const soon = action(
      {
        kind: "deadline_soon",
        kit: "events",
        title: `Finish "${task.title}"`,
        eventId: event.id,
        taskId: task.id,
      },
      urgencyWithin(hoursLeft),
      isCritical ? 0.9 : 0.6,
      `Deadline in ${oneDecimal(hoursLeft)} h (${task.status.replace("_", " ")}` +
        `${isCritical ? ", on the critical path" : ""}) for ${where}.`,
      taskLink(task.id),
    );
    const known = byTask.get(task.id);
    if (!known) {
      byTask.set(task.id, soon);
    } else {
      // One action per task: the stronger score, with both signals named.
      const [kept, other] = known.score >= soon.score ? [known, soon] : [soon, known];
      byTask.set(task.id, {
        ...kept,
        rationale: `${kept.rationale} Also: ${other.rationale.replace(/ Urgency .*$/, "")}`,
      });
    }
  }
  out.push(...byTask.values());

  const gaps = staffingReport(event.staffing).filter((g) => g.gap > 0);
  const short = gaps.reduce((sum, g) => sum + g.gap, 0);
  if (short > 0) {
    out.push(action(
      {
        kind: "staffing_gap",
        kit: "events",
        title: `Staff ${plural(short, "open role")} for "${event.name}"`,
        eventId: event.id,
        count: short,
      },
      startUrgency,
      0.4 + 0.1 * short,
      `Staffing gaps for ${where}: ${listed(gaps.map((g) => `${g.gap} ${g.role}`))}.`,
      `/events/${encodeURIComponent(event.id)}/staffing`,
    ));
  }
  return out;
}

function mediaActions(
  assets: readonly GalleryAsset[],
  shotList: readonly ShotItem[],
): NextAction[] {
  const out: NextAction[] = [];
  const missing = missingShots(assets, shotList).filter((m) => m.required);
  const units = missing.reduce((sum, m) => sum + m.missing, 0);
  if (units > 0) {
    const looks = new Set(missing.map((m) => m.lookId));
    out.push(action(
      {
        kind: "missing_shots",
        kit: "media",
        title: `Shoot ${plural(units, "missing required shot")}`,
        count: units,
      },
      0.5,
      0.4 + 0.05 * units,
      `Required shots missing: ${units} across ${plural(looks.size, "look")} ` +
        `(${listed(missing.map((m) => `${m.lookId} ${m.shotType}`))}).`,
      "/media/shots?missing=1",
    ));
  }
  const pending = assets.filter((a) => (a.status ?? "pending") === "pending").length;
  if (pending > 0) {
    out.push(action(
      {
        kind: "photo_review",
        kit: "media",
        title: `Review ${plural(pending, "pending photo")}`,
        count: pending,
      },
      0.3,
      0.2 + 0.01 * pending,
      `Photos awaiting approval: ${pending} of ${assets.length}.`,
      "/media/gallery?status=pending",
    ));
  }
  return out;
}

/** A kit with nothing stored yet: how to start. */
const GET_STARTED: Record<Kit, { title: string; signal: string; link: string }> = {
  logistics: {
    title: "Add the samples for your next shoot",
    signal: "No samples stored yet.",
    link: "/logistics/samples/new",
  },
  events: { title: "Create your next event", signal: "No upcoming events.", link: "/events/new" },
  media: {
    title: "Build a shot list",
    signal: "No shot list stored yet.",
    link: "/media/shots/new",
  },
};

/** A kit in use with nothing to flag: a routine look, only to make up the minimum. */
const ROUTINE: Record<Kit, { title: string; link: string }> = {
  logistics: { title: "Look over your samples", link: "/logistics/samples" },
  events: { title: "Look over your events", link: "/events" },
  media: { title: "Look over your gallery", link: "/media/gallery" },
};

/**
 * The 3–5 next actions for `work` at `now`, best first. Each action's score is urgency × impact
 * (both in [0, 1]; the item carries them), its rationale names the findings behind it, and
 * `action` is a deep link into the app.
 *
 * - late hero samples (blockers.ts): one action; urgency by the worst blocker's severity
 *   (critical 1, warning 0.7, info 0.4), impact 0.8 + 0.05 per further hero;
 * - critical-path tasks at risk (critical_path.ts): blocked ones with the urgency of the event's
 *   start, impact 1; overdue ones urgency 1, impact 0.9;
 * - deadlines within 24 h of unfinished tasks: urgency by hours left, impact 0.9 on the critical
 *   path, else 0.6 (one action per task: the stronger of this and the risk above);
 * - staffing gaps (staffing.ts): one action per event, urgency of its start, impact 0.4 + 0.1
 *   per missing person;
 * - missing required shots (missing_shots.ts): urgency 0.5, impact 0.4 + 0.05 per shot;
 * - lower-stakes work: samples not on set (readiness.ts), photos to review; kits with nothing
 *   stored get a "get started" action, and routine checks of kits in use make up the minimum.
 *
 * Urgency from time left is `urgencyWithin(hours)`; ended events are ignored.
 *
 * @example A blocked task on the critical path of a show tomorrow
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { nextActions } from "./next_actions.ts";
 *
 * const [first] = nextActions({
 *   samples: [], assets: [], shotList: [],
 *   events: [{
 *     id: "e1", name: "Show", startsAt: "2025-03-02T18:00:00Z", endsAt: "2025-03-02T20:00:00Z",
 *     tasks: [{ id: "t1", title: "Rig lights", status: "blocked", durationMinutes: 60, dependsOn: [] }],
 *   }],
 * }, new Date("2025-03-01T18:00:00Z"));
 * equal(first.action, "/events/e1/tasks/t1");
 * equal(first.score, 0.667); // urgency 1 / (1 + 24 / 48) × impact 1
 * ```
 */
export function nextActions(work: UserWork, now: Date): NextAction[] {
  const candidates: NextAction[] = [
    ...lateHeroes(work.samples, now),
    ...readinessGap(work.samples, now),
    ...work.events.flatMap((event) => eventActions(event, now)),
    ...mediaActions(work.assets, work.shotList),
  ];
  const nowMs = now.getTime();
  const upcoming = work.events.some((e) => !(Date.parse(e.endsAt) < nowMs));
  const inUse: Record<Kit, boolean> = {
    logistics: work.samples.length > 0,
    events: upcoming,
    media: work.shotList.length > 0 || work.assets.length > 0,
  };
  for (const kit of Object.keys(GET_STARTED) as Kit[]) {
    if (inUse[kit]) continue;
    const start = GET_STARTED[kit];
    candidates.push(
      action({ kind: "get_started", kit, title: start.title }, 0.2, 0.3, start.signal, start.link),
    );
  }
  const ranked = topRecommendations(
    candidates,
    (c) => `${c.item.kind}\n${c.item.title}`,
    MAX_RECOMMENDATIONS,
  );
  for (const kit of Object.keys(ROUTINE) as Kit[]) {
    if (ranked.length >= MIN_ACTIONS) break;
    if (!inUse[kit] || ranked.some((r) => r.item.kit === kit)) continue;
    const routine = ROUTINE[kit];
    ranked.push(action(
      { kind: "routine_check", kit, title: routine.title },
      0.1,
      0.3,
      `Nothing flagged in your ${kit} work (no late heroes, blocked or due tasks, staffing gaps ` +
        "or missing shots).",
      routine.link,
    ));
  }
  return ranked;
}
