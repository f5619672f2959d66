import { deepEqual, equal } from "node:assert/strict";
import type { NextAction } from "../../recommendations/next_actions.ts";
import { nextActionSeverity, recommendationsAnswer, signalsOf } from "./recommendations.ts";

const action = (
  title: string,
  kind: NextAction["item"]["kind"],
  urgency: number,
  impact: number,
  link: string,
  signals: string,
): NextAction => ({
  item: { kind, kit: "logistics", title, urgency, impact },
  score: Math.round(urgency * impact * 1000) / 1000,
  rationale: `${signals} Urgency ${urgency} × impact ${impact}.`,
  action: link,
});

const CHASE = action(
  "Chase 2 late hero samples",
  "late_heroes",
  1,
  0.85,
  "/logistics/samples?filter=late",
  "Late hero samples: Silk gown (2 days late), Red coat (1 day late); most severe blocker: critical.",
);
const SHOTS = action(
  "Shoot 3 missing shots",
  "missing_shots",
  0.5,
  0.55,
  "/media/shots?missing=1",
  "Missing required shots: 3.",
);

Deno.test("recommendationsAnswer() numbers the steps and explains the first", () => {
  const answer = recommendationsAnswer([CHASE, SHOTS]);
  equal(
    answer.content,
    "Next: 1. Chase 2 late hero samples; 2. Shoot 3 missing shots. Late hero samples: Silk gown " +
      "(2 days late), Red coat (1 day late); most severe blocker: critical.",
  );
  equal(answer.severity, "critical");
  deepEqual(answer.actions, [
    { label: "Chase 2 late hero samples", target: "/logistics/samples?filter=late", primary: true },
    { label: "Shoot 3 missing shots", target: "/media/shots?missing=1" },
  ]);
});

Deno.test("nextActionSeverity() follows the top action", () => {
  equal(nextActionSeverity([SHOTS]), "info"); // 0.275
  equal(nextActionSeverity([action("x", "staffing_gap", 0.6, 0.6, "/events", "")]), "warning");
  equal(nextActionSeverity([action("x", "routine_check", 0.1, 0.3, "/events", "")]), "success");
  equal(recommendationsAnswer([]).severity, "success");
});

Deno.test("signalsOf() drops the score arithmetic only", () => {
  equal(signalsOf("Readiness 50%. Urgency 0.2 × impact 0.3."), "Readiness 50%.");
});
