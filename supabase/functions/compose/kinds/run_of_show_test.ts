import { ok, throws } from "node:assert/strict";
import { runOfShow } from "../../_shared/analysis/run_of_show.ts";
import { runOfShowDocument, RunOfShowInputs } from "./run_of_show.ts";

const event = {
  id: "e1",
  name: "SS26 Show",
  startsAt: "2026-03-01T18:00:00Z",
  endsAt: "2026-03-01T19:00:00Z",
  tasks: [
    {
      id: "load",
      title: "Load in",
      status: "todo",
      durationMinutes: 60,
      dependsOn: [],
      phase: "setup",
    },
    {
      id: "walk",
      title: "Runway walk",
      status: "todo",
      durationMinutes: 90,
      dependsOn: ["load"],
      phase: "show",
    },
    {
      id: "out",
      title: "Load out",
      status: "todo",
      durationMinutes: 30,
      dependsOn: [],
      phase: "teardown",
    },
  ],
} as const;

Deno.test("RunOfShowInputs takes an event id or an event, not both", () => {
  RunOfShowInputs.parse({ eventId: crypto.randomUUID() });
  RunOfShowInputs.parse({ event });
  throws(() => RunOfShowInputs.parse({ eventId: crypto.randomUUID(), event }));
  throws(() => RunOfShowInputs.parse({ eventId: "not-a-uuid" }));
});

Deno.test("runOfShowDocument() lays out the phases with times and tasks, and calls out an overrun", () => {
  const parsed = RunOfShowInputs.parse({ event });
  if (!("event" in parsed)) throw new Error("unreachable");
  const draft = runOfShow(parsed.event, new Date("2026-03-01T12:00:00Z"));
  for (
    const text of runOfShowDocument({ event: parsed.event, draft }, {
      tone: "professional",
      length: "medium",
    }).variants
  ) {
    ok(text.includes("SS26 Show"));
    ok(text.includes("Setup 17:00–18:00 (60 min)"), text);
    ok(text.indexOf("Load in") < text.indexOf("Runway walk"));
    ok(/Warning: show runs 30 minutes over/.test(text), text);
  }
});
