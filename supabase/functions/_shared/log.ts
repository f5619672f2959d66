/**
 * One JSON line per event on stdout/stderr, the format Supabase's log explorer indexes.
 * Callers pass only what is safe to keep: never tokens, keys, bodies or connection URLs.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The level `LOG_LEVEL` names (any case), or `fallback` for anything else. */
export function parseLogLevel(text: string | undefined, fallback: LogLevel = "info"): LogLevel {
  const level = text?.trim().toLowerCase();
  return level && level in RANK ? level as LogLevel : fallback;
}

/**
 * True when a line at `level` is written under the threshold `threshold`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isLogged } from "./log.ts";
 *
 * equal(isLogged("debug", "info"), false);
 * equal(isLogged("warn", "info"), true);
 * ```
 */
export function isLogged(level: LogLevel, threshold: LogLevel): boolean {
  return RANK[level] >= RANK[threshold];
}

export function logEvent(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> = {},
): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
