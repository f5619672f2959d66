/**
 * The events skills: critical path, staffing, run of show and deadlines of one event, over
 * the events optimizer's full result (`fullEventAnalysis`) and, for deadlines, its tasks.
 */
import type { FullEventAnalysis } from "../../_shared/analysis/events.ts";
import type { EventTask } from "../../_shared/analysis/schemas.ts";
import { count, isAre, listOf, minutes } from "../format.ts";
import type { Action, SkillAnswer } from "../types.ts";
import { FOLLOW_UPS } from "./follow_up.ts";

/** The event an answer is about. */
export interface EventSubject {
  id: string;
  name: string;
  startsAt: string;
  /** A stored event has a page of its own to link to; a list from the client does not. */
  linkable: boolean;
}

const HOUR_MS = 3_600_000;

/** Where the event's pages are: `/events/<id>`, or the events list for a supplied list. */
export function eventBase(event: EventSubject): string {
  return event.linkable ? `/events/${encodeURIComponent(event.id)}` : "/events";
}

/** A page of the event (`tasks`, `staffing`, ...); the events list for a supplied list. */
const eventPage = (event: EventSubject, page: string) =>
  event.linkable ? `${eventBase(event)}/${page}` : "/events";

const taskLink = (event: EventSubject, taskId: string) =>
  eventPage(event, `tasks/${encodeURIComponent(taskId)}`);

/** The answer when there is no event to talk about. */
export function noEventAnswer(): SkillAnswer {
  return {
    content: "There is no event to look at yet: create one, or open the event you mean.",
    severity: "info",
    actions: [{ label: "Open events", target: "/events", primary: true }],
    followUp: ["What should I do next?", "Which samples are late?"],
    facts: { event: null },
  };
}

/**
 * On track or behind, by how much, the chain of tasks that decides it and the critical tasks
 * at risk. Behind is critical; on track with tasks at risk is a warning.
 */
export function criticalPathAnswer(event: EventSubject, full: FullEventAnalysis): SkillAnswer {
  if (full.dependencyError || !full.criticalPath) {
    const message = full.dependencyError?.message ?? "the task graph cannot be scheduled";
    return {
      content: `The tasks of ${event.name} cannot be scheduled: ${message}. Fix the ` +
        "dependencies to see the critical path.",
      severity: "warning",
      actions: [{ label: "Open tasks", target: eventPage(event, "tasks"), primary: true }],
      followUp: FOLLOW_UPS.critical_path,
      facts: { event: event.name, dependencyError: full.dependencyError ?? null },
    };
  }
  const report = full.criticalPath;
  const titles = new Map(report.tasks.map((task) => [task.id, task.title]));
  const buffer = report.bufferMinutes;
  let content: string;
  if (buffer === null) {
    content = `${event.name} has no setup work left to do.`;
  } else if (report.onTrack) {
    content = `${event.name} is on track: setup finishes ${minutes(buffer)} before the start.`;
  } else {
    content = `${event.name} is behind: setup would finish ${minutes(buffer)} after the start.`;
  }
  if (report.criticalChain.length > 0) {
    const chain = report.criticalChain.map((id) => titles.get(id) ?? id);
    const shown = chain.length > 6 ? [...chain.slice(0, 5), "…"] : chain;
    content += ` Critical path: ${shown.join(" → ")}.`;
  }
  const atRisk = report.atRisk;
  if (atRisk.length > 0) {
    content += ` ${count(atRisk.length, "critical task")} ${isAre(atRisk.length)} at risk: ` +
      `${listOf(atRisk.map((t) => `${t.title} (${t.reasons.join(", ")})`))}.`;
  }
  const severity = !report.onTrack ? "critical" : atRisk.length > 0 ? "warning" : "success";
  const actions: Action[] = atRisk.length > 0
    ? [
      { label: `Open ${atRisk[0].title}`, target: taskLink(event, atRisk[0].id), primary: true },
      { label: "Blocked tasks", target: eventPage(event, "tasks?filter=blocked") },
    ]
    : [{ label: "Open tasks", target: eventPage(event, "tasks"), primary: true }];
  return {
    content,
    severity,
    actions,
    followUp: FOLLOW_UPS.critical_path,
    facts: {
      event: event.name,
      startsAt: event.startsAt,
      onTrack: report.onTrack,
      bufferMinutes: buffer,
      projectedSetupFinish: report.projectedSetupFinish,
      criticalChain: report.criticalChain.map((id) => titles.get(id) ?? id),
      atRisk: atRisk.map((t) => ({ title: t.title, reasons: t.reasons, deadline: t.deadline })),
    },
  };
}

