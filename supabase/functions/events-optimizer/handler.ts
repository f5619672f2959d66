/**
 * events-optimizer: critical path, staffing gaps and run of show of an event, given in the
 * body or stored (by `eventId`, visible to its owner and members only).
 */
import {
  eventPartsFor,
  type FullEventAnalysis,
  fullEventAnalysis,
} from "../_shared/analysis/events.ts";
import type { DependencyError } from "../_shared/analysis/task_graph.ts";
import { EventsRequestSchema } from "../_shared/analysis/schemas.ts";
import { assertListSize, assertTaskGraphSize, pick, runAnalyzer } from "../_shared/analyzer.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { httpError } from "../_shared/errors.ts";
import { createFunctionHandler, type FunctionRoute } from "../_shared/serve.ts";
import { loadStoredEvent } from "../_shared/stored/event.ts";

const RESPONSE_KEYS = {
  critical_path: "criticalPath",
  staffing: "staffing",
  run_of_show: "runOfShow",
} as const;

function dependencyProblem(error: DependencyError) {
  return httpError("validation_failed", error.message, {
    errors: { "event.tasks": [error.message] },
    taskIds: error.taskIds,
    reason: error.code,
  });
}

const analyzeRoute: FunctionRoute = {
  method: "POST",
  path: "/",
  admitsInHandler: true,
  handler: (req, { ctx }) =>
    runAnalyzer(req, ctx, {
      type: "events",
      schema: EventsRequestSchema,
      listsOf: (raw) => ({
        "event.tasks": (raw.event as { tasks?: unknown } | undefined)?.tasks,
        "event.staffing.assigned": (raw.event as { staffing?: { assigned?: unknown } } | undefined)
          ?.staffing?.assigned,
      }),
      bodyDecides: true,
      plan(body) {
        const now = new Date();
        const parts = eventPartsFor(body.analysisType);
        const eventId = body.eventId;
        return {
          // Stored events are keyed by id: the task/staff/member/event triggers delete that
          // entry, and the lookup serves it only while the caller may see the event.
          storedContext: body.event ? undefined : eventId,
          async compute() {
            const event = body.event ??
              await loadStoredEvent(ctx.db(), ctx.user.claims, eventId!);
            if (!event) {
              throw httpError(
                "not_found",
                `Event "${eventId}" does not exist or is not shared with you`,
              );
            }
            assertTaskGraphSize(event.tasks);
            assertListSize("staffing.assigned", event.staffing?.assigned);
            return fullEventAnalysis(event, now);
          },
          select(full: FullEventAnalysis) {
            if (parts.has("critical_path") && full.dependencyError) {
              throw dependencyProblem(full.dependencyError);
            }
            return pick(full, [...parts].map((part) => RESPONSE_KEYS[part]));
          },
        };
      },
    }),
};

/** Builds the events-optimizer handler; `env` overrides the environment. */
export function createEventsOptimizerHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "events-optimizer", env, routes: [analyzeRoute] });
}

export const handler = createEventsOptimizerHandler();
