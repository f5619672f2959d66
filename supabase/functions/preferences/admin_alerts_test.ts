import { deepEqual, equal } from "node:assert/strict";
import { alertFlags } from "./admin_alerts.ts";

const calm = { errorRate: 0.01, p90ResponseMs: 1000, cacheHitRate: 0.8 };

Deno.test("alertFlags() raises nothing exactly at the thresholds", () => {
  deepEqual(alertFlags(calm), {
    errorRate: false,
    responseTime: false,
    cacheHitRate: false,
    any: false,
  });
});

Deno.test("alertFlags() raises each flag just past its threshold", () => {
  equal(alertFlags({ ...calm, errorRate: 0.0101 }).errorRate, true);
  equal(alertFlags({ ...calm, p90ResponseMs: 1001 }).responseTime, true);
  equal(alertFlags({ ...calm, cacheHitRate: 0.79 }).cacheHitRate, true);
  equal(alertFlags({ ...calm, cacheHitRate: 0.79 }).any, true);
});

Deno.test("alertFlags() raises nothing for a period without data", () => {
  equal(alertFlags({ errorRate: null, p90ResponseMs: null, cacheHitRate: null }).any, false);
});
