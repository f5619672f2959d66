import { equal } from "node:assert/strict";
import { helpAnswer } from "./help.ts";
import { navigationAnswer } from "./navigation.ts";

const ID = "3f9c2a4e-1b2c-4d5e-8f90-123456789abc";

const CASES: [string, string | undefined, string][] = [
  ["Take me to the late samples", undefined, "/logistics/samples?filter=late"],
  ["open the samples", undefined, "/logistics/samples"],
  ["go to the batching plan", undefined, "/logistics/batching"],
  ["navigate to the run of show", ID, `/events/${ID}/run-of-show`],
  ["navigate to the run of show", undefined, "/events"],
  ["open staffing", ID, `/events/${ID}/staffing`],
  ["open the tasks", ID, `/events/${ID}/tasks`],
  ["go to events", ID, "/events"],
  ["where can I find the shot list", undefined, "/media/shots?missing=1"],
  ["open selects", undefined, "/media/selects"],
  ["open the gallery", undefined, "/media/gallery"],
  ["go to settings", undefined, "/settings/assistant"],
];

Deno.test("navigationAnswer() links the place a message names, first and primary", () => {
  for (const [message, eventId, target] of CASES) {
    const answer = navigationAnswer(message, "general", eventId);
    equal(answer.actions?.[0].target, target, message);
    equal(answer.actions?.[0].primary, true);
  }
});

Deno.test("navigationAnswer() without a place offers the kit's pages", () => {
  const answer = navigationAnswer("take me somewhere", "media");
  equal(answer.content, "Where would you like to go? Here are the main pages.");
  equal(answer.actions?.[0].target, "/media/gallery");
});

Deno.test("helpAnswer() is kind about blank and unclear messages and always suggests", () => {
  equal(helpAnswer("logistics", "blank").content.startsWith("Ask me anything"), true);
  equal(helpAnswer("logistics", "unclear").content.startsWith("Sorry, I didn't catch that."), true);
  equal(helpAnswer("events", "understood").followUp?.[0], "Are we on track?");
});
