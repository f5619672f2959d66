/**
 * Package recommendations: production service packages from the catalogue
 * (`public.service_packages`), scored by fit to the caller's stored work, timeline, budget and
 * popularity. @module
 */
import {
  clampScore,
  MAX_RECOMMENDATIONS,
  oneDecimal,
  plural,
  type Recommendation,
  topRecommendations,
} from "./recommendation.ts";

/** A catalogue row. */
export interface ServicePackage {
  id: string;
  slug: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  leadTimeDays: number;
  /** Sample categories it serves (lower case) or event kinds ("runway"). */
  categories: string[];
  includes: string[];
  /** Bookings in the last 12 months. */
  popularity: number;
  /** Event packages: the crew size it is built for; null for shoot packages. */
  crewMin: number | null;
  crewMax: number | null;
}

/** What the caller's stored work says about the packages they need. */
export interface PackageSignals {
  /** Their samples per category (any case). */
  sampleCategories: Record<string, number>;
  /** The earliest shoot date of their samples still to come (ISO date), or null. */
  nextShootDate: string | null;
  /** Their upcoming events, with the crew each requires (sum of `staffing_required`). */
  events: { name: string; startsAt: string; crew: number }[];
}

export interface PackageRequest {
  /** In the catalogue's currency; over it a package is penalized (see `budgetFactor`). */
  budget?: number;
  /** The date the packages must be delivered by; else the next shoot or event date. */
  deadline?: Date;
}

export type PackageItem = Omit<ServicePackage, "crewMin" | "crewMax">;
export type PackageRecommendation = Recommendation<PackageItem>;

const DAY_MS = 86_400_000;
/** Fit when there is no stored work to match: popularity decides. */
const NEUTRAL_FIT = 0.3;
/** Weight of fit against popularity in the base score. */
const FIT_WEIGHT = 0.6;

/**
 * Over budget: penalized, not excluded, so an answer still has 3 packages when few are
 * affordable, but an over-budget package keeps at most half its score, falling to 0 at twice
 * the budget: `0.5 × max(0, 1 − overrun / budget)`. Within budget (or none given): 1.
 */
export function budgetFactor(price: number, budget: number | undefined): number {
  if (budget === undefined || price <= budget) return 1;
  if (budget <= 0) return 0;
  return 0.5 * Math.max(0, 1 - (price - budget) / budget);
}

/**
 * A package that cannot be delivered by the date: at most half its score, less the shorter the
 * time: `0.5 × daysLeft / leadTime`. In time (or no date known): 1.
 */
export function timelineFactor(leadTimeDays: number, daysLeft: number | undefined): number {
  if (daysLeft === undefined || leadTimeDays <= daysLeft) return 1;
  return 0.5 * Math.max(0, daysLeft) / leadTimeDays;
}

/** How well an event package's crew range suits a crew: 1 inside, the ratio outside. */
export function crewFit(crew: number, min: number, max: number): number {
  if (crew >= min && crew <= max) return 1;
  return crew < min ? crew / min : max / crew;
}

