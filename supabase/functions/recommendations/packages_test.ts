import { deepEqual, equal, match } from "node:assert/strict";
import {
  budgetFactor,
  crewFit,
  type PackageSignals,
  scorePackages,
  type ServicePackage,
  timelineFactor,
} from "./packages.ts";

const NOW = new Date("2025-03-01T00:00:00.000Z");

function pkg(
  slug: string,
  price: number,
  leadTimeDays: number,
  categories: string[],
  popularity: number,
  crew: [number, number] | null = null,
): ServicePackage {
  return {
    id: `id-${slug}`,
    slug,
    name: `Package ${slug}`,
    description: "",
    price,
    currency: "EUR",
    leadTimeDays,
    categories,
    includes: ["one thing"],
    popularity,
    crewMin: crew?.[0] ?? null,
    crewMax: crew?.[1] ?? null,
  };
}

// The most booked package has 200 bookings: popularity = bookings / 200.
const CATALOGUE = [
  pkg("courier", 400, 2, ["outerwear", "dresses"], 200),
  pkg("packshots", 1500, 7, ["dresses", "knitwear"], 100),
  pkg("shoes", 300, 1, ["footwear"], 50),
  pkg("crew", 900, 14, ["runway"], 150, [5, 15]),
  pkg("big-crew", 5000, 30, ["runway"], 20, [20, 80]),
  pkg("presentation", 1000, 10, ["presentation"], 100, [1, 6]),
];

// 10 samples (shoot in 4 days) and a show in 20 days needing a crew of 10.
const SIGNALS: PackageSignals = {
  sampleCategories: { Outerwear: 6, Dresses: 3, Footwear: 1 },
  nextShootDate: "2025-03-05",
  events: [{ name: "Show", startsAt: "2025-03-21T00:00:00.000Z", crew: 10 }],
};

const scores = (list: ReturnType<typeof scorePackages>) => list.map((r) => [r.item.slug, r.score]);

Deno.test("budgetFactor() penalizes over budget: at most half, nothing at twice the budget", () => {
  equal(budgetFactor(500, undefined), 1);
  equal(budgetFactor(1000, 1000), 1);
  equal(budgetFactor(1500, 1000), 0.25);
  equal(budgetFactor(2000, 1000), 0);
  equal(budgetFactor(9000, 1000), 0);
  equal(budgetFactor(10, 0), 0);
  equal(budgetFactor(0, 0), 1);
});

Deno.test("timelineFactor() halves a late package and scales by the time left", () => {
  equal(timelineFactor(7, undefined), 1);
  equal(timelineFactor(7, 7), 1);
  equal(timelineFactor(7, 3.5), 0.25);
  equal(timelineFactor(7, -2), 0);
});

Deno.test("crewFit() is 1 inside the range and the ratio outside", () => {
  equal(crewFit(10, 5, 15), 1);
  equal(crewFit(10, 20, 80), 0.5);
  equal(crewFit(30, 5, 15), 0.5);
});

Deno.test("scorePackages() ranks by fit, timeline, budget and popularity", () => {
  const ranked = scorePackages(CATALOGUE, SIGNALS, { budget: 1000 }, NOW);
  deepEqual(scores(ranked), [
    ["courier", 0.94], // fit 9/10: 0.6 × 0.9 + 0.4 × 1
    ["crew", 0.9], // crew 10 in 5–15: 0.6 × 1 + 0.4 × 0.75; 14 days ≤ 20
    ["presentation", 0.56], // crew 10 vs 1–6: 0.6 × 0.6 + 0.4 × 0.5
    ["shoes", 0.16], // fit 1/10: 0.06 + 0.1
    // (0.18 + 0.2) × late (0.5 × 4/7) × over budget by half (0.25) = 0.027
    ["packshots", 0.027],
  ]);
  equal(
    ranked[0].rationale,
    "Fit 90%: 9 of 10 samples are outerwear, dresses. Timeline: 2 days lead time, next shoot " +
      "in 4 days: in time. Budget: EUR 400 within the budget of EUR 1,000. Popularity: 200 " +
      "bookings in 12 months (100% of the most booked).",
  );
  match(ranked[1].rationale, /crew of 10 for "Show" within 5–15.*"Show" in 20 days: in time/);
  match(ranked[4].rationale, /too late \(score ×29%\)/);
  match(ranked[4].rationale, /EUR 1,500 over the budget of EUR 1,000 \(penalized: score ×25%\)/);
  deepEqual(ranked[0].item, {
    id: "id-courier",
    slug: "courier",
    name: "Package courier",
    description: "",
    price: 400,
    currency: "EUR",
    leadTimeDays: 2,
    categories: ["outerwear", "dresses"],
    includes: ["one thing"],
    popularity: 200,
  });
  equal(ranked[0].action, "/services/packages/courier");
});

Deno.test("scorePackages() without a budget no longer penalizes the dear packages", () => {
  const ranked = scorePackages(CATALOGUE, SIGNALS, {}, NOW);
  deepEqual(scores(ranked).slice(3), [
    ["shoes", 0.16],
    ["big-crew", 0.113], // (0.3 + 0.04) × (0.5 × 20/30)
  ]);
  match(ranked[0].rationale, /EUR 400, no budget given/);
});

Deno.test("scorePackages() measures lead times against a deadline in the request", () => {
  const ranked = scorePackages(CATALOGUE, SIGNALS, {
    deadline: new Date("2025-03-03T00:00:00.000Z"),
  }, NOW);
  deepEqual(scores(ranked), [
    ["courier", 0.94], // 2 days of lead time: still in time
    ["shoes", 0.16],
    ["crew", 0.064], // 0.9 × (0.5 × 2/14): late for the deadline, though in time for the show
    ["presentation", 0.056], // 0.56 × (0.5 × 2/10)
    ["packshots", 0.054], // 0.38 × (0.5 × 2/7)
  ]);
  match(ranked[0].rationale, /your deadline in 2 days: in time/);
});

Deno.test("scorePackages() with no stored work ranks by popularity alone", () => {
  const ranked = scorePackages(
    CATALOGUE,
    {
      sampleCategories: {},
      nextShootDate: null,
      events: [],
    },
    {},
    NOW,
  );
  deepEqual(scores(ranked), [
    ["courier", 0.58], // 0.6 × 0.3 + 0.4 × 1
    ["crew", 0.48],
    ["packshots", 0.38],
    ["presentation", 0.38],
    ["shoes", 0.28],
  ]);
  match(ranked[0].rationale, /Fit 30%: no samples stored to match\. Timeline: .*no date to meet/);
});
