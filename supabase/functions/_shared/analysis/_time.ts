/** Small time and number helpers shared by the analyzers. @module */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch for an ISO string; `undefined` when the value is absent or
 * unparseable, so callers treat a bad timestamp like a missing one instead of comparing NaN.
 */
export function toMillis(iso: string | null | undefined): number | undefined {
  if (iso == null) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** ISO string for an instant given in epoch milliseconds. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Rounds to one decimal place (33.333 -> 33.3). */
export function roundTo1(value: number): number {
  return Math.round(value * 10) / 10;
}
