import { deepEqual as assertEquals } from "node:assert/strict";
import { newlyLateHeroes, toastForEvent } from "./toast_rules.ts";

const none = { blockerIds: new Set<string>(), ownChanges: new Set<string>() };
const statusChange = {
  type: "sample_status_changed",
  sampleId: "s1",
  name: "Silk dress",
  isHero: true,
  oldStatus: "in_transit",
  newStatus: "on_set",
};

Deno.test("toastForEvent() says a blocker was resolved when a blocking sample reaches the set", () => {
  const toast = toastForEvent(statusChange, { ...none, blockerIds: new Set(["s1"]) });
  assertEquals(toast, {
    kind: "success",
    title: "Blocker resolved",
    body: "Silk dress is on set.",
  });
});

Deno.test("toastForEvent() names a hero sample's move in words", () => {
  assertEquals(toastForEvent(statusChange, none), {
    kind: "info",
    title: "Hero sample on set",
    body: "Silk dress: in transit → on set.",
  });
});

Deno.test("toastForEvent() stays quiet for this page's own change and for muted types", () => {
  assertEquals(toastForEvent(statusChange, { ...none, ownChanges: new Set(["s1"]) }), null);
  assertEquals(
    toastForEvent(statusChange, { ...none, notify: { sample_status_changed: false } }),
    null,
  );
});

Deno.test("toastForEvent() warns of a deadline within 24 h and of a blocked task only", () => {
  assertEquals(
    toastForEvent({
      type: "deadline_approaching",
      taskId: "t",
      title: "Lighting rig",
      hoursLeft: 3.5,
    }, none),
    { kind: "warning", title: "Deadline within 24 h", body: "Lighting rig. 3.5 h left." },
  );
  assertEquals(
    toastForEvent({ type: "task_status_changed", taskId: "t", newStatus: "done" }, none),
    null,
  );
  assertEquals(
    toastForEvent(
      { type: "task_status_changed", taskId: "t", title: "Rig", newStatus: "blocked" },
      none,
    )?.title,
    "Task blocked",
  );
});

Deno.test("newlyLateHeroes() lists only heroes that were not late before", () => {
  const before = [{ sampleId: "a", isHero: true, severity: "critical" }];
  const after = [
    { sampleId: "a", isHero: true, severity: "critical", name: "A", reason: "late" },
    { sampleId: "b", isHero: true, severity: "warning", name: "B", reason: "2 days late" },
    { sampleId: "c", isHero: false, severity: "critical", name: "C", reason: "late" },
  ];
  assertEquals(newlyLateHeroes(before, after), [
    { kind: "warning", title: "Hero sample late", body: "B: 2 days late" },
  ]);
});
