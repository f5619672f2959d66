/**
 * `npm start`: brings up the local stack on Supabase's ports, prints the connection
 * settings and writes them to .env.local (mode 0600: it holds the service role key).
 * Ports: API_PORT (54321), DB_PORT (54322) and WEB_PORT (5173, the web client, rebuilt when
 * web/ changed); DATABASE_URL uses an existing database;
 * LOCAL_DATA_DIR (.local/db) and LOCAL_ENV_FILE (.env.local) move the cluster and the settings.
 *
 * Stops everything it started, Postgres included, on SIGINT, SIGTERM or SIGHUP, and when its
 * parent process goes away (npm or the bootstrap killed outright can no longer forward one).
 */
import { ROOT } from "./cluster.ts";
import { join } from "./paths.ts";
import { type Stack, startStack } from "./stack.ts";
import { buildWeb, serveWeb, type WebServer } from "./web.ts";

const env = (name: string) => Deno.env.get(name) || undefined;
const log = (line: string) => {
  try {
    console.log(`[local] ${line}`);
  } catch { /* stdout gone with the terminal: keep stopping */ }
};

const started = performance.now();
const parent = Deno.ppid;
const starting = startStack({
  apiPort: Number(env("API_PORT") ?? 54321),
  dbPort: Number(env("DB_PORT") ?? 54322),
  dataDir: env("LOCAL_DATA_DIR") ?? join(ROOT, ".local", "db"),
  databaseUrl: env("DATABASE_URL"),
  log,
});

let stopping = false;
let web: WebServer | undefined;
async function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason})…`);
  try {
    // A signal during startup waits for it to finish, then stops what it started.
    const stack = await starting.catch(() => undefined);
    await web?.stop().catch(() => {});
    await stack?.stop();
  } finally {
    Deno.exit(0);
  }
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.addSignalListener(signal, () => shutdown(signal));
}
// Deno has no prctl(PR_SET_PDEATHSIG): notice being orphaned by polling the parent's pid.
setInterval(() => {
  if (Deno.ppid !== parent) shutdown("parent process gone");
}, 500);

let stack: Stack;
try {
  stack = await starting;
} catch (error) {
  if (stopping) await new Promise(() => {}); // shutdown() exits
  // One line, no stack trace: a port in use, a data dir in use, a failed migration.
  console.error(`[local] cannot start: ${(error as Error).message}`);
  Deno.exit(1);
}

// The web client is a convenience beside the API: if it cannot be built or served, the stack
// still runs and says why in one line.
try {
  const built = await buildWeb({ log });
  web = serveWeb({
    port: Number(env("WEB_PORT") ?? 5173),
    supabaseUrl: stack.url,
    anonKey: stack.anonKey,
  });
  log(built === "built" ? "web client built" : "web client unchanged since its last build");
} catch (error) {
  log(`web client not served: ${(error as Error).message}`);
}

const settings = {
  SUPABASE_URL: stack.url,
  SUPABASE_ANON_KEY: stack.anonKey,
  SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
  SUPABASE_DB_URL: stack.dbUrl,
  SUPABASE_JWT_SECRET: stack.jwtSecret,
};
const envText = Object.entries(settings).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
const envFile = env("LOCAL_ENV_FILE") ?? join(ROOT, ".env.local");
// `mode` applies only when the file is created: chmod an existing one before writing the key.
await Deno.chmod(envFile, 0o600).catch(() => {});
await Deno.writeTextFile(envFile, envText, { mode: 0o600 });
console.log(`\nLocal Supabase is ready in ${Math.round(performance.now() - started)} ms.\n`);
console.log(envText);
if (web) console.log(`Web client: ${web.url}`);
console.log(`Functions: ${stack.url}/functions/v1/<name>   (written to ${envFile}; Ctrl-C stops)`);
