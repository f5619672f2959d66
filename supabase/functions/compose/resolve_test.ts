import { equal } from "node:assert/strict";
import { quotaProblem } from "./resolve.ts";

Deno.test("quotaProblem() is a 429 with the limit, what was used, when it resets and Retry-After", () => {
  const problem = quotaProblem(
    { allowed: false, used: 100, monthly_limit: 100, resets_on: "2026-12-01" },
    new Date("2026-11-30T23:00:00Z"),
  );
  equal(problem.status, 429);
  equal(problem.extra.limit, 100);
  equal(problem.extra.used, 100);
  equal(problem.extra.resetsAt, "2026-12-01T00:00:00.000Z");
  equal(new Headers(problem.extra.headers).get("Retry-After"), "3600");
});
