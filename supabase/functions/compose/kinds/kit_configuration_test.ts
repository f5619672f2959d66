import { deepEqual, ok } from "node:assert/strict";
import { kitConfiguration, kitOrder } from "./kit_configuration.ts";

Deno.test("kitOrder() follows the role, and a primary kit goes first", () => {
  deepEqual(kitOrder({ role: "photographer" }), ["media", "logistics", "events", "compose"]);
  deepEqual(kitOrder({ role: "photographer", primaryKit: "compose" }), [
    "compose",
    "media",
    "logistics",
    "events",
  ]);
});

Deno.test("kitConfiguration() lists each kit in order with its quick actions", () => {
  const [text] =
    kitConfiguration({ role: "event_coordinator" }, { tone: "professional", length: "short" })
      .variants;
  ok(text.includes("Opens on: Events."));
  ok(text.indexOf("1. Events") < text.indexOf("2. Logistics"));
  ok(text.includes("Quick actions: Show the critical path; Find staffing gaps."));
});
