/**
 * The logistics skills: readiness, late samples and batching, as answers with their figures,
 * over the logistics analyzer's full result (`analyzeLogistics` with every part).
 */
import type { BatchingPlan, Blocker, ReadinessReport } from "../../_shared/analysis/logistics.ts";
import { count, days, isAre, listOf, minutes, percent, worse } from "../format.ts";
import type { Action, Severity, SkillAnswer } from "../types.ts";
import { FOLLOW_UPS } from "./follow_up.ts";

/** Every part of a logistics analysis (what the analyzers' cache holds for stored samples). */
export interface FullLogistics {
  readiness: ReadinessReport;
  blockers: Blocker[];
  batching: BatchingPlan;
}

export const LATE_SAMPLES = "/logistics/samples?filter=late";
export const SAMPLES = "/logistics/samples";
export const BATCHING = "/logistics/batching";

/** The worst severity among blockers; none → undefined. */
export function blockerSeverity(blockers: readonly Blocker[]): Severity | undefined {
  let severity: Severity | undefined;
  for (const blocker of blockers) severity = worse(severity, blocker.severity);
  return severity;
}

const lateness = (b: Blocker) =>
  b.daysLate > 0 ? `${b.name} (${days(b.daysLate)} late)` : `${b.name} (arrives after the shoot)`;

const noSamples = (): SkillAnswer => ({
  content: "You have no samples tracked yet: add the samples for your shoot to see readiness, " +
    "late pieces and batching.",
  severity: "info",
  actions: [{ label: "Add samples", target: `${SAMPLES}/new`, primary: true }],
  followUp: ["What should I do next?", "Which shots are missing?"],
  facts: { total: 0 },
});

/**
 * "Readiness is 63%: 5 of 8 samples are on set or shot; 2 hero samples are late: ...".
 * Severity follows the blockers (a late hero is critical); all ready is a success.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { analyzeLogistics, logisticsPartsFor } from "../../_shared/analysis/logistics.ts";
 * import { readinessAnswer, type FullLogistics } from "./logistics.ts";
 *
 * const full = analyzeLogistics([
 *   { id: "s1", name: "Gown", category: "dresses", status: "shot", isHero: true },
 * ], logisticsPartsFor("all"), new Date()) as FullLogistics;
 * equal(readinessAnswer(full).severity, "success");
 * ```
 */
export function readinessAnswer(full: FullLogistics): SkillAnswer {
  const { readiness, blockers } = full;
  if (readiness.total === 0) return noSamples();
  const lateHeroes = blockers.filter((b) => b.isHero);
  let content = `Readiness is ${percent(readiness.percent)}: ${readiness.ready} of ` +
    `${count(readiness.total, "sample")} ${isAre(readiness.ready)} on set or shot`;
  if (lateHeroes.length > 0) {
    content += `; ${count(lateHeroes.length, "hero sample")} ${isAre(lateHeroes.length)} late: ` +
      `${listOf(lateHeroes.map(lateness))}.`;
  } else if (readiness.heroes.total > 0) {
    content += `; ${readiness.heroes.ready} of ${count(readiness.heroes.total, "hero sample")} ` +
      `${isAre(readiness.heroes.ready)} ready.`;
  } else {
    content += ".";
  }
  const others = blockers.length - lateHeroes.length;
  if (others > 0) content += ` ${count(others, "other sample")} ${isAre(others)} late.`;
  const least = readiness.leastReadyCategories[0];
  if (readiness.leastReadyCategories.length > 1 && least.percent < 100) {
    content += ` Least ready: ${least.category} (${least.ready} of ${least.total}).`;
  }
  const severity = blockerSeverity(blockers) ?? (readiness.percent === 100 ? "success" : "info");
  const actions: Action[] = blockers.length > 0
    ? [
      { label: "Review late samples", target: LATE_SAMPLES, primary: true },
      { label: "Open samples", target: SAMPLES },
    ]
    : [{ label: "Open samples", target: SAMPLES, primary: true }];
  return {
    content,
    severity,
    actions,
    followUp: FOLLOW_UPS.readiness,
    facts: {
      percent: readiness.percent,
      ready: readiness.ready,
      total: readiness.total,
      heroes: readiness.heroes,
      byStatus: readiness.byStatus,
      leastReadyCategories: readiness.leastReadyCategories.slice(0, 3),
      lateHeroes: lateHeroes.map((b) => ({ name: b.name, daysLate: b.daysLate })),
      otherLateSamples: others,
    },
  };
}

