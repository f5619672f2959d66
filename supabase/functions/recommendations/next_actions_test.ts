import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { EventInput, Sample } from "../_shared/analysis/schemas.ts";
import { nextActions, urgencyWithin, type UserWork } from "./next_actions.ts";

const NOW = new Date("2025-03-01T12:00:00.000Z");
const EMPTY: UserWork = { samples: [], events: [], assets: [], shotList: [] };

function sample(id: string, extra: Partial<Sample>): Sample {
  return {
    id,
    name: `Sample ${id}`,
    category: "Dresses",
    status: "requested",
    isHero: false,
    shootDate: "2025-03-05",
    ...extra,
  };
}

const summary = (work: UserWork) =>
  nextActions(work, NOW).map((a) => [a.item.kind, a.score, a.action]);

Deno.test("urgencyWithin() is 1 when due, 1/2 two days out, 1/4 six days out", () => {
  equal(urgencyWithin(-3), 1);
  equal(urgencyWithin(0), 1);
  equal(urgencyWithin(48), 0.5);
  equal(urgencyWithin(144), 0.25);
});

Deno.test("nextActions() with nothing stored suggests how to start each kit", () => {
  deepEqual(summary(EMPTY), [
    ["get_started", 0.06, "/logistics/samples/new"],
    ["get_started", 0.06, "/media/shots/new"],
    ["get_started", 0.06, "/events/new"],
  ]);
});

Deno.test("nextActions() puts late heroes first, scored by the worst blocker and their count", () => {
  const work: UserWork = {
    ...EMPTY,
    samples: [
      // 1 and 2 days overdue heroes: critical blockers (blockers.ts)
      sample("h1", {
        name: "Silk gown",
        isHero: true,
        status: "in_transit",
        expectedAt: "2025-02-28T12:00:00Z",
      }),
      sample("h2", { name: "Tux", isHero: true, expectedAt: "2025-02-27T12:00:00Z" }),
      sample("n1", { expectedAt: "2025-02-27T12:00:00Z" }), // late, not a hero
      sample("r1", { isHero: true, status: "on_set" }),
    ],
  };
  const actions = nextActions(work, NOW);
  const [heroes, readiness] = actions;
  // urgency 1 (critical) × impact 0.8 + 0.05 for the second hero
  deepEqual(heroes.item, {
    kind: "late_heroes",
    kit: "logistics",
    title: "Chase 2 late hero samples",
    count: 2,
    urgency: 1,
    impact: 0.85,
  });
  equal(heroes.score, 0.85);
  equal(heroes.action, "/logistics/samples?filter=late");
  equal(
    heroes.rationale,
    "Late hero samples: Tux (2 days late), Silk gown (1 day late); most severe blocker: critical. " +
      "Urgency 1 × impact 0.85.",
  );
  // 3 of 4 not on set (25% ready), shoot in 84 h: urgency 0.6 / (1 + 84/48) = 0.218,
  // impact 0.6 × 0.75 = 0.45, score 0.098
  equal(readiness.item.kind, "readiness");
  equal(readiness.score, 0.098);
  match(
    readiness.rationale,
    /Readiness 25%: 3 of 4 samples not on set yet; next shoot in 3\.5 days/,
  );
  deepEqual(actions.slice(2).map((a) => a.action), ["/media/shots/new", "/events/new"]);
});

const show = (tasks: EventInput["tasks"], extra: Partial<EventInput> = {}): EventInput => ({
  id: "e1",
  name: "SS26 show",
  startsAt: "2025-03-02T12:00:00.000Z", // 24 h away: urgency 2/3
  endsAt: "2025-03-02T14:00:00.000Z",
  tasks,
  ...extra,
});

Deno.test("nextActions() ranks event risks: a due critical task, a due task, staffing gaps", () => {
  const work: UserWork = {
    ...EMPTY,
    events: [
      show([
        // not critical (slack 60 min), due in 6 h: urgency 1/(1 + 6/48) = 0.889 × impact 0.6
        {
          id: "a",
          title: "Print boards",
          status: "todo",
          durationMinutes: 60,
          dependsOn: [],
          deadline: "2025-03-01T18:00:00Z",
        },
        // critical and blocked (0.667 × 1), and due in 4 h (0.923 × 0.9 = 0.831): one action
        {
          id: "b",
          title: "Rig lights",
          status: "blocked",
          durationMinutes: 120,
          dependsOn: [],
          deadline: "2025-03-01T16:00:00Z",
        },
      ], {
        staffing: {
          required: { dresser: 3, hair: 1 },
          assigned: [{ name: "Ana", role: "dresser" }],
        },
      }),
      // ended yesterday: ignored
      show([{ id: "x", title: "Old", status: "blocked", durationMinutes: 10, dependsOn: [] }], {
        id: "e0",
        startsAt: "2025-02-28T10:00:00Z",
        endsAt: "2025-02-28T12:00:00Z",
      }),
    ],
  };
  const actions = nextActions(work, NOW);
  deepEqual(actions.map((a) => [a.item.kind, a.item.taskId ?? null, a.score, a.action]), [
    ["deadline_soon", "b", 0.831, "/events/e1/tasks/b"],
    ["deadline_soon", "a", 0.533, "/events/e1/tasks/a"],
    // 3 people short: impact 0.4 + 0.3, urgency 0.667 -> 0.467
    ["staffing_gap", null, 0.467, "/events/e1/staffing"],
    ["get_started", null, 0.06, "/logistics/samples/new"],
    ["get_started", null, 0.06, "/media/shots/new"],
  ]);
  equal(
    actions[0].rationale,
    'Deadline in 4 h (blocked, on the critical path) for "SS26 show" starts in 24 h. ' +
      'Urgency 0.923 × impact 0.9. Also: Blocked on the critical path of "SS26 show" starts in 24 h.',
  );
  equal(
    actions[2].rationale,
    'Staffing gaps for "SS26 show" starts in 24 h: 2 dresser, 1 hair. ' +
      "Urgency 0.667 × impact 0.7.",
  );
});

