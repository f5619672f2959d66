import { deepEqual, equal } from "node:assert/strict";
import { findBlockers } from "./blockers.ts";
import type { Sample } from "./schemas.ts";

const NOW = new Date("2025-03-10T12:00:00Z");

function sample(id: string, extra: Partial<Sample>): Sample {
  return {
    id,
    name: `Sample ${id}`,
    category: "tops",
    status: "requested",
    isHero: false,
    ...extra,
  };
}

const mixed: Sample[] = [
  sample("nA", { expectedAt: "2025-03-09T12:00:00Z" }),
  sample("hB", {
    isHero: true,
    expectedAt: "2025-03-15T12:00:00Z",
    shootDate: "2025-03-14T09:00:00Z",
  }),
  sample("nB", { status: "in_transit", expectedAt: "2025-03-06T12:00:00Z" }),
  sample("hA", {
    isHero: true,
    status: "in_transit",
    expectedAt: "2025-03-08T12:00:00Z",
    shootDate: "2025-03-20",
  }),
  sample("nC", { expectedAt: "2025-03-09T12:00:00Z", shootDate: "2025-03-11T12:00:00Z" }),
  sample("hC", {
    isHero: true,
    status: "awaiting",
    designer: "Atelier Nord",
    expectedAt: "2025-03-12T12:00:00Z",
    shootDate: "2025-03-11T12:00:00Z",
  }),
];

Deno.test("findBlockers() sorts heroes first, then severity, days late and id", () => {
  const blockers = findBlockers(mixed, NOW);
  deepEqual(
    blockers.map((b) => [b.sampleId, b.severity]),
    [
      ["hA", "critical"],
      ["hC", "critical"],
      ["hB", "warning"],
      ["nB", "warning"],
      ["nC", "warning"],
      ["nA", "info"],
    ],
  );
});

Deno.test("findBlockers() describes an overdue hero piece", () => {
  const [blocker] = findBlockers(mixed, NOW);
  deepEqual(blocker, {
    sampleId: "hA",
    name: "Sample hA",
    category: "tops",
    status: "in_transit",
    isHero: true,
    lookId: null,
    designer: null,
    expectedAt: "2025-03-08T12:00:00Z",
    shootDate: "2025-03-20",
    daysLate: 2,
    daysToShoot: 9.5,
    severity: "critical",
    reasonCodes: ["overdue"],
    reason: "Expected 2 days ago, still in transit",
    suggestedAction: "Get a tracking update from the courier",
  });
});

Deno.test("findBlockers() flags a piece that arrives after its shoot", () => {
  const blockers = findBlockers(mixed, NOW);
  const soon = blockers.find((b) => b.sampleId === "hC");
  deepEqual(soon?.reasonCodes, ["arrives_after_shoot"]);
  equal(soon?.daysLate, 0);
  equal(soon?.reason, "Expected 1 day after the shoot date");
  equal(
    soon?.suggestedAction,
    "Expedite delivery or move this look to a later shoot, and line up a backup piece",
  );
  // A hero whose shoot is still 4 days away can be recovered: warning, not critical.
  equal(blockers.find((b) => b.sampleId === "hB")?.severity, "warning");
});

Deno.test("findBlockers() reports both reasons when the shoot has passed without the piece", () => {
  const [blocker] = findBlockers([
    sample("x", { expectedAt: "2025-03-08T12:00:00Z", shootDate: "2025-03-07" }),
  ], NOW);
  deepEqual(blocker.reasonCodes, ["overdue", "arrives_after_shoot"]);
  equal(blocker.daysToShoot, -3.5);
  equal(blocker.severity, "warning");
  equal(
    blocker.reason,
    "Expected 2 days ago, still requested; Expected 1.5 days after the shoot date",
  );
});

Deno.test("findBlockers() ignores samples on set, done, without ETA, or on time", () => {
  const past = "2025-03-01T00:00:00Z";
  const blockers = findBlockers([
    sample("onset", { status: "on_set", expectedAt: past }),
    sample("shot", { status: "shot", expectedAt: past }),
    sample("returned", { status: "returned", expectedAt: past }),
    sample("noEta", { isHero: true, shootDate: "2025-03-10" }),
    sample("onTime", { expectedAt: "2025-03-11T00:00:00Z", shootDate: "2025-03-12" }),
    sample("exactlyAtShoot", {
      expectedAt: "2025-03-12T00:00:00Z",
      shootDate: "2025-03-12",
    }),
  ], NOW);
  deepEqual(blockers, []);
});

Deno.test("findBlockers() returns an empty list for no samples", () => {
  deepEqual(findBlockers([], NOW), []);
});

Deno.test("findBlockers() breaks ties on id and names the designer to chase", () => {
  const expectedAt = "2025-03-09T12:00:00Z";
  const blockers = findBlockers([
    sample("b", { expectedAt, designer: "Maison Vell" }),
    sample("a", { expectedAt }),
  ], NOW);
  deepEqual(blockers.map((b) => b.sampleId), ["a", "b"]);
  equal(blockers[0].suggestedAction, "Confirm dispatch with the lender");
  equal(blockers[1].suggestedAction, "Confirm dispatch with Maison Vell");
  equal(blockers[0].reason, "Expected 1 day ago, still requested");
});

Deno.test("findBlockers() says less than a day for a few hours late", () => {
  const [blocker] = findBlockers([sample("a", { expectedAt: "2025-03-10T09:00:00Z" })], NOW);
  equal(blocker.reason, "Expected less than a day ago, still requested");
  equal(blocker.severity, "info");
});
