import { deepEqual, equal } from "node:assert/strict";
import { fullEventAnalysis } from "../../_shared/analysis/events.ts";
import type { EventInput } from "../../_shared/analysis/schemas.ts";
import {
  criticalPathAnswer,
  deadlinesAnswer,
  type EventSubject,
  noEventAnswer,
  runOfShowAnswer,
  staffingAnswer,
} from "./events.ts";

const NOW = new Date("2030-03-10T12:00:00Z");

// Doors at 18:00, six hours away. Remaining setup: rig (2 h) then lights (1 h 30, blocked):
// 3 h 30 of work finishing at 15:30, 2 h 30 before the start. Rig is past its 10:00 deadline.
const EVENT: EventInput = {
  id: "e1",
  name: "Spring show",
  startsAt: "2030-03-10T18:00:00Z",
  endsAt: "2030-03-10T20:00:00Z",
  tasks: [
    {
      id: "rig",
      title: "Rig",
      status: "todo",
      durationMinutes: 120,
      dependsOn: [],
      phase: "setup",
      deadline: "2030-03-10T10:00:00Z",
    },
    {
      id: "lights",
      title: "Lights",
      status: "blocked",
      durationMinutes: 90,
      dependsOn: ["rig"],
      phase: "setup",
      deadline: "2030-03-10T14:00:00Z",
    },
    {
      id: "sound",
      title: "Sound check",
      status: "done",
      durationMinutes: 60,
      dependsOn: [],
      phase: "setup",
      deadline: "2030-03-10T09:00:00Z",
    },
    {
      id: "walk",
      title: "Walk",
      status: "todo",
      durationMinutes: 60,
      dependsOn: [],
      phase: "show",
      deadline: "2030-03-12T18:00:00Z",
    },
    {
      id: "strike",
      title: "Strike",
      status: "todo",
      durationMinutes: 45,
      dependsOn: [],
      phase: "teardown",
    },
  ],
  staffing: {
    required: { dresser: 4, makeup: 2 },
    assigned: [
      { name: "Ana", role: "dresser" },
      { name: "Ben", role: "dresser" },
      { name: "Cy", role: "makeup" },
      { name: "Di", role: "makeup" },
    ],
  },
};
const SUBJECT: EventSubject = {
  id: "e1",
  name: "Spring show",
  startsAt: EVENT.startsAt,
  linkable: true,
};
const FULL = fullEventAnalysis(EVENT, NOW);

Deno.test("criticalPathAnswer() says on track by how much, the chain and the task at risk", () => {
  const answer = criticalPathAnswer(SUBJECT, FULL);
  equal(
    answer.content,
    "Spring show is on track: setup finishes 2 h 30 min before the start. " +
      "Critical path: Rig → Lights. 2 critical tasks are at risk: Rig (overdue) and Lights (blocked).",
  );
  equal(answer.severity, "warning");
  deepEqual(answer.actions?.[0], {
    label: "Open Rig",
    target: "/events/e1/tasks/rig",
    primary: true,
  });
});

Deno.test("criticalPathAnswer() is critical when setup cannot finish before the start", () => {
  const late = fullEventAnalysis(EVENT, new Date("2030-03-10T15:00:00Z"));
  const answer = criticalPathAnswer(SUBJECT, late);
  equal(answer.severity, "critical");
  equal(
    answer.content.split(".")[0],
    "Spring show is behind: setup would finish 30 min after the start",
  );
});

Deno.test("staffingAnswer() names the short roles; covered roles are a success", () => {
  const answer = staffingAnswer(SUBJECT, FULL);
  equal(answer.content, "Spring show is 2 people short across 1 role: dresser 2 of 4.");
  equal(answer.severity, "warning");
  equal(answer.actions?.[0].target, "/events/e1/staffing");
  const covered = fullEventAnalysis({
    ...EVENT,
    staffing: { required: { makeup: 2 }, assigned: EVENT.staffing!.assigned },
  }, NOW);
  equal(
    staffingAnswer(SUBJECT, covered).content,
    "Every role of Spring show is covered: 2 of 2 people needed are assigned.",
  );
});

Deno.test("runOfShowAnswer() gives the three blocks and the show window", () => {
  const answer = runOfShowAnswer(SUBJECT, FULL);
  equal(
    answer.content,
    "Run of show for Spring show: setup 4 h 30 min (3 tasks), show 1 h (1 task) and " +
      "teardown 45 min (1 task); the show window is 2 h.",
  );
  equal(answer.severity, "info");
});

Deno.test("deadlinesAnswer() lists overdue and due-in-24h open tasks, soonest first", () => {
  const answer = deadlinesAnswer(SUBJECT, EVENT.tasks, NOW);
  equal(
    answer.content,
    "Spring show: 1 task is overdue and 1 task is due in the next 24 hours: " +
      "Rig (overdue by 2 h) and Lights (due in 2 h).",
  );
  equal(answer.severity, "critical");
  equal(answer.actions?.[0].target, "/events/e1/tasks/rig");
  const calm = deadlinesAnswer(SUBJECT, EVENT.tasks.slice(2), NOW);
  equal(calm.severity, "success");
});

Deno.test("answers about a supplied task list link to the events list, not a made-up page", () => {
  const answer = deadlinesAnswer({ ...SUBJECT, id: "context", linkable: false }, EVENT.tasks, NOW);
  deepEqual(
    answer.actions?.map((a) => a.target),
    ["/events", "/events"],
  );
});

Deno.test("every events answer offers 2-3 follow-ups, the no-event answer too", () => {
  const answers = [
    criticalPathAnswer(SUBJECT, FULL),
    staffingAnswer(SUBJECT, FULL),
    runOfShowAnswer(SUBJECT, FULL),
    deadlinesAnswer(SUBJECT, EVENT.tasks, NOW),
    noEventAnswer(),
  ];
  for (const answer of answers) {
    const n = answer.followUp?.length ?? 0;
    equal(n >= 2 && n <= 3, true, answer.content);
  }
});
