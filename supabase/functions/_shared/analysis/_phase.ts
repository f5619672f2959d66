/** Which part of an event a task belongs to. @module */
import type { EventPhase, EventTask } from "./schemas.ts";

/** Tasks without a phase are preparation work, so they count as setup. */
export function phaseOf(task: Pick<EventTask, "phase">): EventPhase {
  return task.phase ?? "setup";
}
