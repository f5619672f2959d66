import type { FunctionEnv } from "./env.ts";
import { pool } from "./db.ts";
import { withDeadline } from "./deadline.ts";

export interface HealthReport {
  status: "ok" | "degraded";
  checks: Record<string, { status: "ok" | "down"; latencyMs: number; detail?: string }>;
  version: string;
}

/** Checks what a function depends on (the database) within `timeoutMs`. */
export async function healthReport(env: FunctionEnv, timeoutMs = 2000): Promise<HealthReport> {
  const started = performance.now();
  let database: HealthReport["checks"][string];
  try {
    await withDeadline(
      pool(env.dbUrl)`select 1`.execute(),
      timeoutMs,
      () => new Error("timed out"),
    );
    database = { status: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch {
    // The reason stays out of the response: a connection error can echo the URL.
    database = {
      status: "down",
      latencyMs: Math.round(performance.now() - started),
      detail: "unreachable",
    };
  }
  return {
    status: database.status === "ok" ? "ok" : "degraded",
    checks: { database },
    version: env.version,
  };
}
