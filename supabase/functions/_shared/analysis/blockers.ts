/** Samples that threaten a shoot: late, or arriving after their shoot date. @module */
import { compareText } from "./_compare.ts";
import { DAY_MS, roundTo1, toMillis } from "./_time.ts";
import type { Sample, SampleStatus } from "./schemas.ts";

export type BlockerSeverity = "critical" | "warning" | "info";

/**
 * `overdue`: the expected arrival has passed; `arrives_after_shoot`: the expected arrival is
 * later than the shoot date. A sample can be both (late, and its shoot has come and gone).
 */
export type BlockerReasonCode = "overdue" | "arrives_after_shoot";

export interface Blocker {
  sampleId: string;
  name: string;
  category: string;
  status: SampleStatus;
  isHero: boolean;
  lookId: string | null;
  designer: string | null;
  expectedAt: string;
  shootDate: string | null;
  /** Days past `expectedAt`, one decimal; 0 while the expected arrival is still ahead. */
  daysLate: number;
  /** Days until the shoot, one decimal; negative once it has passed; null without a date. */
  daysToShoot: number | null;
  severity: BlockerSeverity;
  reasonCodes: BlockerReasonCode[];
  reason: string;
  suggestedAction: string;
}

/** Statuses of a sample that has not reached the set yet. */
const NOT_YET_ON_SET: ReadonlySet<SampleStatus> = new Set<SampleStatus>([
  "requested",
  "in_transit",
  "awaiting",
]);

/** A shoot this close (or already past) leaves no time to recover a missing piece. */
const SHOOT_SOON_DAYS = 2;
/** From this many days late a non-hero piece is worth chasing today. */
const LONG_OVERDUE_DAYS = 3;

const SEVERITY_RANK: Record<BlockerSeverity, number> = { critical: 0, warning: 1, info: 2 };

const STATUS_LABEL: Record<SampleStatus, string> = {
  requested: "requested",
  in_transit: "in transit",
  awaiting: "awaiting",
  on_set: "on set",
  shot: "shot",
  returned: "returned",
};

interface Timing {
  lateMs: number;
  daysToShoot: number | null;
  /** The shoot is within {@linkcode SHOOT_SOON_DAYS} days, or already past. */
  shootSoon: boolean;
  overdue: boolean;
  arrivesAfterShoot: boolean;
}

/**
 * The severity rule, from the producer's question "will this stop a look being shot?":
 * - critical: a hero piece that is overdue, or whose shoot is within 2 days (or past);
 * - warning: any other hero blocker (it arrives after a shoot that is still > 2 days away);
 *   a non-hero piece that arrives after its shoot, whose shoot is within 2 days, or that is
 *   3 or more days overdue;
 * - info: a non-hero piece a little overdue with no shoot pressure.
 */
function severityOf(isHero: boolean, timing: Timing): BlockerSeverity {
  if (isHero) return timing.overdue || timing.shootSoon ? "critical" : "warning";
  const longOverdue = timing.lateMs >= LONG_OVERDUE_DAYS * DAY_MS;
  return timing.arrivesAfterShoot || timing.shootSoon || longOverdue ? "warning" : "info";
}

function describeDays(ms: number): string {
  const days = roundTo1(ms / DAY_MS);
  if (days < 1) return "less than a day";
  return days === 1 ? "1 day" : `${days} days`;
}

function reasonText(sample: Sample, timing: Timing, expectedMs: number, shootMs?: number) {
  const parts: string[] = [];
  if (timing.overdue) {
    parts.push(`Expected ${describeDays(timing.lateMs)} ago, still ${STATUS_LABEL[sample.status]}`);
  }
  if (timing.arrivesAfterShoot && shootMs !== undefined) {
    parts.push(`Expected ${describeDays(expectedMs - shootMs)} after the shoot date`);
  }
  return parts.join("; ");
}

function suggestedActionFor(sample: Sample, timing: Timing, severity: BlockerSeverity): string {
  let action: string;
  if (timing.arrivesAfterShoot) {
    action = "Expedite delivery or move this look to a later shoot";
  } else if (sample.status === "requested") {
    action = `Confirm dispatch with ${sample.designer || "the lender"}`;
  } else if (sample.status === "in_transit") {
    action = "Get a tracking update from the courier";
  } else {
    action = `Chase ${sample.designer || "the lender"} for a firm arrival time`;
  }
  return severity === "critical" && timing.shootSoon
    ? `${action}, and line up a backup piece`
    : action;
}

/**
 * Samples not yet on set (`requested`, `in_transit`, `awaiting`) whose `expectedAt` has passed
 * or falls after their `shootDate`. Samples without `expectedAt` are never blockers: there is
 * no promise to be late on. Sorted heroes first, then severity, then days late (most first),
 * then id.
 *
 * @example A hero piece two days late
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { findBlockers } from "./blockers.ts";
 *
 * const [blocker] = findBlockers([{
 *   id: "s1", name: "Silk gown", category: "dresses", status: "in_transit", isHero: true,
 *   expectedAt: "2025-03-01T09:00:00Z",
 * }], new Date("2025-03-03T09:00:00Z"));
 * equal(blocker.severity, "critical");
 * equal(blocker.daysLate, 2);
 * ```
 */
export function findBlockers(samples: readonly Sample[], now: Date): Blocker[] {
  const nowMs = now.getTime();
  const found: { blocker: Blocker; lateMs: number }[] = [];

  for (const sample of samples) {
    if (!NOT_YET_ON_SET.has(sample.status)) continue;
    const expectedMs = toMillis(sample.expectedAt);
    if (expectedMs === undefined) continue;
    const shootMs = toMillis(sample.shootDate);

    const timing: Timing = {
      lateMs: Math.max(0, nowMs - expectedMs),
      daysToShoot: shootMs === undefined ? null : roundTo1((shootMs - nowMs) / DAY_MS),
      shootSoon: shootMs !== undefined && shootMs - nowMs <= SHOOT_SOON_DAYS * DAY_MS,
      overdue: expectedMs < nowMs,
      arrivesAfterShoot: shootMs !== undefined && expectedMs > shootMs,
    };
    if (!timing.overdue && !timing.arrivesAfterShoot) continue;

    const severity = severityOf(sample.isHero, timing);
    const reasonCodes: BlockerReasonCode[] = [];
    if (timing.overdue) reasonCodes.push("overdue");
    if (timing.arrivesAfterShoot) reasonCodes.push("arrives_after_shoot");

    found.push({
      lateMs: timing.lateMs,
      blocker: {
        sampleId: sample.id,
        name: sample.name,
        category: sample.category,
        status: sample.status,
        isHero: sample.isHero,
        lookId: sample.lookId ?? null,
        designer: sample.designer ?? null,
        expectedAt: sample.expectedAt as string,
        shootDate: sample.shootDate ?? null,
        daysLate: roundTo1(timing.lateMs / DAY_MS),
        daysToShoot: timing.daysToShoot,
        severity,
        reasonCodes,
        reason: reasonText(sample, timing, expectedMs, shootMs),
        suggestedAction: suggestedActionFor(sample, timing, severity),
      },
    });
  }

  // Sort on the exact lateness, not the rounded days, so near-ties still order sensibly.
  found.sort((a, b) =>
    Number(b.blocker.isHero) - Number(a.blocker.isHero) ||
    SEVERITY_RANK[a.blocker.severity] - SEVERITY_RANK[b.blocker.severity] ||
    b.lateMs - a.lateMs ||
    compareText(a.blocker.sampleId, b.blocker.sampleId)
  );
  return found.map((entry) => entry.blocker);
}
