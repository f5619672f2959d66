import { deepEqual, equal } from "node:assert/strict";
import {
  dependencyEdges,
  EventInputSchema,
  EventsRequestSchema,
  LogisticsRequestSchema,
  MAX_ANALYSIS_ITEMS,
  MAX_DEPENDENCY_EDGES,
  MAX_ROLES,
  MAX_TAGS,
  MAX_TASK_DEPENDENCIES,
  MediaRequestSchema,
  SampleSchema,
  ShotItemSchema,
  StaffingSchema,
} from "./schemas.ts";

const EVENT_ID = "9b2f6c1e-4a7d-4e2b-9c3f-1d2e3f4a5b6c";

const event = {
  id: "e1",
  name: "SS26 show",
  startsAt: "2025-03-01T18:00:00Z",
  endsAt: "2025-03-01T20:00:00+01:00",
  tasks: [{ id: "t1", title: "Rig", status: "todo", durationMinutes: 60 }],
};

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.path.join("."));
}

Deno.test("SampleSchema defaults isHero to false and accepts a plain shoot date", () => {
  const sample = SampleSchema.parse({
    id: "s1",
    name: "Silk gown",
    category: "dresses",
    status: "requested",
    shootDate: "2025-03-01",
    expectedAt: "2025-02-27T09:00:00+01:00",
    lookId: null,
  });
  equal(sample.isHero, false);
  equal(sample.shootDate, "2025-03-01");
});

Deno.test("SampleSchema rejects an unknown key and a timestamp without offset", () => {
  const result = SampleSchema.safeParse({
    id: "s1",
    name: "Silk gown",
    category: "dresses",
    status: "requested",
    expectedAT: "2025-02-27T09:00:00Z",
  });
  equal(result.success, false);
  const noOffset = SampleSchema.safeParse({
    id: "s1",
    name: "Silk gown",
    category: "dresses",
    status: "requested",
    expectedAt: "2025-02-27T09:00:00",
  });
  deepEqual(issuePaths(noOffset), ["expectedAt"]);
});

Deno.test("EventInputSchema defaults dependsOn and tasks to empty lists", () => {
  const parsed = EventInputSchema.parse(event);
  deepEqual(parsed.tasks[0].dependsOn, []);
  deepEqual(EventInputSchema.parse({ ...event, tasks: undefined }).tasks, []);
});

Deno.test("EventInputSchema rejects duplicate task ids and an end before the start", () => {
  const duplicate = EventInputSchema.safeParse({
    ...event,
    tasks: [event.tasks[0], { ...event.tasks[0], title: "Again" }],
  });
  deepEqual(issuePaths(duplicate), ["tasks.1.id"]);
  const backwards = EventInputSchema.safeParse({ ...event, endsAt: "2025-03-01T17:00:00Z" });
  deepEqual(issuePaths(backwards), ["endsAt"]);
});

Deno.test("LogisticsRequestSchema defaults analysisType to all and rejects typos", () => {
  deepEqual(LogisticsRequestSchema.parse({}), { analysisType: "all" });
  equal(LogisticsRequestSchema.safeParse({ analysisTyp: "readiness" }).success, false);
  equal(LogisticsRequestSchema.safeParse({ analysisType: "everything" }).success, false);
});

Deno.test("LogisticsRequestSchema caps the sample list at MAX_ANALYSIS_ITEMS", () => {
  const sample = { id: "s", name: "Sample", category: "tops", status: "requested" };
  const list = (n: number) => Array.from({ length: n }, (_, i) => ({ ...sample, id: `s${i}` }));
  equal(
    LogisticsRequestSchema.parse({ sampleList: list(MAX_ANALYSIS_ITEMS) }).sampleList?.length,
    MAX_ANALYSIS_ITEMS,
  );
  deepEqual(
    issuePaths(LogisticsRequestSchema.safeParse({ sampleList: list(MAX_ANALYSIS_ITEMS + 1) })),
    [
      "sampleList",
    ],
  );
});

Deno.test("every list in the analyzer schemas has a maximum", () => {
  const many = <T>(n: number, make: (i: number) => T): T[] =>
    Array.from({ length: n }, (_, i) => make(i));
  const task = (i: number, dependsOn: string[] = []) => ({
    id: `t${i}`,
    title: "Task",
    status: "todo",
    durationMinutes: 5,
    dependsOn,
  });
  deepEqual(
    issuePaths(EventInputSchema.safeParse({
      ...event,
      tasks: [task(0, many(MAX_TASK_DEPENDENCIES + 1, (i) => `d${i}`))],
    })),
    ["tasks.0.dependsOn"],
  );
  deepEqual(
    issuePaths(StaffingSchema.safeParse({
      assigned: many(MAX_ANALYSIS_ITEMS + 1, (i) => ({ name: `n${i}`, role: "dresser" })),
    })),
    ["assigned"],
  );
  const roles = Object.fromEntries(
    many(MAX_ROLES + 1, (i) => [`role${i}`, 1]) as [string, number][],
  );
  equal(StaffingSchema.safeParse({ required: roles }).success, false);
  equal(
    MediaRequestSchema.safeParse({ brandKeywords: many(MAX_TAGS + 1, (i) => `k${i}`) }).success,
    false,
  );
  const asset = { id: "a", width: 10, height: 10, tags: many(MAX_TAGS + 1, (i) => `t${i}`) };
  deepEqual(issuePaths(MediaRequestSchema.safeParse({ assets: [asset] })), ["assets.0.tags"]);
  deepEqual(
    issuePaths(
      MediaRequestSchema.safeParse({
        shotList: many(
          MAX_ANALYSIS_ITEMS + 1,
          (i) => ({ id: `x${i}`, lookId: "L", shotType: "front" }),
        ),
      }),
    ),
    ["shotList"],
  );
});