/**
 * The late (or arriving-after-the-shoot) samples, heroes first, with what to do about each.
 */
export function blockersAnswer(full: FullLogistics): SkillAnswer {
  const { blockers } = full;
  if (full.readiness.total === 0) return noSamples();
  if (blockers.length === 0) {
    return {
      content: "No samples are late: every sample not yet on set is within its expected arrival.",
      severity: "success",
      actions: [{ label: "Open samples", target: SAMPLES, primary: true }],
      followUp: FOLLOW_UPS.blockers,
      facts: { blockers: [] },
    };
  }
  const bySeverity = (s: string) => blockers.filter((b) => b.severity === s).length;
  const tally = (["critical", "warning", "info"] as const)
    .map((s) => [bySeverity(s), s] as const)
    .filter(([n]) => n > 0)
    .map(([n, s]) => `${n} ${s}`)
    .join(", ");
  const top = blockers.slice(0, 3).map((b) =>
    `${b.name}${b.isHero ? " (hero)" : ""}: ${b.reason}. ${b.suggestedAction}.`
  );
  const rest = blockers.length - top.length;
  const content = `${count(blockers.length, "sample")} ${isAre(blockers.length)} late or at risk ` +
    `(${tally}). ${top.join(" ")}${rest > 0 ? ` And ${rest} more.` : ""}`;
  return {
    content,
    severity: blockerSeverity(blockers),
    actions: [
      { label: "Review late samples", target: LATE_SAMPLES, primary: true },
      ...blockers.slice(0, 2).map((b) => ({
        label: `Open ${b.name}`,
        target: `${SAMPLES}/${encodeURIComponent(b.sampleId)}`,
      })),
    ],
    followUp: FOLLOW_UPS.blockers,
    facts: {
      blockers: blockers.slice(0, 10).map((b) => ({
        name: b.name,
        isHero: b.isHero,
        severity: b.severity,
        daysLate: b.daysLate,
        daysToShoot: b.daysToShoot,
        reason: b.reason,
        suggestedAction: b.suggestedAction,
      })),
      total: blockers.length,
    },
  };
}

/** Batches by category and the minutes batching saves. */
export function batchingAnswer(full: FullLogistics): SkillAnswer {
  const plan = full.batching;
  if (full.readiness.total === 0) return noSamples();
  if (plan.itemCount === 0) {
    return {
      content: "Nothing left to batch: every sample is shot or returned.",
      severity: "success",
      actions: [{ label: "Open samples", target: SAMPLES, primary: true }],
      followUp: FOLLOW_UPS.batching,
      facts: { itemCount: 0 },
    };
  }
  const batches = plan.batches.map((b) =>
    `${b.category} (${count(b.itemCount, "sample")}${
      b.heroCount > 0 ? `, ${count(b.heroCount, "hero", "heroes")}` : ""
    })`
  );
  const content = `Batching the ${count(plan.itemCount, "remaining sample")} into ` +
    `${count(plan.batches.length, "group")} saves about ${minutes(plan.estimatedMinutesSaved)} ` +
    `(${minutes(plan.minutesBatched)} instead of ${minutes(plan.minutesOneByOne)}). ` +
    `Start with ${listOf(batches)}.`;
  return {
    content,
    severity: "info",
    actions: [
      { label: "Open the batching plan", target: BATCHING, primary: true },
      { label: "Open samples", target: SAMPLES },
    ],
    followUp: FOLLOW_UPS.batching,
    facts: {
      itemCount: plan.itemCount,
      minutesSaved: plan.estimatedMinutesSaved,
      minutesBatched: plan.minutesBatched,
      minutesOneByOne: plan.minutesOneByOne,
      batches: plan.batches.slice(0, 10).map((b) => ({
        category: b.category,
        itemCount: b.itemCount,
        heroCount: b.heroCount,
      })),
    },
  };
}
