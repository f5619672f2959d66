/**
 * Start-up as a developer sees it: `npm start`'s entry (`node local/bootstrap.mjs start`) timed
 * from spawn to its "ready" line, on a fresh data dir (cold: initdb, platform layer, migrations,
 * seed) and again on the same one (warm), then stopped with SIGTERM.
 */
import { ROOT, usableDataDir } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { freePort } from "../../local/stack.ts";

export interface StartupTiming {
  /** Spawn to the "ready" line, ms. */
  wallMs: number;
  /** What start.ts itself reports ("ready in N ms"): the stack without node and Deno start-up. */
  reportedMs: number;
}

async function startOnce(dataDir: string, envFile: string): Promise<StartupTiming> {
  const started = performance.now();
  const child = new Deno.Command("node", {
    args: [join(ROOT, "local", "bootstrap.mjs"), "start"],
    cwd: ROOT,
    env: {
      API_PORT: String(freePort()),
      DB_PORT: String(freePort()),
      LOCAL_DATA_DIR: dataDir,
      LOCAL_ENV_FILE: envFile,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let timing: StartupTiming | undefined;
  const decoder = new TextDecoder();
  const reader = child.stdout.getReader();
  try {
    while (!timing) {
      const { value, done } = await reader.read();
      if (done) break;
      out += decoder.decode(value, { stream: true });
      const ready = out.match(/ready in (\d+) ms/);
      if (ready) timing = { wallMs: performance.now() - started, reportedMs: Number(ready[1]) };
    }
  } finally {
    child.kill("SIGTERM");
    await reader.cancel().catch(() => {});
  }
  const stderr = await new Response(child.stderr).text().catch(() => "");
  await child.status;
  if (!timing) throw new Error(`npm start did not get ready: ${out}${stderr}`);
  return timing;
}

/** One cold start on a fresh data dir under `workDir`, then `warmRuns` warm ones. */
export async function measureStartup(
  workDir: string,
  warmRuns = 3,
): Promise<{ cold: StartupTiming; warm: StartupTiming[] }> {
  const dataDir = join(workDir, "start-db");
  const envFile = join(workDir, "start.env");
  const clusterDir = await usableDataDir(dataDir);
  await Deno.remove(clusterDir, { recursive: true }).catch(() => {});
  const cold = await startOnce(dataDir, envFile);
  const warm: StartupTiming[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(await startOnce(dataDir, envFile));
  await Deno.remove(clusterDir, { recursive: true }).catch(() => {});
  return { cold, warm };
}
