import type { FunctionEnv } from "./env.ts";
import { pool } from "./db.ts";

export interface HealthReport {
  status: "ok" | "degraded";
  checks: Record<string, { status: "ok" | "down"; latencyMs: number; detail?: string }>;
  version: string;
}

/** Checks what a function depends on (the database) within `timeoutMs`. */
export async function healthReport(env: FunctionEnv, timeoutMs = 2000): Promise<HealthReport> {
  const started = performance.now();
  let database: HealthReport["checks"][string];
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      pool(env.dbUrl)`select 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out")), timeoutMs);
      }),
    ]);
    database = { status: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch {
    // The reason stays out of the response: a connection error can echo the URL.
    database = {
      status: "down",
      latencyMs: Math.round(performance.now() - started),
      detail: "unreachable",
    };
  } finally {
    // A pending timer would keep each health check alive for timeoutMs after it answered.
    clearTimeout(timer);
  }
  return {
    status: database.status === "ok" ? "ok" : "degraded",
    checks: { database },
    version: env.version,
  };
}
