/**
 * The assistant document's alerts (assistant-backend-requirements.md, "Monitoring"): error
 * rate over 1 %, response time over 1 s (read as the p90) and cache hit rate under 80 %.
 */

export const ALERT_THRESHOLDS = {
  /** Share of requests that failed. */
  maxErrorRate: 0.01,
  /** Milliseconds, at the 90th percentile. */
  maxP90ResponseMs: 1000,
  /** Share of analyses answered from the cache. */
  minCacheHitRate: 0.8,
} as const;

export interface AlertInputs {
  errorRate: number | null;
  p90ResponseMs: number | null;
  cacheHitRate: number | null;
}

export interface AlertFlags {
  errorRate: boolean;
  responseTime: boolean;
  cacheHitRate: boolean;
  /** True when any flag is. */
  any: boolean;
}

/**
 * Which thresholds a period crossed. A figure without data (null) raises nothing: no traffic
 * is not an incident.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { alertFlags } from "./admin_alerts.ts";
 *
 * deepEqual(alertFlags({ errorRate: 0.02, p90ResponseMs: 400, cacheHitRate: null }), {
 *   errorRate: true, responseTime: false, cacheHitRate: false, any: true,
 * });
 * ```
 */
export function alertFlags(inputs: AlertInputs, thresholds = ALERT_THRESHOLDS): AlertFlags {
  const errorRate = inputs.errorRate !== null && inputs.errorRate > thresholds.maxErrorRate;
  const responseTime = inputs.p90ResponseMs !== null &&
    inputs.p90ResponseMs > thresholds.maxP90ResponseMs;
  const cacheHitRate = inputs.cacheHitRate !== null &&
    inputs.cacheHitRate < thresholds.minCacheHitRate;
  return { errorRate, responseTime, cacheHitRate, any: errorRate || responseTime || cacheHitRate };
}