Deno.test("nextActions() flags an overdue critical task as due now", () => {
  const [first] = nextActions({
    ...EMPTY,
    events: [show([
      {
        id: "c",
        title: "Confirm caterer",
        status: "todo",
        durationMinutes: 30,
        dependsOn: [],
        deadline: "2025-03-01T06:00:00Z",
      },
    ])],
  }, NOW);
  deepEqual([first.item.kind, first.item.urgency, first.item.impact, first.score], [
    "overdue_task",
    1,
    0.9,
    0.9,
  ]);
  equal(first.item.title, 'Finish overdue "Confirm caterer"');
});

Deno.test("nextActions() asks to fix dependencies it cannot schedule", () => {
  const [first] = nextActions({
    ...EMPTY,
    events: [show([
      { id: "p", title: "P", status: "todo", durationMinutes: 5, dependsOn: ["q"] },
      { id: "q", title: "Q", status: "todo", durationMinutes: 5, dependsOn: ["p"] },
    ])],
  }, NOW);
  equal(first.item.kind, "dependency_error");
  equal(first.action, "/events/e1/tasks");
  equal(first.score, 0.534); // 0.667 × 0.8 = 0.5336
  match(
    first.rationale,
    /^Tasks of "SS26 show" \(starts in 24 h\) cannot be ordered: dependency cycle: /,
  );
});

Deno.test("nextActions() counts missing required shots and photos to review", () => {
  const actions = nextActions({
    ...EMPTY,
    shotList: [
      { id: "s1", lookId: "L1", shotType: "front", quantity: 2, required: true },
      { id: "s2", lookId: "L1", shotType: "back", quantity: 1, required: true },
      { id: "s3", lookId: "L2", shotType: "detail", quantity: 1, required: false },
    ],
    assets: [
      { id: "a1", lookId: "L1", shotType: "front", width: 2000, height: 3000, status: "approved" },
      { id: "a2", lookId: "L1", shotType: "front", width: 2000, height: 3000, status: "rejected" },
      { id: "a3", lookId: "L2", shotType: "detail", width: 2000, height: 3000 },
    ],
  }, NOW);
  deepEqual(actions.map((a) => [a.item.kind, a.item.count ?? null, a.score, a.action]), [
    // 2 required shots missing: 0.5 × (0.4 + 0.1)
    ["missing_shots", 2, 0.25, "/media/shots?missing=1"],
    ["photo_review", 1, 0.063, "/media/gallery?status=pending"], // 0.3 × 0.21
    ["get_started", null, 0.06, "/logistics/samples/new"],
    ["get_started", null, 0.06, "/events/new"],
  ]);
  equal(
    actions[0].rationale,
    "Required shots missing: 2 across 1 look (L1 front, L1 back). Urgency 0.5 × impact 0.5.",
  );
});

Deno.test("nextActions() makes up three with routine checks when nothing is flagged", () => {
  const actions = nextActions({
    samples: [sample("s", { status: "shot" })],
    events: [show([{ id: "t", title: "T", status: "done", durationMinutes: 10, dependsOn: [] }])],
    shotList: [{ id: "s1", lookId: "L1", shotType: "front", quantity: 1, required: true }],
    assets: [{
      id: "a1",
      lookId: "L1",
      shotType: "front",
      width: 1,
      height: 1,
      status: "approved",
    }],
  }, NOW);
  deepEqual(actions.map((a) => [a.item.kind, a.score, a.action]), [
    ["routine_check", 0.03, "/logistics/samples"],
    ["routine_check", 0.03, "/events"],
    ["routine_check", 0.03, "/media/gallery"],
  ]);
});

Deno.test("nextActions() returns at most five, best first, scores in [0, 1]", () => {
  const tasks = Array.from({ length: 12 }, (_, i) => ({
    id: `t${i}`,
    title: `Task ${i}`,
    status: "blocked" as const,
    durationMinutes: 60,
    dependsOn: [],
    deadline: `2025-03-01T${String(13 + i).padStart(2, "0")}:00:00Z`,
  }));
  const actions = nextActions({ ...EMPTY, events: [show(tasks)] }, NOW);
  equal(actions.length, 5);
  for (const [i, a] of actions.entries()) {
    ok(a.score >= 0 && a.score <= 1);
    if (i > 0) ok(actions[i - 1].score >= a.score);
  }
  // the nearest deadlines first
  deepEqual(actions.map((a) => a.item.taskId), ["t0", "t1", "t2", "t3", "t4"]);
});
