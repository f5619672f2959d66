/**
 * `npm run bench`: figures, not assertions. Starts its own local stack (free ports, its own
 * database), measures the database path every request takes, then the pure analyzers.
 */
import { pool } from "../../supabase/functions/_shared/db.ts";
import { ROOT, usableDataDir } from "../../local/db.ts";
import { join } from "../../local/paths.ts";
import { freePort, startStack } from "../../local/stack.ts";
import { benchRunAsUser } from "./db_bench.ts";
import { benchAnalyzersOverHttp } from "./http_bench.ts";

const dataDir = await usableDataDir(join(ROOT, ".local", `bench-db-${Deno.pid}`));
// A throwaway cluster, quiet request logs: the figures are the output.
const stack = await startStack({
  apiPort: freePort(),
  dbPort: freePort(),
  dataDir,
  ephemeral: true,
});
try {
  await benchRunAsUser(pool(stack.dbUrl));
  await benchAnalyzersOverHttp(stack.url, stack.anonKey);
} finally {
  await stack.stop();
  await Deno.remove(dataDir, { recursive: true }).catch(() => {});
}

const analysis = join(ROOT, "tests", "bench", "analysis_bench.ts");
if (await Deno.stat(analysis).catch(() => null)) {
  console.log("\npure analyzers on 10,000 items");
  const deno = join(ROOT, "node_modules", ".bin", "deno");
  await new Deno.Command(deno, { args: ["bench", "-A", analysis], cwd: ROOT }).spawn().status;
}
