/** Shot-type spelling, so "Full Length", "full-length" and "full_length" are one type. @module */

/** Lower case, with runs of spaces and hyphens turned into one underscore. */
export function normalizeShotType(shotType: string): string {
  return shotType.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** A key for (look, shot type) pairs; NUL cannot appear in either part. */
export function lookShotKey(
  lookId: string | null | undefined,
  shotType: string | null | undefined,
) {
  return `${lookId ?? ""}\u0000${shotType == null ? "" : normalizeShotType(shotType)}`;
}
