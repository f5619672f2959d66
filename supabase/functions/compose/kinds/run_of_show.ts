/**
 * `run_of_show`: the day's schedule of an event (stored, by id, or given in the body), from the
 * events analyzer's draft (`_shared/analysis/run_of_show.ts`). @module
 */
import { z } from "zod";
import type { RunOfShowDraft } from "../../_shared/analysis/run_of_show.ts";
import { type EventInput, EventInputSchema } from "../../_shared/analysis/schemas.ts";
import { type ComposeOptions, type Draft, pick, type Tone } from "./kind.ts";

export const RunOfShowInputs = z.union([
  z.strictObject({ eventId: z.uuid() }),
  z.strictObject({ event: EventInputSchema }),
]);
export type RunOfShowInputs = z.infer<typeof RunOfShowInputs>;

/** What the template renders: the event and its draft schedule. */
export interface RunOfShowMaterial {
  event: EventInput;
  draft: RunOfShowDraft;
}

const WORDS = { short: [30, 400], medium: [40, 800], long: [60, 1600] } as const;

const PHASE_TITLE = { setup: "Setup", show: "Show", teardown: "Teardown" } as const;

const OPENERS: Record<Tone, string[]> = {
  professional: ["Run of show", "Schedule for the day", "Running order"],
  warm: ["Our day, hour by hour", "Here is how the day runs", "The plan for the day"],
  bold: ["Showtime: the running order", "The day, minute by minute", "How we run it"],
  luxurious: ["The evening's programme", "Order of proceedings", "The running order"],
};

function hhmm(iso: string): string {
  return iso.slice(11, 16);
}

/**
 * The run of show template: one section per phase with its times, tasks in order and any
 * overrun called out.
 */
export function runOfShowDocument(m: RunOfShowMaterial, options: ComposeOptions): Draft {
  const titles = new Map(m.event.tasks.map((t) => [t.id, t.title]));
  const variant = (i: number) => {
    const lines = [
      `${pick(OPENERS[options.tone], i)}: ${m.event.name}`,
      `${m.event.startsAt.slice(0, 10)}, doors ${hhmm(m.event.startsAt)}, close ${
        hhmm(m.event.endsAt)
      } (${Math.round(m.draft.showWindowMinutes)} minutes).`,
    ];
    for (const block of m.draft.blocks) {
      lines.push(
        `${PHASE_TITLE[block.phase]} ${hhmm(block.start)}–${
          hhmm(block.end)
        } (${block.durationMinutes} min)`,
      );
      const tasks = block.taskIds.map((id) => titles.get(id) ?? id);
      if (tasks.length === 0) lines.push("- nothing scheduled");
      if (options.length !== "short" || i > 0) {
        for (const task of tasks) lines.push(`- ${task}`);
      } else if (tasks.length) lines.push(`- ${tasks.join("; ")}`);
      if (block.overrun) {
        lines.push(
          `Warning: ${
            PHASE_TITLE[block.phase].toLowerCase()
          } runs ${block.overrunMinutes} minutes over; ${
            pick(["trim or move tasks", "add crew or start earlier", "cut or shorten a segment"], i)
          }.`,
        );
      }
    }
    if (options.length === "long") {
      lines.push("Every lead confirms their block is ready ten minutes before it starts.");
    }
    return lines.join("\n");
  };
  return {
    variants: [variant(0), variant(1), variant(2)],
    terms: [m.event.name, ...m.event.tasks.slice(0, 20).map((t) => t.title)],
    words: WORDS[options.length],
  };
}
