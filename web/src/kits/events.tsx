/**
 * The events kit: for the chosen event, the critical path (highlighted chain, tasks at risk),
 * staffing gaps, the run-of-show timeline and the coming deadlines. Live on events:<eventId>.
 */
import { useState } from "preact/hooks";
import { type ApiResult, callFunction } from "../api.ts";
import { useLiveTopic } from "../live/channel.ts";
import { toastForEvent } from "../live/toast_rules.ts";
import { navigate, type Route } from "../router.ts";
import { supabase } from "../supabase.ts";
import { Card, EmptyState, ErrorState } from "../ui/states.tsx";
import { showToast } from "../ui/toasts.tsx";
import { useLoad } from "../use_load.ts";
import { CreateEventForm } from "./create_event_form.tsx";
import { formatDay, formatMinutes, formatTime, fromNow } from "./format.ts";
import { KitSkeleton } from "./logistics.tsx";
import { NextActions } from "./next_actions.tsx";
import type { EventAnalysis, EventRow, TaskRow } from "./types.ts";
import { useDebounced } from "./use_debounced.ts";

const DAY_MS = 86_400_000;

async function loadEvents(): Promise<ApiResult<EventRow[]>> {
  const { data, error } = await supabase().from("events")
    .select("id,name,starts_at,ends_at,venue").order("starts_at");
  if (error) {
    return {
      data: null,
      error: { status: 0, code: error.code, message: "Your events could not be loaded." },
    };
  }
  return { data: data as EventRow[], error: null };
}

async function loadEvent(
  eventId: string,
): Promise<ApiResult<{ analysis: EventAnalysis; tasks: TaskRow[] }>> {
  const [analysis, tasks] = await Promise.all([
    callFunction<EventAnalysis>("events-optimizer", { body: { analysisType: "all", eventId } }),
    supabase().from("event_tasks")
      .select("id,title,status,deadline,phase,duration_minutes").eq("event_id", eventId),
  ]);
  if (analysis.error) return analysis;
  if (tasks.error) {
    return {
      data: null,
      error: {
        status: 0,
        code: tasks.error.code,
        message: "The event's tasks could not be loaded.",
      },
    };
  }
  return { data: { analysis: analysis.data, tasks: tasks.data as TaskRow[] }, error: null };
}

/** The event the path names, else the next one to come, else the latest. */
function chooseEvent(events: EventRow[], path: string): EventRow | undefined {
  const id = path.split("/")[2];
  const named = events.find((e) => e.id === id);
  if (named) return named;
  const now = Date.now();
  return events.find((e) => new Date(e.ends_at ?? e.starts_at).getTime() >= now) ?? events.at(-1);
}

export function EventsView({ route, notify }: { route: Route; notify?: Record<string, boolean> }) {
  const events = useLoad(loadEvents, []);
  if (events.loading) return <KitSkeleton />;
  if (events.error) return <ErrorState error={events.error} onRetry={events.reload} />;
  const list = events.data ?? [];
  const event = chooseEvent(list, route.path);
  if (!event) {
    return (
      <div class="grid">
        <Card title="Events" wide>
          <EmptyState title="No events yet">
            Create your event: add its tasks and staff, and the assistant finds the critical path,
            the staffing gaps and a run of show.
          </EmptyState>
          <CreateEventForm
            onCreated={(id) => {
              events.reload();
              navigate(`/events/${id}`);
            }}
          />
        </Card>
      </div>
    );
  }
  return (
    <>
      {list.length > 1 && (
        <label class="field event-picker">
          <span>Event</span>
          <select value={event.id} onChange={(e) => navigate(`/events/${e.currentTarget.value}`)}>
            {list.map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}
          </select>
        </label>
      )}
      <EventDetail key={event.id} event={event} notify={notify} />
    </>
  );
}

