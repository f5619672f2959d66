import { deepEqual, throws } from "node:assert/strict";
import type { QualityScore } from "./quality.ts";
import { pickSelects } from "./selects.ts";

function scored(
  assetId: string,
  score: number,
  lookId: string | null,
  shotType: string | null,
  status: QualityScore["status"] = "pending",
): QualityScore {
  return {
    assetId,
    lookId,
    shotType,
    status,
    score,
    factors: { technical: score, composition: score, brand: null },
  };
}

const gallery = [
  scored("a", 95, "L1", "front"),
  scored("b", 90, "L1", "front"),
  scored("c", 99, "L1", "front", "rejected"),
  scored("d", 85, "L1", "Front"),
  scored("e", 85, "L2", "front"),
  scored("f", 85, "L1", "back"),
  scored("g", 80, null, null),
  scored("h", 79, null, null),
  scored("i", 78, null, null),
];

Deno.test("pickSelects() takes the best per group up to the cap, ties by id", () => {
  deepEqual(pickSelects(gallery, { topN: 12 }), [
    { id: "a", score: 95, lookId: "L1", shotType: "front" },
    { id: "b", score: 90, lookId: "L1", shotType: "front" },
    { id: "e", score: 85, lookId: "L2", shotType: "front" },
    { id: "f", score: 85, lookId: "L1", shotType: "back" },
    { id: "g", score: 80, lookId: null, shotType: null },
    { id: "h", score: 79, lookId: null, shotType: null },
  ]);
});

Deno.test("pickSelects() stops at topN", () => {
  deepEqual(pickSelects(gallery, { topN: 3 }).map((s) => s.id), ["a", "b", "e"]);
});

Deno.test("pickSelects() takes a custom cap per group", () => {
  deepEqual(pickSelects(gallery, { topN: 4, capPerGroup: 1 }).map((s) => s.id), [
    "a",
    "e",
    "f",
    "g",
  ]);
});

Deno.test("pickSelects() returns nothing when every asset is rejected or none exist", () => {
  deepEqual(pickSelects([scored("x", 100, "L1", "front", "rejected")], { topN: 5 }), []);
  deepEqual(pickSelects([], { topN: 5 }), []);
});

Deno.test("pickSelects() rejects a topN or cap below 1", () => {
  throws(() => pickSelects(gallery, { topN: 0 }), RangeError);
  throws(() => pickSelects(gallery, { topN: 3, capPerGroup: 0 }), RangeError);
});
