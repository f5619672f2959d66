import assert from "node:assert/strict";
import { withDeadline } from "./deadline.ts";

Deno.test("withDeadline() answers late() once the time has passed, and the work's value before", async () => {
  const never = new Promise<number>(() => {});
  await assert.rejects(withDeadline(never, 10, () => new Error("too slow")), /too slow/);
  assert.equal(await withDeadline(Promise.resolve(7), 1_000, () => new Error("late")), 7);
});

Deno.test("withDeadline() leaves a failure after the deadline unhandled by nobody", async () => {
  let fail!: (error: Error) => void;
  const work = new Promise<number>((_, reject) => fail = reject);
  await assert.rejects(withDeadline(work, 5, () => new Error("late")), /late/);
  fail(new Error("after the deadline")); // would be an unhandled rejection without the guard
  await new Promise((resolve) => setTimeout(resolve, 0));
});
