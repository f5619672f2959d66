import { equal, throws } from "node:assert/strict";
import { HttpError } from "../_shared/errors.ts";
import { compositionId, tierLimitProblem } from "./saved.ts";

Deno.test("compositionId() lower-cases a uuid and makes anything else a 404", () => {
  equal(
    compositionId("0A0A0A0A-0000-4000-8000-000000000001"),
    "0a0a0a0a-0000-4000-8000-000000000001",
  );
  for (const bad of [undefined, "", "1", "0a0a0a0a-0000-4000-8000-00000000000", "x; drop table"]) {
    throws(() => compositionId(bad), (e: HttpError) => e.status === 404);
  }
});

Deno.test("tierLimitProblem() turns the database's PT403 into a 403 naming the limit", () => {
  const publicLimit = tierLimitProblem({
    code: "PT403",
    message: "tier_limit_exceeded",
    detail: "The free tier allows 3 public compositions.",
  }) as HttpError;
  equal(publicLimit.status, 403);
  equal(publicLimit.detail, "The free tier allows 3 public compositions.");
  equal(publicLimit.extra.limit, "public_compositions");
  equal(publicLimit.extra.max, 3);
  const saved = tierLimitProblem({
    code: "PT403",
    detail: "The pro tier allows 100 saved compositions.",
  }) as HttpError;
  equal(saved.extra.limit, "saved_compositions");
  equal(saved.extra.max, 100);
  const other = { code: "23505" };
  equal(tierLimitProblem(other), other);
});
