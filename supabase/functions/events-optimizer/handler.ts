/**
 * events-optimizer: critical path, staffing gaps and run of show of an event, given in the
 * body or stored (by `eventId`, visible to its owner and members only).
 */
import { eventPartsFor, fullEventAnalysis } from "../_shared/analysis/events.ts";
import type { DependencyError } from "../_shared/analysis/task_graph.ts";
import { EventsRequestSchema } from "../_shared/analysis/schemas.ts";
import {
  assertListSize,
  assertTaskGraphSize,
  listContextId,
  pick,
  readAnalyzerRequest,
  runAnalyzer,
} from "../_shared/analyzer.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { httpError } from "../_shared/errors.ts";
import { createFunctionHandler, type FunctionRoute } from "../_shared/serve.ts";
import { canSeeEvent, loadStoredEvent } from "./stored_event.ts";

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
  async handler(req, { ctx }) {
    const body = await readAnalyzerRequest(req, EventsRequestSchema, (raw) => ({
      "event.tasks": (raw.event as { tasks?: unknown } | undefined)?.tasks,
      "event.staffing.assigned": (raw.event as { staffing?: { assigned?: unknown } } | undefined)
        ?.staffing?.assigned,
    }));
    const parts = eventPartsFor(body.analysisType);
    const now = new Date();
    const eventId = body.eventId;
    // Checked before the cache too: a member removed from an event must not keep reading
    // its cached analysis.
    if (eventId && !(await canSeeEvent(ctx.db(), ctx.user.claims, eventId))) {
      throw httpError("not_found", `Event "${eventId}" does not exist or is not shared with you`);
    }
    return await runAnalyzer(req, ctx, {
      type: "events",
      // Stored events are keyed by id: the task/staff/event triggers delete that entry.
      contextId: eventId ?? await listContextId(body.event),
      async compute() {
        const event = body.event ?? await loadStoredEvent(ctx.db(), ctx.user.claims, eventId!);
        if (!event) throw httpError("not_found", `Event "${eventId}" does not exist`);
        assertTaskGraphSize(event.tasks);
        assertListSize("staffing.assigned", event.staffing?.assigned);
        return fullEventAnalysis(event, now);
      },
      select(full) {
        if (parts.has("critical_path") && full.dependencyError) {
          throw dependencyProblem(full.dependencyError);
        }
        return pick(full, [...parts].map((part) => RESPONSE_KEYS[part]));
      },
    });
  },
};

/** Builds the events-optimizer handler; `env` overrides the environment. */
export function createEventsOptimizerHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "events-optimizer", env, routes: [analyzeRoute] });
}

export const handler = createEventsOptimizerHandler();
