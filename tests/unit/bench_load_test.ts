import assert from "node:assert/strict";
import { percentile, summarize } from "../bench/load.ts";

Deno.test("percentile() is the nearest rank of the sorted samples", () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(percentile(ten, 50), 5);
  assert.equal(percentile(ten, 90), 9);
  assert.equal(percentile(ten, 99), 10);
  assert.equal(percentile([7], 50), 7);
  assert.equal(percentile([], 90), 0);
});

Deno.test("summarize() sums each loop's own rate and tallies errors by status", () => {
  const stats = summarize(2, [
    // 4 calls in 1 s, and 2 calls in 2 s: 4/s + 1/s.
    { latencies: [250, 250, 250, 250], errors: { 429: 1 }, hits: 3, activeMs: 1000, sent: 4 },
    // and 3 requests that priming sent, unmeasured
    { latencies: [1000, 1000], errors: { 429: 1, failed: 1 }, hits: 0, activeMs: 2000, sent: 5 },
  ]);
  assert.equal(stats.requestsPerSecond, 5);
  assert.equal(stats.requests, 6);
  assert.equal(stats.requestsSent, 9);
  assert.equal(stats.errors, 3);
  assert.deepEqual(stats.errorStatuses, { 429: 2, failed: 1 });
  assert.equal(stats.cacheHits, 3);
  assert.equal(stats.p50Ms, 250);
  assert.equal(stats.p90Ms, 1000);
});
