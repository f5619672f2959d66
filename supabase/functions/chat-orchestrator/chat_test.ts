import { equal } from "node:assert/strict";
import { fallbackAnswer, responseType } from "./chat.ts";
import { understand } from "./intent.ts";

Deno.test("responseType() follows the intent", () => {
  equal(responseType("navigation"), "navigation");
  equal(responseType("action"), "action");
  equal(responseType("question"), "text");
  equal(responseType("help"), "text");
});

Deno.test("fallbackAnswer() apologizes and suggests what the kit can answer", () => {
  const answer = fallbackAnswer(understand("Are we on track?", "events"));
  equal(answer.content, "I couldn't work that out just now. Please try again in a moment.");
  equal(answer.followUp?.[0], "Are we on track?");
});