/** Roles short of people, largest gap first; every role covered is a success. */
export function staffingAnswer(event: EventSubject, full: FullEventAnalysis): SkillAnswer {
  const staffing = full.staffing ?? [];
  const target = eventPage(event, "staffing");
  const facts = { event: event.name, roles: staffing };
  if (staffing.length === 0) {
    return {
      content: `No staffing needs are set for ${event.name}: add the roles and head counts ` +
        "to see the gaps.",
      severity: "info",
      actions: [{ label: "Set staffing", target, primary: true }],
      followUp: FOLLOW_UPS.staffing,
      facts,
    };
  }
  const gaps = staffing.filter((role) => role.gap > 0);
  const required = staffing.reduce((sum, role) => sum + role.required, 0);
  if (gaps.length === 0) {
    const assigned = staffing.reduce(
      (sum, role) => sum + Math.min(role.assigned, role.required),
      0,
    );
    return {
      content: `Every role of ${event.name} is covered: ${assigned} of ` +
        `${count(required, "person", "people")} needed are assigned.`,
      severity: "success",
      actions: [{ label: "Open staffing", target, primary: true }],
      followUp: FOLLOW_UPS.staffing,
      facts,
    };
  }
  const short = gaps.reduce((sum, role) => sum + role.gap, 0);
  const content = `${event.name} is ${count(short, "person", "people")} short across ` +
    `${count(gaps.length, "role")}: ${
      listOf(gaps.map((g) => `${g.role} ${g.assigned} of ${g.required}`), 4)
    }.`;
  return {
    content,
    severity: "warning",
    actions: [{ label: "Fill the gaps", target, primary: true }],
    followUp: FOLLOW_UPS.staffing,
    facts,
  };
}

/** The three blocks with their lengths, and any overrun. */
export function runOfShowAnswer(event: EventSubject, full: FullEventAnalysis): SkillAnswer {
  const draft = full.runOfShow;
  const target = eventPage(event, "run-of-show");
  if (!draft) return noEventAnswer();
  const blocks = draft.blocks.map((b) =>
    `${b.phase} ${minutes(b.durationMinutes)} (${count(b.taskIds.length, "task")})`
  );
  let content = `Run of show for ${event.name}: ${listOf(blocks)}; the show window is ` +
    `${minutes(draft.showWindowMinutes)}.`;
  const overruns = draft.blocks.filter((b) => b.overrun);
  for (const b of overruns) content += ` ${cap(b.phase)} overruns by ${minutes(b.overrunMinutes)}.`;
  return {
    content,
    severity: overruns.length > 0 ? "warning" : "info",
    actions: [{ label: "Open the run of show", target, primary: true }],
    followUp: FOLLOW_UPS.run_of_show,
    facts: {
      event: event.name,
      showWindowMinutes: draft.showWindowMinutes,
      blocks: draft.blocks.map((b) => ({
        phase: b.phase,
        start: b.start,
        end: b.end,
        durationMinutes: b.durationMinutes,
        tasks: b.taskIds.length,
        overrunMinutes: b.overrunMinutes,
      })),
    },
  };
}

const cap = (word: string) => word[0].toUpperCase() + word.slice(1);

/** How far a deadline is from now, for the text: `overdue by 3 h`, `due in 45 min`. */
function dueText(deadlineMs: number, nowMs: number): string {
  const diff = Math.round((deadlineMs - nowMs) / 60_000);
  return diff < 0 ? `overdue by ${minutes(-diff)}` : `due in ${minutes(diff)}`;
}

/**
 * Open tasks past their deadline or due within 24 hours, soonest first. Overdue is critical,
 * due soon a warning.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { deadlinesAnswer } from "./events.ts";
 *
 * const answer = deadlinesAnswer(
 *   { id: "e1", name: "Show", startsAt: "2030-01-02T00:00:00Z", linkable: true },
 *   [{ id: "t1", title: "Lights", status: "todo", durationMinutes: 30, dependsOn: [],
 *      deadline: "2030-01-01T10:00:00Z" }],
 *   new Date("2030-01-01T12:00:00Z"),
 * );
 * equal(answer.severity, "critical");
 * ```
 */
export function deadlinesAnswer(
  event: EventSubject,
  tasks: readonly EventTask[],
  now: Date,
): SkillAnswer {
  const nowMs = now.getTime();
  const open = tasks
    .filter((t) => t.status !== "done" && t.deadline)
    .map((t) => ({ task: t, at: Date.parse(t.deadline!) }))
    .filter(({ at }) => at <= nowMs + 24 * HOUR_MS)
    .sort((a, b) => a.at - b.at || (a.task.id < b.task.id ? -1 : 1));
  const overdue = open.filter(({ at }) => at < nowMs);
  const soon = open.length - overdue.length;
  if (open.length === 0) {
    return {
      content: `Nothing is overdue or due in the next 24 hours for ${event.name}.`,
      severity: "success",
      actions: [{ label: "Open tasks", target: eventPage(event, "tasks"), primary: true }],
      followUp: FOLLOW_UPS.deadlines,
      facts: { event: event.name, overdue: 0, dueWithin24h: 0 },
    };
  }
  const parts = [];
  if (overdue.length > 0) {
    parts.push(`${count(overdue.length, "task")} ${isAre(overdue.length)} overdue`);
  }
  if (soon > 0) parts.push(`${count(soon, "task")} ${isAre(soon)} due in the next 24 hours`);
  const content = `${event.name}: ${parts.join(" and ")}: ${
    listOf(open.map(({ task, at }) => `${task.title} (${dueText(at, nowMs)})`))
  }.`;
  const first = open[0].task;
  return {
    content: content[0].toUpperCase() + content.slice(1),
    severity: overdue.length > 0 ? "critical" : "warning",
    actions: [
      { label: `Open ${first.title}`, target: taskLink(event, first.id), primary: true },
      { label: "Tasks due soon", target: eventPage(event, "tasks?filter=due") },
    ],
    followUp: FOLLOW_UPS.deadlines,
    facts: {
      event: event.name,
      overdue: overdue.length,
      dueWithin24h: soon,
      tasks: open.slice(0, 10).map(({ task }) => ({
        title: task.title,
        deadline: task.deadline,
        status: task.status,
      })),
    },
  };
}
