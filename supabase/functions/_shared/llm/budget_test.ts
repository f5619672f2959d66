import assert from "node:assert/strict";
import { budgetRefusal, type SpendRow } from "./budget.ts";

const rows = (
  day: [number, number | null],
  week: [number, number | null],
  month: [number, number | null],
) =>
  [
    ["day", "2026-11-23T00:00:00Z", day],
    ["week", "2026-11-23T00:00:00Z", week],
    ["month", "2026-12-01T00:00:00Z", month],
  ].map(([period, resets, [spent, budget]]) => ({
    period,
    resets_at: resets,
    // as postgres.js returns numerics: strings
    spent_usd: String(spent),
    budget_usd: budget === null ? null : String(budget),
  })) as SpendRow[];

Deno.test("budgetRefusal() lets a call through while every period is under its budget", () => {
  assert.equal(budgetRefusal(rows([0.99, 1], [4, 5], [19, 20])), null);
  assert.equal(budgetRefusal([]), null);
});

Deno.test("budgetRefusal() refuses once a period's spend reaches its budget, exactly at it too", () => {
  const refusal = budgetRefusal(rows([1, 1], [4, 5], [19, 20]));
  assert.equal(refusal?.period, "day");
  assert.equal(refusal?.spentUsd, 1);
  assert.equal(refusal?.budgetUsd, 1);
  assert.equal(refusal?.resetsAt, "2026-11-23T00:00:00.000Z");
  assert.equal(
    refusal?.note,
    "Your daily AI budget of $1.00 is used up ($1.00 spent); the assistant answers without the model until 2026-11-23 00:00 UTC.",
  );
});

Deno.test("budgetRefusal() names the week or the month when the day is fine", () => {
  assert.equal(budgetRefusal(rows([0.5, 1], [5.5, 5], [19, 20]))?.period, "week");
  const month = budgetRefusal(rows([0.5, 1], [4, 5], [20.01, 20]));
  assert.equal(month?.period, "month");
  assert.match(
    month?.note ?? "",
    /monthly AI budget of \$20\.00 is used up \(\$20\.01 spent\).*2026-12-01 00:00 UTC/,
  );
});

Deno.test("budgetRefusal() treats a budget of 0 as no model, and a missing budget as no limit", () => {
  assert.equal(budgetRefusal(rows([0, 0], [0, 5], [0, 20]))?.period, "day");
  assert.equal(budgetRefusal(rows([50, null], [50, null], [50, null])), null);
});

Deno.test("budgetRefusal() shows amounts under a dollar to four decimals", () => {
  assert.match(
    budgetRefusal(rows([0.006, 0.005], [0, 1], [0, 1]))?.note ?? "",
    /\$0\.0050 is used up \(\$0\.0060 spent\)/,
  );
});
