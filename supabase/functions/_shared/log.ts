/**
 * One JSON line per event on stdout/stderr, the format Supabase's log explorer indexes.
 * Callers pass only what is safe to keep: never tokens, keys, bodies or connection URLs.
 */
export function logEvent(
  level: "info" | "warn" | "error",
  message: string,
  fields: Record<string, unknown> = {},
): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
