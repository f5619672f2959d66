import { deepEqual, equal, throws } from "node:assert/strict";
import { DEFAULT_BATCH_TIME_MODEL, planBatches } from "./batching.ts";
import type { Sample, SampleStatus } from "./schemas.ts";

function sample(id: string, category: string, extra: Partial<Sample> = {}): Sample {
  const status: SampleStatus = "requested";
  return { id, name: `Sample ${id}`, category, status, isHero: false, ...extra };
}

Deno.test("planBatches() groups by category, heroes first inside and across groups", () => {
  const plan = planBatches([
    sample("t1", "tops"),
    sample("t2", "tops"),
    sample("t3", "tops"),
    sample("s2", "shoes", { shootDate: "2025-03-12" }),
    sample("s1", "shoes", { shootDate: "2025-03-11" }),
    sample("s3", "shoes", { isHero: true }),
    sample("b1", "bags", { isHero: true }),
  ]);
  deepEqual(plan.batches.map((b) => [b.category, b.sampleIds]), [
    ["shoes", ["s3", "s1", "s2"]],
    ["bags", ["b1"]],
    ["tops", ["t1", "t2", "t3"]],
  ]);
  deepEqual(plan.batches.map((b) => b.heroCount), [1, 1, 0]);
});

Deno.test("planBatches() saves one setup per extra sample under the default time model", () => {
  const plan = planBatches([sample("a", "tops"), sample("b", "tops"), sample("c", "tops")]);
  deepEqual(plan.timeModel, DEFAULT_BATCH_TIME_MODEL);
  deepEqual(plan.batches[0], {
    category: "tops",
    sampleIds: ["a", "b", "c"],
    itemCount: 3,
    heroCount: 0,
    minutesOneByOne: 60, // 3 * (15 + 5)
    minutesBatched: 30, // 15 + 3 * 5
    estimatedMinutesSaved: 30,
  });
});

Deno.test("planBatches() totals the batches and takes a custom time model", () => {
  const plan = planBatches(
    [sample("a", "tops"), sample("b", "tops"), sample("c", "shoes")],
    { perBatchSetupMinutes: 30, perItemMinutes: undefined },
  );
  deepEqual(plan.timeModel, { perItemMinutes: 5, perBatchSetupMinutes: 30 });
  equal(plan.itemCount, 3);
  equal(plan.minutesOneByOne, 105);
  equal(plan.minutesBatched, 75);
  equal(plan.estimatedMinutesSaved, 30);
  equal(plan.batches[1].estimatedMinutesSaved, 0);
});

Deno.test("planBatches() leaves out shot and returned samples", () => {
  const plan = planBatches([
    sample("a", "tops", { status: "shot" }),
    sample("b", "tops", { status: "returned" }),
    sample("c", "tops", { status: "on_set" }),
  ]);
  deepEqual(plan.batches.map((b) => b.sampleIds), [["c"]]);
});

Deno.test("planBatches() returns an empty plan when nothing needs handling", () => {
  const plan = planBatches([sample("a", "tops", { status: "shot" })]);
  deepEqual(plan.batches, []);
  equal(plan.estimatedMinutesSaved, 0);
  equal(planBatches([]).itemCount, 0);
});

Deno.test("planBatches() rejects a negative time model value", () => {
  throws(() => planBatches([], { perItemMinutes: -1 }), RangeError);
});
