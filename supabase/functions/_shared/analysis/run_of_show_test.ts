import { deepEqual, equal } from "node:assert/strict";
import { eventWith, task } from "./_event_fixtures.ts";
import { runOfShow } from "./run_of_show.ts";

const MORNING = new Date("2025-03-01T09:00:00.000Z");

Deno.test("runOfShow() anchors setup before startsAt, show at startsAt, teardown at endsAt", () => {
  const draft = runOfShow(
    eventWith([
      task("strike", 45, { phase: "teardown" }),
      task("walk", 90, { phase: "show" }),
      task("rig", 60),
      task("dress", 30, { phase: "setup", dependsOn: ["rig"] }),
    ]),
    MORNING,
  );
  equal(draft.showWindowMinutes, 120);
  deepEqual(draft.blocks, [
    {
      phase: "setup",
      start: "2025-03-01T16:30:00.000Z",
      end: "2025-03-01T18:00:00.000Z",
      durationMinutes: 90,
      taskIds: ["rig", "dress"],
      overrun: false,
      overrunMinutes: 0,
    },
    {
      phase: "show",
      start: "2025-03-01T18:00:00.000Z",
      end: "2025-03-01T19:30:00.000Z",
      durationMinutes: 90,
      taskIds: ["walk"],
      overrun: false,
      overrunMinutes: 0,
    },
    {
      phase: "teardown",
      start: "2025-03-01T20:00:00.000Z",
      end: "2025-03-01T20:45:00.000Z",
      durationMinutes: 45,
      taskIds: ["strike"],
      overrun: false,
      overrunMinutes: 0,
    },
  ]);
});

Deno.test("runOfShow() flags a show whose tasks exceed the event window", () => {
  const draft = runOfShow(
    eventWith([task("walk", 100, { phase: "show" }), task("finale", 50, { phase: "show" })]),
    MORNING,
  );
  const show = draft.blocks[1];
  equal(show.end, "2025-03-01T20:30:00.000Z");
  equal(show.overrun, true);
  equal(show.overrunMinutes, 30);
});

Deno.test("runOfShow() flags setup whose remaining work no longer fits before startsAt", () => {
  const lateAfternoon = new Date("2025-03-01T17:00:00.000Z");
  const draft = runOfShow(
    eventWith([task("rig", 60, { status: "done" }), task("dress", 90)]),
    lateAfternoon,
  );
  const setup = draft.blocks[0];
  equal(setup.start, "2025-03-01T15:30:00.000Z");
  equal(setup.durationMinutes, 150);
  // 90 minutes left, 60 minutes until doors: 30 minutes short. The done rig does not count.
  equal(setup.overrun, true);
  equal(setup.overrunMinutes, 30);
});

Deno.test("runOfShow() counts all remaining setup as overrun once the event has started", () => {
  const draft = runOfShow(eventWith([task("dress", 20)]), new Date("2025-03-01T19:00:00Z"));
  equal(draft.blocks[0].overrunMinutes, 20);
});

Deno.test("runOfShow() gives empty phases a zero-minute block", () => {
  const draft = runOfShow(eventWith([]), MORNING);
  deepEqual(
    draft.blocks.map((b) => [b.phase, b.start, b.end, b.durationMinutes, b.taskIds]),
    [
      ["setup", "2025-03-01T18:00:00.000Z", "2025-03-01T18:00:00.000Z", 0, []],
      ["show", "2025-03-01T18:00:00.000Z", "2025-03-01T18:00:00.000Z", 0, []],
      ["teardown", "2025-03-01T20:00:00.000Z", "2025-03-01T20:00:00.000Z", 0, []],
    ],
  );
});

Deno.test("runOfShow() falls back to input order when the dependencies have a cycle", () => {
  const draft = runOfShow(
    eventWith([task("b", 10, { dependsOn: ["a"] }), task("a", 10, { dependsOn: ["b"] })]),
    MORNING,
  );
  deepEqual(draft.blocks[0].taskIds, ["b", "a"]);
  equal(draft.blocks[0].durationMinutes, 20);
});