function money(value: number, currency: string): string {
  return `${currency} ${value.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
}

function daysText(days: number): string {
  return days <= 0 ? "today or past" : `in ${plural(Number(oneDecimal(days)), "day")}`;
}

interface Fit {
  value: number;
  text: string;
  /** The date this package is for, when the work names one. */
  date?: { ms: number; what: string };
}

function fitOf(pkg: ServicePackage, signals: PackageSignals, nowMs: number): Fit {
  const totalSamples = Object.values(signals.sampleCategories).reduce((a, b) => a + b, 0);
  const shootMs = signals.nextShootDate ? Date.parse(signals.nextShootDate) : NaN;
  const shoot = Number.isNaN(shootMs) ? undefined : { ms: shootMs, what: "next shoot" };
  if (pkg.crewMin !== null && pkg.crewMax !== null) {
    const upcoming = signals.events.filter((e) => !(Date.parse(e.startsAt) < nowMs));
    if (upcoming.length === 0) {
      return { value: totalSamples ? 0 : NEUTRAL_FIT, text: "no upcoming event to staff" };
    }
    // The largest crew decides: that is the event a crew package is booked for.
    const event = upcoming.reduce((a, b) => (b.crew > a.crew ? b : a));
    const date = { ms: Date.parse(event.startsAt), what: `"${event.name}"` };
    if (event.crew <= 0) {
      return { value: 0.5, text: `"${event.name}" names no crew size yet`, date };
    }
    const value = crewFit(event.crew, pkg.crewMin, pkg.crewMax);
    const range = `${pkg.crewMin}–${pkg.crewMax}`;
    return {
      value,
      text: `crew of ${event.crew} for "${event.name}" ${
        value === 1 ? "within" : "outside"
      } ${range}`,
      date,
    };
  }
  if (totalSamples === 0) {
    return { value: NEUTRAL_FIT, text: "no samples stored to match", date: shoot };
  }
  const served = new Set(pkg.categories.map((c) => c.toLowerCase()));
  const matched = Object.entries(signals.sampleCategories)
    .filter(([category]) => served.has(category.toLowerCase()))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const count = matched.reduce((sum, [, n]) => sum + n, 0);
  const names = matched.map(([category]) => category.toLowerCase()).slice(0, 3).join(", ");
  return {
    value: count / totalSamples,
    text: count
      ? `${count} of ${totalSamples} samples are ${names}${matched.length > 3 ? ", ..." : ""}`
      : `none of your ${totalSamples} samples is in its categories`,
    date: shoot,
  };
}

/**
 * The 3–5 best packages for the caller, best first:
 * `score = (0.6 × fit + 0.4 × popularity) × timelineFactor × budgetFactor`, where fit is the
 * share of the caller's samples in the package's categories (shoot packages) or how the crew of
 * their largest upcoming event suits the package's crew range (event packages), 0.3 for
 * everything when they have stored nothing, and popularity is bookings relative to the most
 * booked package. The timeline is the request's deadline, else the next shoot (shoot packages)
 * or the event's date (event packages).
 *
 * @example Two shoot packages for a wardrobe of dresses
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { scorePackages } from "./packages.ts";
 *
 * const pkg = (slug: string, categories: string[], popularity: number) => ({
 *   id: slug, slug, name: slug, description: "", price: 100, currency: "EUR", leadTimeDays: 1,
 *   categories, includes: [], popularity, crewMin: null, crewMax: null,
 * });
 * const [best] = scorePackages(
 *   [pkg("shoes", ["footwear"], 100), pkg("dresses", ["dresses"], 50)],
 *   { sampleCategories: { Dresses: 4 }, nextShootDate: null, events: [] },
 *   {},
 *   new Date("2025-03-01T00:00:00Z"),
 * );
 * equal(best.item.slug, "dresses");
 * equal(best.score, 0.8); // 0.6 × 1 + 0.4 × 0.5
 * ```
 */
export function scorePackages(
  catalogue: readonly ServicePackage[],
  signals: PackageSignals,
  request: PackageRequest,
  now: Date,
): PackageRecommendation[] {
  const nowMs = now.getTime();
  const topBookings = Math.max(1, ...catalogue.map((p) => p.popularity));
  const candidates = catalogue.map((pkg): PackageRecommendation => {
    const fit = fitOf(pkg, signals, nowMs);
    const popularity = pkg.popularity / topBookings;
    const date = request.deadline
      ? { ms: request.deadline.getTime(), what: "your deadline" }
      : fit.date;
    const daysLeft = date ? (date.ms - nowMs) / DAY_MS : undefined;
    const onTime = timelineFactor(pkg.leadTimeDays, daysLeft);
    const affordable = budgetFactor(pkg.price, request.budget);
    const base = FIT_WEIGHT * fit.value + (1 - FIT_WEIGHT) * popularity;

    const lead = `${plural(pkg.leadTimeDays, "day")} lead time`;
    const timeline = daysLeft === undefined
      ? `${lead}, no date to meet`
      : `${lead}, ${date!.what} ${daysText(daysLeft)}: ${
        onTime === 1 ? "in time" : `too late (score ×${Math.round(onTime * 100)}%)`
      }`;
    const price = money(pkg.price, pkg.currency);
    const budget = request.budget === undefined
      ? `${price}, no budget given`
      : affordable === 1
      ? `${price} within the budget of ${money(request.budget, pkg.currency)}`
      : `${price} over the budget of ${money(request.budget, pkg.currency)} ` +
        `(penalized: score ×${Math.round(affordable * 100)}%)`;
    const { crewMin: _min, crewMax: _max, ...item } = pkg;
    return {
      item,
      score: clampScore(base * onTime * affordable),
      rationale: `Fit ${oneDecimal(fit.value * 100)}%: ${fit.text}. Timeline: ${timeline}. ` +
        `Budget: ${budget}. Popularity: ${pkg.popularity} bookings in 12 months ` +
        `(${Math.round(popularity * 100)}% of the most booked).`,
      action: `/services/packages/${encodeURIComponent(pkg.slug)}`,
    };
  });
  return topRecommendations(candidates, (c) => c.item.slug, MAX_RECOMMENDATIONS);
}
