import { deepEqual, equal } from "node:assert/strict";
import {
  CHAT_TOOLS,
  figuresGrounded,
  modelAnswerShape,
  modelMessages,
  numbersIn,
  skillOfTool,
  toolResultOf,
} from "./model_tools.ts";

Deno.test("CHAT_TOOLS names every data skill once, and navigate", () => {
  const names = CHAT_TOOLS.map((t) => t.name);
  equal(new Set(names).size, names.length);
  for (const name of names) equal(/^[a-z_]+$/.test(name), true, name);
  equal(skillOfTool("navigate"), "navigation");
  equal(skillOfTool("critical_path"), "critical_path");
  equal(skillOfTool("help"), undefined);
});

Deno.test("modelMessages() starts with the user, alternates and ends with the message", () => {
  deepEqual(
    modelMessages([
      { role: "assistant", content: "Welcome" },
      { role: "user", content: "Is the gown here?" },
      { role: "assistant", content: "No, 2 days late." },
      { role: "assistant", content: "Chase the courier." },
      { role: "user", content: "  " },
    ], "And the coat?"),
    [
      { role: "user", content: "Is the gown here?" },
      { role: "assistant", content: "No, 2 days late.\n\nChase the courier." },
      { role: "user", content: "And the coat?" },
    ],
  );
});

Deno.test("numbersIn() reads integers, decimals and thousands", () => {
  deepEqual(numbersIn("5 of 8 (62.5%), 1,200 min"), [5, 8, 62.5, 1200]);
});

Deno.test("figuresGrounded() accepts figures from tool results, the producer's words and list numbers only", () => {
  const results = [{
    result: toolResultOf({
      content: "Setup finishes 2 h 30 min early.",
      facts: { bufferMinutes: 150 },
    }),
  }];
  equal(figuresGrounded("Setup finishes 2 h 30 min (150 minutes) early.", results, ""), true);
  equal(figuresGrounded("1. Chase the gown\n2. Rig lights", [], ""), true);
  equal(figuresGrounded("You asked about look 7.", [], "what about look 7"), true);
  equal(figuresGrounded("About 3 hours to spare.", results, ""), false);
  equal(figuresGrounded("Readiness is 80%.", [], ""), false, "a figure with no tool called");
  equal(figuresGrounded("All good, nothing late.", [], ""), true);
});

Deno.test("modelAnswerShape() keeps the called skills' links (first primary), worst severity, last follow-ups", () => {
  const shape = modelAnswerShape([
    {
      skill: "readiness",
      answer: {
        content: "",
        severity: "warning",
        actions: [{ label: "Late", target: "/l", primary: true }, { label: "All", target: "/a" }],
        followUp: ["a?"],
      },
    },
    {
      skill: "blockers",
      answer: {
        content: "",
        severity: "critical",
        actions: [{ label: "Late", target: "/l", primary: true }, { label: "Gown", target: "/g" }],
        followUp: ["b?"],
      },
    },
  ], { content: "rules" });
  deepEqual(shape, {
    skill: "blockers",
    severity: "critical",
    actions: [
      { label: "Late", target: "/l", primary: true },
      { label: "All", target: "/a" },
      { label: "Gown", target: "/g" },
    ],
    followUp: ["b?"],
  });
  const rules = { content: "r", severity: "info" as const, followUp: ["x?"] };
  deepEqual(modelAnswerShape([], rules), {
    severity: "info",
    actions: undefined,
    followUp: ["x?"],
  });
});
