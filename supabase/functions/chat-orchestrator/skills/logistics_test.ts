import { deepEqual, equal } from "node:assert/strict";
import { analyzeLogistics, logisticsPartsFor } from "../../_shared/analysis/logistics.ts";
import type { Sample } from "../../_shared/analysis/schemas.ts";
import {
  batchingAnswer,
  blockersAnswer,
  type FullLogistics,
  readinessAnswer,
} from "./logistics.ts";

const NOW = new Date("2030-03-10T09:00:00Z");

// 8 samples, 5 on set or shot (62.5 %); heroes: the gown and the coat are late (2 days and
// 1 day, both critical: a hero overdue), the blazer is on set; the belt has no promised date.
const SAMPLES: Sample[] = [
  {
    id: "s1",
    name: "Silk gown",
    category: "dresses",
    status: "in_transit",
    isHero: true,
    expectedAt: "2030-03-08T09:00:00Z",
  },
  {
    id: "s2",
    name: "Red coat",
    category: "coats",
    status: "requested",
    isHero: true,
    expectedAt: "2030-03-09T09:00:00Z",
  },
  { id: "s3", name: "Belt", category: "accessories", status: "awaiting", isHero: false },
  { id: "s4", name: "Blazer", category: "dresses", status: "on_set", isHero: true },
  { id: "s5", name: "Slip dress", category: "dresses", status: "shot", isHero: false },
  { id: "s6", name: "Trench", category: "coats", status: "on_set", isHero: false },
  { id: "s7", name: "Scarf", category: "accessories", status: "on_set", isHero: false },
  { id: "s8", name: "Bag", category: "accessories", status: "shot", isHero: false },
];

const full = (samples: Sample[]) =>
  analyzeLogistics(samples, logisticsPartsFor("all"), NOW) as FullLogistics;

Deno.test("readinessAnswer() gives the figures and names the late heroes", () => {
  const answer = readinessAnswer(full(SAMPLES));
  equal(
    answer.content,
    "Readiness is 63%: 5 of 8 samples are on set or shot; 2 hero samples are late: " +
      "Silk gown (2 days late) and Red coat (1 day late). Least ready: coats (1 of 2).",
  );
  equal(answer.severity, "critical");
  deepEqual(answer.actions?.[0], {
    label: "Review late samples",
    target: "/logistics/samples?filter=late",
    primary: true,
  });
  equal(answer.followUp?.length, 3);
});

Deno.test("readinessAnswer() counts ready heroes when none is late, and all ready is a success", () => {
  const onTime = SAMPLES.filter((s) => !["s1", "s2"].includes(s.id));
  equal(
    readinessAnswer(full(onTime)).content,
    "Readiness is 83%: 5 of 6 samples are on set or shot; 1 of 1 hero sample is ready. " +
      "Least ready: accessories (2 of 3).",
  );
  equal(readinessAnswer(full(onTime)).severity, "info");
  const allReady = SAMPLES.filter((s) => ["on_set", "shot"].includes(s.status));
  equal(readinessAnswer(full(allReady)).severity, "success");
  equal(readinessAnswer(full([])).content.startsWith("You have no samples tracked yet"), true);
});

Deno.test("blockersAnswer() lists the late samples with what to do, heroes first", () => {
  const answer = blockersAnswer(full(SAMPLES));
  equal(
    answer.content,
    "2 samples are late or at risk (2 critical). " +
      "Silk gown (hero): Expected 2 days ago, still in transit. Get a tracking update from the courier. " +
      "Red coat (hero): Expected 1 day ago, still requested. Confirm dispatch with the lender.",
  );
  equal(answer.severity, "critical");
  deepEqual(answer.actions?.map((a) => a.target), [
    "/logistics/samples?filter=late",
    "/logistics/samples/s1",
    "/logistics/samples/s2",
  ]);
  const none = blockersAnswer(full(SAMPLES.slice(2)));
  equal(none.severity, "success");
  equal(
    none.content,
    "No samples are late: every sample not yet on set is within its expected arrival.",
  );
});

Deno.test("batchingAnswer() gives the minutes saved and the groups, heroes first", () => {
  // Not yet shot: gown + blazer (dresses), coat + trench (coats), belt + scarf (accessories).
  // One by one 6 × (15 + 5) = 120 min; batched 3 × (15 + 2 × 5) = 75 min; 45 min saved.
  const answer = batchingAnswer(full(SAMPLES));
  equal(
    answer.content,
    "Batching the 6 remaining samples into 3 groups saves about 45 min (1 h 15 min instead of 2 h). " +
      "Start with dresses (2 samples, 2 heroes), coats (2 samples, 1 hero) and accessories (2 samples).",
  );
  equal(answer.actions?.[0].primary, true);
});

Deno.test("every logistics answer offers 2-3 follow-ups, with or without samples", () => {
  for (const answer of [readinessAnswer, blockersAnswer, batchingAnswer]) {
    for (const samples of [SAMPLES, []]) {
      const n = answer(full(samples)).followUp?.length ?? 0;
      equal(n >= 2 && n <= 3, true, `${answer.name}: ${n}`);
    }
  }
});
