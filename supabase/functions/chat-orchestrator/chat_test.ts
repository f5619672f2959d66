import { equal } from "node:assert/strict";
import { asksModel, fallbackAnswer, responseType } from "./chat.ts";
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

Deno.test("asksModel() leaves blank messages, navigation and help requests to the rules", () => {
  equal(asksModel(understand("", "logistics")), false);
  equal(asksModel(understand("take me to the gallery", "logistics")), false);
  equal(asksModel(understand("what can you do?", "logistics")), false);
  equal(
    asksModel(understand("qwxz plmk", "logistics")),
    true,
    "the model may read what the rules cannot",
  );
  equal(asksModel(understand("Which samples are late?", "logistics")), true);
  equal(asksModel(understand("help me with the late samples", "logistics")), true);
});
