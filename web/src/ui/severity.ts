/** Severity as a badge says it. */
export const SEVERITY_WORDS: Record<string, string> = {
  critical: "Critical",
  warning: "Warning",
  info: "Info",
  success: "Done",
};
