/** A stored event with its tasks and staff, read under RLS, in the analyzers' shape. */
import type { EventInput, EventTask } from "../analysis/schemas.ts";
import { MAX_ANALYSIS_ITEMS } from "../analyzer.ts";
import type { UserClaims } from "../auth.ts";
import { asUser, type Sql } from "../db.ts";
import { inline } from "../inline_sql.ts";
import type { DbRow } from "../rows.ts";

type EventRow = DbRow<
  "events",
  "id" | "name" | "starts_at" | "ends_at" | "staffing_required",
  "starts_at" | "ends_at"
>;
type TaskRow = DbRow<
  "event_tasks",
  | "id"
  | "title"
  | "status"
  | "duration_minutes"
  | "depends_on"
  | "deadline"
  | "assignee_id"
  | "required_role"
  | "phase",
  "deadline"
>;
type StaffRow = DbRow<"event_staff", "name" | "role">;

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The event, or null when it does not exist or the caller may not see it. */
export async function loadStoredEvent(
  sql: Sql,
  claims: UserClaims,
  eventId: string,
): Promise<EventInput | null> {
  // Three statements, one round trip: asUser pipelines an array of queries.
  const [events, tasks, staff] = await asUser(sql, claims, (tx) => [
    inline(tx)<EventRow[]>`select id::text, name, starts_at, ends_at, staffing_required
       from public.events where id = ${eventId}`,
    inline(tx)<
      TaskRow[]
    >`select id::text, title, status, duration_minutes, depends_on::text[] as depends_on,
              deadline, assignee_id::text, required_role, phase
       from public.event_tasks where event_id = ${eventId}
       order by created_at, id limit ${MAX_ANALYSIS_ITEMS + 1}`,
    inline(tx)<
      StaffRow[]
    >`select name, role from public.event_staff where event_id = ${eventId} order by name
       limit ${MAX_ANALYSIS_ITEMS + 1}`,
  ]);
  const event = events[0];
  if (!event) return null;
  return {
    id: event.id,
    name: event.name,
    startsAt: iso(event.starts_at)!,
    // An open-ended event is treated as ending when it starts: its teardown is then anchored
    // on the start time rather than guessed.
    endsAt: iso(event.ends_at ?? event.starts_at)!,
    tasks: tasks.map((task) => ({
      id: task.id,
      title: task.title,
      status: task.status as EventTask["status"],
      durationMinutes: task.duration_minutes,
      dependsOn: task.depends_on ?? [],
      deadline: iso(task.deadline),
      assigneeId: task.assignee_id,
      requiredRole: task.required_role,
      phase: task.phase as EventTask["phase"],
    })),
    staffing: {
      required: (event.staffing_required ?? {}) as Record<string, number>,
      assigned: staff.map((member) => ({ name: member.name, role: member.role })),
    },
  };
}
