import { deepEqual, equal, ok } from "node:assert/strict";
import { shootBrief, ShootBriefInputs } from "./shoot_brief.ts";

const inputs = ShootBriefInputs.parse({
  title: "Resort 26",
  looks: ["Look 1", { name: "Look 2", description: "linen suit" }],
  shotList: ["full length", "detail of collar"],
  mood: "sun-bleached calm",
  location: "Villa Serra",
  callTime: "06:45",
});

Deno.test("ShootBriefInputs takes looks as names or objects", () => {
  deepEqual(inputs.looks.map((l) => l.name), ["Look 1", "Look 2"]);
});

Deno.test("shootBrief() lists every look and shot in order, with mood, location and call time", () => {
  for (const text of shootBrief(inputs, { tone: "professional", length: "medium" }).variants) {
    ok(text.includes("Location: Villa Serra. Call time: 06:45."));
    ok(text.includes("Mood: sun-bleached calm."));
    ok(text.indexOf("1. Look 1") < text.indexOf("2. Look 2: linen suit"));
    ok(text.indexOf("1. full length") < text.indexOf("2. detail of collar"));
  }
});

Deno.test("shootBrief() adds notes with length", () => {
  const lines = (length: "short" | "long") =>
    shootBrief(inputs, { tone: "warm", length }).variants[0].split("\n").length;
  equal(lines("long") - lines("short"), 2);
});
