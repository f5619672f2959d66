/**
 * `npm run db:reset`: recreates the local database from scratch (platform layer,
 * migrations, seed). Refuses to touch a DATABASE_URL database: use `supabase db reset` there.
 */
import {
  applyPlatform,
  pushMigrations,
  ROOT,
  startCluster,
  stopCluster,
  usableDataDir,
} from "./cluster.ts";
import { join } from "./paths.ts";

if (Deno.env.get("DATABASE_URL")) {
  console.error("db:reset only resets the local cluster; for DATABASE_URL use `supabase db reset`");
  Deno.exit(1);
}
const dataDir = Deno.env.get("LOCAL_DATA_DIR") || join(ROOT, ".local", "db");
await stopCluster(dataDir); // a running `npm start` loses its database: that is the point
await Deno.remove(await usableDataDir(dataDir), { recursive: true }).catch(() => {});
const cluster = await startCluster({ dataDir, port: Number(Deno.env.get("DB_PORT") ?? 54322) });
try {
  await applyPlatform(cluster.adminUrl);
  await pushMigrations(cluster.url);
} finally {
  await cluster.stop();
}
console.log("Local database recreated: platform layer, migrations and seed applied.");
