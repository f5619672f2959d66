import { deepEqual, equal } from "node:assert/strict";
import { analyzeLogistics, logisticsPartsFor } from "./logistics.ts";
import type { Sample } from "./schemas.ts";

const NOW = new Date("2025-03-10T12:00:00Z");
const samples: Sample[] = [
  { id: "a", name: "Coat", category: "outerwear", status: "on_set", isHero: true },
  {
    id: "b",
    name: "Boot",
    category: "shoes",
    status: "in_transit",
    isHero: true,
    expectedAt: "2025-03-09T12:00:00Z",
  },
];

Deno.test("logisticsPartsFor() expands all into every part", () => {
  deepEqual([...logisticsPartsFor("all")], ["readiness", "blockers", "batching"]);
  deepEqual([...logisticsPartsFor("blockers")], ["blockers"]);
});

Deno.test("analyzeLogistics() runs every part asked for", () => {
  const result = analyzeLogistics(samples, logisticsPartsFor("all"), NOW);
  equal(result.readiness?.percent, 50);
  deepEqual(result.blockers?.map((b) => b.sampleId), ["b"]);
  equal(result.batching?.itemCount, 2);
});

Deno.test("analyzeLogistics() leaves out parts not asked for", () => {
  deepEqual(Object.keys(analyzeLogistics(samples, new Set(["batching"]), NOW)), ["batching"]);
  deepEqual(analyzeLogistics([], new Set(), NOW), {});
});
