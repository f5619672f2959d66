/**
 * The cost budget: a user whose spend in the current day, week or month (UTC) has reached that
 * period's budget gets no model call until the period resets. The figures come from
 * `ai_spend_summary()` (20261122001400_ai_usage.sql); this module only decides.
 */

/** One row of `ai_spend_summary()`, as postgres.js returns it (numerics as strings). */
export interface SpendRow {
  period: string;
  resets_at: string | Date;
  spent_usd: string | number;
  budget_usd: string | number | null;
}

export interface BudgetRefusal {
  period: string;
  spentUsd: number;
  budgetUsd: number;
  resetsAt: string;
  /** For the user, e.g. "Your daily AI budget of $1.00 is used up ($1.02 spent); ..." */
  note: string;
}

const ADJECTIVE: Record<string, string> = { day: "daily", week: "weekly", month: "monthly" };

// cents hide what a small budget is made of: under a dollar, four decimals
const usd = (amount: number) => `$${amount.toFixed(amount >= 1 ? 2 : 4)}`;

/**
 * The first period (day, then week, then month) whose spend has reached its budget, or null
 * when the call may go ahead. A budget of 0 refuses every call: that is how a configuration
 * turns the model off. A period without a budget (null) never refuses.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { budgetRefusal } from "./budget.ts";
 *
 * const row = { period: "day", resets_at: "2026-11-23T00:00:00Z", spent_usd: "0.5", budget_usd: "1" };
 * equal(budgetRefusal([row]), null);
 * ```
 */
export function budgetRefusal(rows: readonly SpendRow[]): BudgetRefusal | null {
  for (const row of rows) {
    if (row.budget_usd === null || row.budget_usd === undefined) continue;
    const spentUsd = Number(row.spent_usd);
    const budgetUsd = Number(row.budget_usd);
    if (!Number.isFinite(spentUsd) || !Number.isFinite(budgetUsd)) continue;
    if (spentUsd < budgetUsd) continue;
    const resetsAt = new Date(row.resets_at).toISOString();
    const name = ADJECTIVE[row.period] ?? row.period;
    return {
      period: row.period,
      spentUsd,
      budgetUsd,
      resetsAt,
      note: `Your ${name} AI budget of ${usd(budgetUsd)} is used up (${usd(spentUsd)} spent); ` +
        `the assistant answers without the model until ${
          resetsAt.slice(0, 16).replace("T", " ")
        } UTC.`,
    };
  }
  return null;
}
