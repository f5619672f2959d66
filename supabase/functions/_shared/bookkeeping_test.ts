import assert from "node:assert/strict";
import { HIT_FLUSH_INTERVAL_MS, hitCountsDue, MAX_HELD_HITS } from "./bookkeeping.ts";

Deno.test("hit counts wait HIT_FLUSH_INTERVAL_MS after the last ones were taken", () => {
  const takenAt = 10_000;
  assert.equal(hitCountsDue(takenAt, takenAt + 500, 1), false, "a batch half a second later");
  assert.equal(hitCountsDue(takenAt, takenAt + HIT_FLUSH_INTERVAL_MS - 1, 1), false);
  assert.equal(hitCountsDue(takenAt, takenAt + HIT_FLUSH_INTERVAL_MS, 1), true);
});

Deno.test("hit counts never taken go with the first batch", () => {
  assert.equal(hitCountsDue(-Infinity, 0, 1), true);
});

Deno.test("hit counts of MAX_HELD_HITS entries go at once", () => {
  assert.equal(hitCountsDue(0, 1, MAX_HELD_HITS - 1), false);
  assert.equal(hitCountsDue(0, 1, MAX_HELD_HITS), true);
});