function EventDetail({ event, notify }: { event: EventRow; notify?: Record<string, boolean> }) {
  const { data, error, loading, reload } = useLoad(() => loadEvent(event.id), [event.id]);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useDebounced(() => {
    setRefreshKey((k) => k + 1);
    reload();
  }, 250);
  useLiveTopic(`events:${event.id}`, (live) => {
    const toast = toastForEvent(live, { blockerIds: new Set(), ownChanges: new Set(), notify });
    if (toast) showToast(toast);
    refresh();
  }, refresh);

  if (loading) return <KitSkeleton />;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return null;
  const { criticalPath, staffing = [], runOfShow } = data.analysis;
  const titles = new Map(data.tasks.map((t) => [t.id, t.title]));
  const atRisk = new Set(criticalPath?.atRisk.map((t) => t.id));
  const now = Date.now();
  const deadlines = data.tasks
    .filter((t) => t.deadline && t.status !== "done")
    .sort((a, b) => a.deadline!.localeCompare(b.deadline!))
    .slice(0, 8);
  const gaps = staffing.filter((s) => s.gap > 0);

  return (
    <div class="grid">
      <Card title={event.name} testId="event-summary">
        <p class="muted">
          {formatDay(event.starts_at)}
          {event.venue ? ` · ${event.venue}` : ""}
        </p>
        {criticalPath
          ? (
            <p class={criticalPath.onTrack ? "status-line ok" : "status-line late"}>
              {criticalPath.onTrack ? "On track" : "Behind schedule"}
              {criticalPath.bufferMinutes !== null &&
                ` · buffer ${formatMinutes(criticalPath.bufferMinutes)}`}
            </p>
          )
          : <p class="muted">The critical path needs tasks whose dependencies make sense.</p>}
        <p class="muted small">
          {data.tasks.length} tasks · {data.tasks.filter((t) => t.status === "done").length} done
        </p>
      </Card>
      <Card title="Critical path" testId="critical-path">
        {!criticalPath || criticalPath.criticalChain.length === 0
          ? (
            <EmptyState title="No critical path">
              Add tasks with their durations and dependencies.
            </EmptyState>
          )
          : (
            <ol class="chain">
              {criticalPath.criticalChain.map((id) => (
                <li key={id} class={atRisk.has(id) ? "chain-step at-risk" : "chain-step"}>
                  {titles.get(id) ?? "Task"}
                  {atRisk.has(id) && <span class="badge badge-critical">at risk</span>}
                </li>
              ))}
            </ol>
          )}
      </Card>
      <Card title="Staffing gaps" testId="staffing">
        {staffing.length === 0
          ? (
            <EmptyState title="No staffing plan">
              Set the headcount each role needs on the event.
            </EmptyState>
          )
          : gaps.length === 0
          ? <EmptyState title="Fully staffed">Every role has the people it needs.</EmptyState>
          : (
            <ul class="list">
              {gaps.map((g) => (
                <li key={g.role} class="list-row">
                  <div class="grow">
                    <strong>{g.role}</strong>
                    <p class="muted small">{g.assigned} of {g.required} assigned</p>
                  </div>
                  <span class="badge badge-warning">{g.gap} short</span>
                </li>
              ))}
            </ul>
          )}
      </Card>
      <NextActions kit="events" refreshKey={refreshKey} />
      {runOfShow && (
        <Card title="Run of show" wide testId="run-of-show">
          <ol class="timeline">
            {runOfShow.blocks.map((b) => (
              <li
                key={b.phase}
                class={`timeline-block phase-${b.phase}${b.overrun ? " overrun" : ""}`}
              >
                <span class="timeline-phase">{b.phase}</span>
                <span class="timeline-time">{formatTime(b.start)} – {formatTime(b.end)}</span>
                <span class="muted small">
                  {b.taskIds.length} tasks · {formatMinutes(b.durationMinutes)}
                  {b.overrun && ` · overruns by ${formatMinutes(b.overrunMinutes)}`}
                </span>
              </li>
            ))}
          </ol>
        </Card>
      )}
      <Card title="Deadlines" wide testId="deadlines">
        {deadlines.length === 0
          ? <EmptyState title="No open deadlines">Tasks with a deadline show up here.</EmptyState>
          : (
            <ul class="list">
              {deadlines.map((t) => {
                const soon = new Date(t.deadline!).getTime() - now < DAY_MS;
                return (
                  <li key={t.id} class="list-row">
                    <div class="grow">
                      <strong>{t.title}</strong>
                      <p class="muted small">{t.phase} · {t.status.replace("_", " ")}</p>
                    </div>
                    <span class={soon ? "badge badge-critical" : "small"}>
                      {fromNow(t.deadline!)}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
      </Card>
    </div>
  );
}
