import { deepEqual, equal, ok } from "node:assert/strict";
import { eventIdOfRoute, kitOf, understand } from "./intent.ts";
import { FOLLOW_UPS, KIT_SUGGESTIONS } from "./skills/follow_up.ts";
import type { Intent, Kit, SkillName } from "./types.ts";

type Case = [message: string, kit: string, intent: Intent, skill: SkillName];

const PHRASINGS: Case[] = [
  // logistics
  ["What is our readiness?", "logistics", "question", "readiness"],
  ["Are we ready for Thursday's shoot?", "logistics", "question", "readiness"],
  ["how many samples are on set", "logistics", "question", "readiness"],
  ["Which samples are late?", "logistics", "question", "blockers"],
  ["anything overdue??", "logistics", "question", "blockers"],
  ["Where is the silk gown", "logistics", "question", "blockers"],
  ["The red coat hasn't arrived yet", "logistics", "question", "blockers"],
  ["what's blocking the shoot? any blockers", "logistics", "question", "blockers"],
  ["Chase the late hero pieces", "logistics", "action", "blockers"],
  ["How should I batch the samples?", "logistics", "question", "batching"],
  ["group the remaining pieces to save time", "logistics", "question", "batching"],
  ["Batch the shoes please", "logistics", "action", "batching"],
  ["How are we doing?", "logistics", "question", "readiness"],
  ["samples are blocked at customs", "logistics", "question", "blockers"],
  ["What is blocking us?", "logistics", "question", "blockers"],
  ["How ready are we for the shoot?", "logistics", "question", "readiness"],
  // events
  ["Are we on track?", "events", "question", "critical_path"],
  ["What's the critical path?", "events", "question", "critical_path"],
  ["Which tasks are blocked", "events", "question", "critical_path"],
  ["any bottlenecks before doors open?", "events", "question", "critical_path"],
  ["Are we short of staff?", "events", "question", "staffing"],
  ["Do we have enough dressers?", "events", "question", "staffing"],
  ["is the crew complete", "events", "question", "staffing"],
  ["What does the run of show look like?", "events", "question", "run_of_show"],
  ["draft the rundown", "events", "action", "run_of_show"],
  ["how long is setup and teardown", "events", "question", "run_of_show"],
  ["What is due in the next 24 hours?", "events", "question", "deadlines"],
  ["deadlines today?", "events", "question", "deadlines"],
  ["Are any tasks late?", "events", "question", "deadlines"],
  ["status update please", "events", "question", "critical_path"],
  ["What is blocking us?", "events", "question", "critical_path"],
  ["Where are we short of staff?", "events", "question", "staffing"],
  // media
  ["Which shots are missing?", "media", "question", "missing_shots"],
  ["what's left on the shot list", "media", "question", "missing_shots"],
  ["What do we still need to shoot for look 3?", "media", "question", "missing_shots"],
  ["What are the best selects?", "media", "question", "selects"],
  ["pick the best images", "media", "question", "selects"],
  ["show me the top 10 photos", "media", "question", "selects"],
  ["How good is the photo quality?", "media", "question", "quality"],
  ["any blurry shots?", "media", "question", "quality"],
  ["which images are underexposed", "media", "question", "quality"],
  ["what's missing", "media", "question", "missing_shots"],
  ["How good are the photos?", "media", "question", "quality"],
  ["Show me the selects", "media", "question", "selects"],
  // cross-kit and general
  ["What should I do next?", "general", "question", "recommendations"],
  ["what are my priorities today", "logistics", "question", "recommendations"],
  ["Any suggestions?", "media", "question", "recommendations"],
  ["Which samples are late?", "media", "question", "blockers"],
  ["Are we short of staff?", "logistics", "question", "staffing"],
  ["hello", "general", "question", "recommendations"],
  // navigation
  ["Take me to the late samples", "events", "navigation", "navigation"],
  ["open the gallery", "logistics", "navigation", "navigation"],
  ["go to settings", "media", "navigation", "navigation"],
  ["Navigate to the run of show", "events", "navigation", "navigation"],
  ["where can I find the shot list?", "media", "navigation", "navigation"],
  // help and unreadable
  ["help", "logistics", "help", "help"],
  ["What can you do?", "general", "help", "help"],
  ["help me with the late samples", "logistics", "help", "blockers"],
  ["asdkjh qwpoe", "logistics", "help", "help"],
  ["???", "media", "help", "help"],
  ["", "events", "help", "help"],
];

Deno.test("understand() reads every phrasing as its intent and skill", () => {
  ok(PHRASINGS.length >= 40);
  const wrong = PHRASINGS.flatMap(([message, kit, intent, skill]) => {
    const got = understand(message, kit, `/${kit}`);
    return got.intent === intent && got.skill === skill ? [] : [
      `${JSON.stringify(message)} in ${kit}: ${got.intent}/${got.skill}, want ${intent}/${skill}`,
    ];
  });
  deepEqual(wrong, []);
});

Deno.test("understand() tells blank and unreadable messages apart from understood ones", () => {
  equal(understand("", "logistics").clarity, "blank");
  equal(understand(" \n\t ", "logistics").clarity, "blank");
  equal(understand("!!!", "logistics").clarity, "blank");
  equal(understand("zzzz xkcd", "logistics").clarity, "unclear");
  equal(understand("Which samples are late?", "logistics").clarity, "understood");
});

Deno.test("every follow-up and suggestion is read as a skill that answers it", () => {
  for (const [skill, questions] of Object.entries(FOLLOW_UPS)) {
    ok(questions.length >= 2 && questions.length <= 3, `${skill}: 2-3 follow-ups`);
    for (const kit of ["logistics", "events", "media", "general"] as Kit[]) {
      for (const question of questions) {
        const got = understand(question, kit);
        ok(!["help", "navigation"].includes(got.skill), `${question} in ${kit}: ${got.skill}`);
        equal(got.clarity, "understood");
      }
    }
  }
  for (const [kit, questions] of Object.entries(KIT_SUGGESTIONS)) {
    for (const question of questions) {
      ok(!["help", "navigation"].includes(understand(question, kit).skill), question);
    }
  }
});

Deno.test("kitOf() takes a known currentKit, else the route's first segment", () => {
  equal(kitOf("Events", "/media"), "events");
  equal(kitOf("dashboard", "/media/gallery"), "media");
  equal(kitOf(undefined, "logistics/samples"), "logistics");
  equal(kitOf(undefined, "/settings"), "general");
  equal(kitOf(undefined, undefined), "general");
});

Deno.test("eventIdOfRoute() finds a uuid after /events/ and nothing else", () => {
  const id = "3f9c2a4e-1b2c-4d5e-8f90-123456789abc";
  equal(eventIdOfRoute(`/events/${id}/tasks`), id);
  equal(eventIdOfRoute(`/events/${id.toUpperCase()}`), id);
  equal(eventIdOfRoute("/events/new"), undefined);
  equal(eventIdOfRoute(`/media/${id}`), undefined);
});
