/** Deterministic ordering helpers. @module */

/**
 * Orders strings by UTF-16 code units. Unlike `localeCompare` it gives the same answer in
 * every runtime and locale, which keeps cached results and tests stable.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
