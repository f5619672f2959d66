/**
 * `npm start`: brings up the local stack on Supabase's ports, prints the connection
 * settings and writes them to .env.local; Ctrl-C or SIGTERM stops everything it started.
 * Ports: API_PORT (54321) and DB_PORT (54322); DATABASE_URL uses an existing database.
 */
import { ROOT } from "./db.ts";
import { join } from "./paths.ts";
import { startStack } from "./stack.ts";

const started = performance.now();
const stack = await startStack({
  apiPort: Number(Deno.env.get("API_PORT") ?? 54321),
  dbPort: Number(Deno.env.get("DB_PORT") ?? 54322),
  dataDir: join(ROOT, ".local", "db"),
  databaseUrl: Deno.env.get("DATABASE_URL") || undefined,
  log: (line) => console.log(`[local] ${line}`),
});

const settings = {
  SUPABASE_URL: stack.url,
  SUPABASE_ANON_KEY: stack.anonKey,
  SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
  SUPABASE_DB_URL: stack.dbUrl,
  SUPABASE_JWT_SECRET: stack.jwtSecret,
};
const envText = Object.entries(settings).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
await Deno.writeTextFile(join(ROOT, ".env.local"), envText);
console.log(`\nLocal Supabase is ready in ${Math.round(performance.now() - started)} ms.\n`);
console.log(envText);
console.log(`Functions: ${stack.url}/functions/v1/<name>   (written to .env.local; Ctrl-C stops)`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("\n[local] stopping…");
  await stack.stop();
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