Deno.test("EventInputSchema bounds the dependency edges of an event, not only its tasks", () => {
  const perTask = MAX_TASK_DEPENDENCIES;
  // the first `perTask` tasks have none; one task more than the limit allows has them all
  const taskCount = perTask + Math.floor(MAX_DEPENDENCY_EDGES / perTask) + 1;
  const deps = Array.from({ length: perTask }, (_, i) => `t${i}`);
  const tasks = Array.from({ length: taskCount }, (_, i) => ({
    id: `t${i}`,
    title: "Task",
    status: "todo",
    durationMinutes: 5,
    dependsOn: i < perTask ? [] : deps,
  }));
  const tooMany = EventInputSchema.safeParse({ ...event, tasks });
  equal(dependencyEdges(tasks) > MAX_DEPENDENCY_EDGES, true);
  deepEqual(issuePaths(tooMany), ["tasks"]);
  const fewer = tasks.slice(0, taskCount - 1);
  equal(dependencyEdges(fewer), MAX_DEPENDENCY_EDGES);
  equal(EventInputSchema.safeParse({ ...event, tasks: fewer }).success, true);
});

Deno.test("a timestamp longer than any ISO 8601 instant is refused without parsing it", () => {
  equal(
    SampleSchema.safeParse({
      id: "s1",
      name: "n",
      category: "c",
      status: "requested",
      expectedAt: "2025-03-01T09:00:00" + "0".repeat(100_000) + "Z",
    }).success,
    false,
  );
});

Deno.test("EventsRequestSchema requires exactly one of eventId and event", () => {
  equal(EventsRequestSchema.parse({ eventId: EVENT_ID }).analysisType, "all");
  equal(EventsRequestSchema.parse({ event }).event?.id, "e1");
  deepEqual(issuePaths(EventsRequestSchema.safeParse({})), ["eventId"]);
  deepEqual(issuePaths(EventsRequestSchema.safeParse({ eventId: EVENT_ID, event })), ["eventId"]);
  deepEqual(issuePaths(EventsRequestSchema.safeParse({ eventId: "e1" })), ["eventId"]);
  // Postgres takes any 8-4-4-4-12 hex id, RFC version bits or not (seeded md5 ids).
  const md5Id = "d10b5fb6-de8c-f0e0-6862-307b2cba790e";
  equal(EventsRequestSchema.parse({ eventId: md5Id }).eventId, md5Id);
});

Deno.test("MediaRequestSchema defaults topN to 12 and bounds it to 1..100", () => {
  equal(MediaRequestSchema.parse({}).topN, 12);
  equal(MediaRequestSchema.parse({ topN: 100 }).topN, 100);
  equal(MediaRequestSchema.safeParse({ topN: 0 }).success, false);
  equal(MediaRequestSchema.safeParse({ topN: 101 }).success, false);
  equal(MediaRequestSchema.safeParse({ topN: 2.5 }).success, false);
});

Deno.test("ShotItemSchema defaults quantity to 1 and required to true", () => {
  deepEqual(ShotItemSchema.parse({ id: "x", lookId: "L1", shotType: "front" }), {
    id: "x",
    lookId: "L1",
    shotType: "front",
    quantity: 1,
    required: true,
  });
});

Deno.test("MediaRequestSchema rejects an asset with an unknown key or bad sharpness", () => {
  const asset = { id: "a1", width: 100, height: 100 };
  equal(MediaRequestSchema.safeParse({ assets: [asset] }).success, true);
  equal(MediaRequestSchema.safeParse({ assets: [{ ...asset, sharpnes: 1 }] }).success, false);
  equal(MediaRequestSchema.safeParse({ assets: [{ ...asset, sharpness: 1.5 }] }).success, false);
});

Deno.test("StaffingSchema keeps roles named like Object members and refuses a __proto__ count", () => {
  const staffing = StaffingSchema.parse(JSON.parse('{"required":{"toString":2},"assigned":[]}'));
  deepEqual(Object.entries(staffing.required), [["toString", 2]]);
  const proto = StaffingSchema.safeParse(JSON.parse('{"required":{"__proto__":3}}'));
  equal(proto.success, false);
  equal(proto.error?.issues[0].path.join("."), "required.__proto__");
});
