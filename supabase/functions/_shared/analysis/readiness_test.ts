import { deepEqual, equal } from "node:assert/strict";
import { readinessReport } from "./readiness.ts";
import type { Sample, SampleStatus } from "./schemas.ts";

function sample(id: string, status: SampleStatus, extra: Partial<Sample> = {}): Sample {
  return { id, name: `Sample ${id}`, category: "tops", status, isHero: false, ...extra };
}

Deno.test("readinessReport() counts on_set and shot as ready", () => {
  const statuses: SampleStatus[] = [
    "on_set",
    "on_set",
    "on_set",
    "shot",
    "shot",
    "requested",
    "in_transit",
    "awaiting",
    "returned",
    "requested",
  ];
  const report = readinessReport(statuses.map((status, i) => sample(`s${i}`, status)));
  equal(report.total, 10);
  equal(report.ready, 5);
  equal(report.percent, 50);
  deepEqual(report.byStatus, {
    requested: 2,
    in_transit: 1,
    awaiting: 1,
    on_set: 3,
    shot: 2,
    returned: 1,
  });
});

Deno.test("readinessReport() gives 0 percent and every status key for an empty list", () => {
  deepEqual(readinessReport([]), {
    total: 0,
    ready: 0,
    percent: 0,
    byStatus: { requested: 0, in_transit: 0, awaiting: 0, on_set: 0, shot: 0, returned: 0 },
    heroes: { total: 0, ready: 0, percent: 0 },
    leastReadyCategories: [],
  });
});

Deno.test("readinessReport() rounds to one decimal", () => {
  const report = readinessReport([
    sample("a", "shot"),
    sample("b", "requested"),
    sample("c", "requested"),
  ]);
  equal(report.percent, 33.3);
  equal(
    readinessReport([sample("a", "shot"), sample("b", "shot"), sample("c", "awaiting")])
      .percent,
    66.7,
  );
});

Deno.test("readinessReport() reports hero readiness over heroes only", () => {
  const report = readinessReport([
    sample("a", "on_set", { isHero: true }),
    sample("b", "requested", { isHero: true }),
    sample("c", "requested", { isHero: true }),
    sample("d", "requested", { isHero: true }),
    sample("e", "shot"),
  ]);
  deepEqual(report.heroes, { total: 4, ready: 1, percent: 25 });
});

Deno.test("readinessReport() lists categories least ready first, ties by name", () => {
  const report = readinessReport([
    sample("a", "shot", { category: "shoes" }),
    sample("b", "requested", { category: "shoes" }),
    sample("c", "requested", { category: "bags" }),
    sample("d", "requested", { category: "belts" }),
    sample("e", "on_set", { category: "dresses" }),
  ]);
  deepEqual(report.leastReadyCategories, [
    { category: "bags", total: 1, ready: 0, percent: 0 },
    { category: "belts", total: 1, ready: 0, percent: 0 },
    { category: "shoes", total: 2, ready: 1, percent: 50 },
    { category: "dresses", total: 1, ready: 1, percent: 100 },
  ]);
});

Deno.test("readinessReport() is 100 percent when everything is shot, 0 when all returned", () => {
  equal(readinessReport([sample("a", "shot"), sample("b", "shot")]).percent, 100);
  equal(readinessReport([sample("a", "returned")]).percent, 0);
});
