/**
 * The whole local stack in one process: PostgreSQL (a throwaway cluster, or DATABASE_URL),
 * the platform layer, migrations via the official CLI, and the gateway serving functions
 * and auth. `npm start` and the test runner both start it through `startStack()`.
 */
import { flushPending } from "../supabase/functions/_shared/bookkeeping.ts";
import { withDeadline } from "../supabase/functions/_shared/deadline.ts";
import { closePools, pool } from "../supabase/functions/_shared/db.ts";
import { type AuthRateLimits, createAuthHandler } from "./auth/mod.ts";
import {
  assertPortFree,
  buildSchema,
  type Cluster,
  ROOT,
  startCluster,
  usableDataDir,
} from "./cluster.ts";
import { join } from "./paths.ts";
import { localFunctions } from "./functions.ts";
import { createGateway } from "./gateway.ts";
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from "./keys.ts";
import { startRealtime } from "./realtime/mod.ts";
import { readExposedSchemas } from "./rest/config.ts";
import { listenForSchemaReload } from "./rest/reload.ts";
import { createRestService } from "./rest/mod.ts";

export interface StackOptions {
  apiPort: number;
  dbPort: number;
  dataDir: string;
  /** Use this database instead of starting a cluster (e.g. `supabase start`'s). */
  databaseUrl?: string;
  /** Test clusters: fsync off, and functions log failures only. */
  ephemeral?: boolean;
  log?: (line: string) => void;
  /** How long shutdown waits for in-flight requests before closing anyway (ms). */
  drainMs?: number;
  /** Auth's per-address limits, instead of config.toml's (a test suite signs up many users). */
  authRateLimits?: Partial<AuthRateLimits>;
  /**
   * The functions' model provider, instead of ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY: the test
   * runner points them at its stand-in and gives them no key (`""`).
   */
  anthropic?: { baseUrl?: string; apiKey?: string };
}

export interface Stack {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  dbUrl: string;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  let cluster: Cluster | undefined;
  const stopped: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stopped.reverse()) await step().catch(() => {});
    stopped.length = 0;
  };
  try {
    // Before anything touches a database: a second stack on the same ports stops here.
    assertPortFree(options.apiPort, "API", "API_PORT");
    let dbUrl = options.databaseUrl;
    let adminUrl = dbUrl;
    if (!dbUrl) {
      cluster = await startCluster({
        dataDir: options.dataDir,
        port: options.dbPort,
        ephemeral: options.ephemeral,
        log,
      });
      stopped.push(() => cluster!.stop());
      dbUrl = cluster.url;
      adminUrl = cluster.adminUrl;
      log(`database up on ${dbUrl.replace(/:[^:@/]*@/, ":***@")}`);
    }
    const schema = await buildSchema({
      url: dbUrl,
      adminUrl: adminUrl!,
      dataDir: cluster?.dataDir,
    });
    log(
      {
        applied: "platform layer and migrations applied",
        unchanged: "platform layer, migrations and seed unchanged since the cluster was built",
        supabase: "Supabase database detected: platform layer left as it is; migrations applied",
      }[schema],
    );

    const url = `http://127.0.0.1:${options.apiPort}`;
    // Auth shares the functions' pool: one set of connections, closed by closePools.
    const sql = pool(dbUrl);
    stopped.push(closePools);
    stopped.push(flushPending); // after the drain, before the pools close: no bookkeeping lost
    const env = {
      supabaseUrl: url,
      anonKey: LOCAL_ANON_KEY,
      serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
      dbUrl,
      jwtSecret: LOCAL_JWT_SECRET,
      logLevel: options.ephemeral ? "warn" as const : "info" as const,
      ...(options.anthropic?.baseUrl !== undefined
        ? { anthropicBaseUrl: options.anthropic.baseUrl }
        : {}),
      ...(options.anthropic?.apiKey !== undefined
        ? { anthropicApiKey: options.anthropic.apiKey }
        : {}),
    };
    const rest = await createRestService({ dbUrl, env, schemas: readExposedSchemas() });
    stopped.push(() => rest.close());
    // What `supabase db push` users do after a migration: NOTIFY pgrst, 'reload schema'.
    await listenForSchemaReload(rest.sql, rest, log);
    const realtime = await startRealtime({ sql, dbUrl, jwtSecret: LOCAL_JWT_SECRET });
    const gateway = createGateway({
      functions: localFunctions(env),
      auth: createAuthHandler({
        sql,
        jwtSecret: LOCAL_JWT_SECRET,
        issuer: `${url}/auth/v1`,
        rateLimits: options.authRateLimits,
      }),
      services: new Map([
        ["/realtime/v1", (req, subpath) => realtime.handle(req, subpath)],
        ["/rest/v1", (req, subpath) => rest.handle(req, subpath)],
      ]),
    });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: options.apiPort, onListen: () => {} },
      gateway,
    );
    // Drain in-flight requests, but not for longer than a supervisor waits before SIGKILL.
    // In-flight requests get drainMs at most; then the pools close under whatever is left.
    stopped.push(() =>
      withDeadline(server.shutdown(), options.drainMs ?? 3000, () => new Error("drain timed out"))
        .catch(() => {})
    );
    // Runs first: open websockets would otherwise hold the drain until its deadline.
    stopped.push(() => realtime.stop());
    return {
      url,
      anonKey: LOCAL_ANON_KEY,
      serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
      jwtSecret: LOCAL_JWT_SECRET,
      dbUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A TCP port nothing listens on right now (for test stacks beside a running `npm start`). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * A throwaway stack for one test: free ports, a fresh cluster (fsync off) under
 * `.local/<name>-<pid>`, and a `stop()` that also removes it. `dataDir` is where the cluster
 * really lives, for tests that stop or restart it with `pg_ctl`.
 */
export async function startTestStack(
  name: string,
  options: Partial<StackOptions> = {},
): Promise<Stack & { dataDir: string }> {
  const dataDir = await usableDataDir(join(ROOT, ".local", `${name}-${Deno.pid}`));
  await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  const stack = await startStack({
    apiPort: freePort(),
    dbPort: freePort(),
    dataDir,
    ephemeral: true,
    ...options,
  });
  return {
    ...stack,
    dataDir,
    async stop() {
      await stack.stop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
      await Deno.remove(`${dataDir}.owner`).catch(() => {});
    },
  };
}
