/** Builders shared by the event tests. @module */
import type { EventInput, EventTask } from "./schemas.ts";

/** A todo task with no phase and no dependencies, unless overridden. */
export function task(
  id: string,
  durationMinutes: number,
  extra: Partial<EventTask> = {},
): EventTask {
  return { id, title: `Task ${id}`, status: "todo", durationMinutes, dependsOn: [], ...extra };
}

/** An event from 18:00 to 20:00 UTC on 2025-03-01. */
export function eventWith(tasks: EventTask[], extra: Partial<EventInput> = {}): EventInput {
  return {
    id: "e1",
    name: "SS26 show",
    startsAt: "2025-03-01T18:00:00.000Z",
    endsAt: "2025-03-01T20:00:00.000Z",
    tasks,
    ...extra,
  };
}
