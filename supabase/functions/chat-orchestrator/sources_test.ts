import { deepEqual, equal } from "node:assert/strict";
import { contextEvent } from "./sources.ts";

Deno.test("contextEvent() anchors a supplied task list on its last deadline, else now", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const tasks = [
    {
      id: "a",
      title: "A",
      status: "todo" as const,
      durationMinutes: 5,
      dependsOn: [],
      deadline: "2030-01-02T10:00:00Z",
    },
    {
      id: "b",
      title: "B",
      status: "todo" as const,
      durationMinutes: 5,
      dependsOn: [],
      deadline: "2030-01-03T10:00:00Z",
    },
  ];
  const { event, subject } = contextEvent(tasks, undefined, now);
  equal(event.startsAt, "2030-01-03T10:00:00.000Z");
  deepEqual(subject, {
    id: "context",
    name: "This event",
    startsAt: event.startsAt,
    linkable: false,
  });
  const named = contextEvent([], "3f9c2a4e-1b2c-4d5e-8f90-123456789abc", now);
  equal(named.event.startsAt, now.toISOString());
  equal(named.subject.linkable, true);
});
