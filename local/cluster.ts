/**
 * The local cluster: a throwaway PostgreSQL cluster run from the system's binaries, the
 * platform layer hosted Supabase provides, and the project's migrations applied by the
 * official Supabase CLI. Local development and tests only (data access is
 * supabase/functions/_shared/db.ts).
 */
import postgres from "postgres";
import { fromFileUrl, join } from "./paths.ts";

export const ROOT = fromFileUrl(new URL("..", import.meta.url));
const PLATFORM_DIR = join(ROOT, "local", "platform");

export interface Cluster {
  /** Where the cluster's files are (see usableDataDir). */
  dataDir: string;
  /** As the functions and the CLI connect: `postgres`, not a superuser (as on hosted Supabase). */
  url: string;
  /** As the platform layer connects: `supabase_admin`, the cluster's superuser. */
  adminUrl: string;
  /** Stops the server (fast shutdown: clients are cut off). */
  stop(): Promise<void>;
}

/**
 * The cluster's superuser. On hosted Supabase `postgres` is not a superuser (`supabase_admin`
 * is); a local cluster has the same split so that a permission bug shows up here first.
 */
export const ADMIN_ROLE = "supabase_admin";

/** The database URL of a cluster listening on `port`, as `supabase start` spells it. */
export function clusterUrl(port: number, user = "postgres"): string {
  return `postgresql://${user}:postgres@127.0.0.1:${port}/postgres`;
}
async function run(cmd: string[], opts: { asPostgres?: boolean } = {}): Promise<string> {
  // PostgreSQL refuses to run as root; run its tools as the `postgres` OS user then.
  const argv = opts.asPostgres && Deno.uid() === 0
    ? ["runuser", "-u", "postgres", "--", ...cmd]
    : cmd;
  const out = await new Deno.Command(argv[0], {
    args: argv.slice(1),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    const stderr = new TextDecoder().decode(out.stderr);
    throw new Error(`Cannot run "${cmd[0]}": ${(stderr || stdout).trim()}`);
  }
  return stdout;
}

/** Where the PostgreSQL server binaries live (`pg_config --bindir`, or Debian's path). */
export async function pgBinDir(): Promise<string> {
  const candidates: string[] = [];
  try {
    candidates.push((await run(["pg_config", "--bindir"])).trim());
  } catch { /* pg_config missing: try Debian's layout below */ }
  for (const v of ["17", "16", "15"]) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  for (const dir of candidates) {
    try {
      await Deno.stat(join(dir, "initdb"));
      return dir;
    } catch { /* next */ }
  }
  throw new Error(
    "PostgreSQL server binaries not found: run `apt-get install -y postgresql-15 postgresql-15-pgtap`",
  );
}

async function exists(path: string) {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function chownToPostgres(path: string) {
  if (Deno.uid() === 0) await run(["chown", "-R", "postgres:postgres", path]);
}

/**
 * Where the cluster can really live. As root the server runs as the `postgres` OS user,
 * which cannot reach a checkout below a private directory (a `mktemp -d` clone, /root):
 * then the data goes to a folder of its own under /tmp, named after the requested path so
 * each checkout keeps its own cluster.
 */
export async function usableDataDir(dataDir: string): Promise<string> {
  if (Deno.uid() !== 0) return dataDir;
  const parent = join(dataDir, "..");
  await Deno.mkdir(parent, { recursive: true });
  const probe = await new Deno.Command("runuser", {
    args: ["-u", "postgres", "--", "test", "-x", parent],
    stdout: "null",
    stderr: "null",
  }).output();
  if (probe.success) return dataDir;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(dataDir));
  const id = [...new Uint8Array(digest)].slice(0, 6).map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return join("/tmp", `fashionos-pg-${id}`, dataDir.split("/").pop()!);
}

/** Throws a one-line error when something listens on 127.0.0.1:`port` already. */
export function assertPortFree(port: number, what: string, envName: string): void {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
  } catch (error) {
    if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    throw new Error(`Port ${port} (${what}) is in use: stop what listens there or set ${envName}`);
  }
}

async function pgCtl(args: string[]): Promise<string> {
  return await run([join(await pgBinDir(), "pg_ctl"), ...args], { asPostgres: true });
}

async function clusterRunning(dataDir: string): Promise<boolean> {
  return await pgCtl(["status", "-D", dataDir]).then(() => true, () => false);
}

/** The file beside a data dir naming the stack process that runs its cluster. */
const ownerFile = (dataDir: string) => `${dataDir}.owner`;

/** Whether `pid` is a live Deno process (the owner of a cluster is always one). */
async function liveDenoProcess(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0 || pid === Deno.pid) return false;
  const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "");
  return /(^|\/)deno\0/.test(cmdline);
}

/**
 * A server found running in our own data dir is either another stack's (refuse: stopping it
 * would pull the database from under that stack) or left over by a stack that was killed
 * without its shutdown running (`kill -9`): then it is ours to stop before starting afresh.
 */
async function stopStaleCluster(dataDir: string, log: (line: string) => void): Promise<void> {
  if (!(await clusterRunning(dataDir))) return;
  const owner = Number((await Deno.readTextFile(ownerFile(dataDir)).catch(() => "")).trim());
  if (await liveDenoProcess(owner)) {
    throw new Error(`The database in ${dataDir} is in use by a running stack (pid ${owner})`);
  }
  const pid = (await Deno.readTextFile(join(dataDir, "postmaster.pid")).catch(() => ""))
    .split("\n")[0];
  log(`stopping the cluster an earlier run left running (postmaster pid ${pid})`);
  await pgCtl(["stop", "-m", "fast", "-w", "-D", dataDir]);
}

async function initCluster(bin: string, dataDir: string): Promise<void> {
  await Deno.mkdir(dataDir, { recursive: true });
  const pwfile = `${dataDir}.pwfile`;
  await Deno.writeTextFile(pwfile, "postgres\n");
  await chownToPostgres(dataDir);
  await chownToPostgres(pwfile);
  try {
    await run([
      join(bin, "initdb"),
      "-D",
      dataDir,
      "-U",
      ADMIN_ROLE,
      "-E",
      "UTF8",
      "--locale=C",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      `--pwfile=${pwfile}`,
    ], { asPostgres: true });
  } finally {
    await Deno.remove(pwfile);
  }
}

/**
 * Whether the cluster was made with today's layout (`supabase_admin` the superuser).
 * Clusters from before had `postgres` as their superuser and no `supabase_admin` login.
 */
async function hasAdminLayout(adminUrl: string): Promise<boolean> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [{ rolsuper }] = await sql`select rolsuper from pg_roles where rolname = current_user`;
    return rolsuper === true;
  } catch (error) {
    // 28P01 wrong password, 28000 role missing or not allowed to log in: the old layout.
    if (["28P01", "28000"].includes((error as { code?: string }).code ?? "")) return false;
    throw error;
  } finally {
    await sql.end();
  }
}

/**
 * Starts (creating first if needed) a cluster in `dataDir` on 127.0.0.1:`port`, owned by this
 * process until `stop()`. `ephemeral` trades durability for speed (fsync off): test clusters only.
 * Refuses, in one line and before touching any database, a port in use or a data dir another
 * running stack owns; takes over a cluster an earlier, killed run left behind.
 */
export async function startCluster(
  opts: { dataDir: string; port: number; ephemeral?: boolean; log?: (line: string) => void },
): Promise<Cluster> {
  const log = opts.log ?? (() => {});
  const bin = await pgBinDir();
  const port = opts.port;
  const dataDir = await usableDataDir(opts.dataDir);
  await stopStaleCluster(dataDir, log);
  assertPortFree(port, "database", "DB_PORT");
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dataDir}`,
    "-c max_connections=200",
    "-c synchronous_commit=off",
    ...(opts.ephemeral ? ["-c fsync=off", "-c full_page_writes=off"] : []),
    // pg_cron, when the Debian package is there, so scheduled jobs run as on Supabase.
    ...(await exists(join(await pkgLibDir(bin), "pg_cron.so"))
      // Background workers: the jobs run inside the server instead of connecting back over
      // TCP, where the cluster asks for a password.
      ? [
        "-c shared_preload_libraries=pg_cron",
        "-c cron.database_name=postgres",
        "-c cron.use_background_workers=on",
      ]
      : []),
  ];
  const start = () =>
    pgCtl([
      "start",
      "-w",
      "-t",
      "60",
      "-D",
      dataDir,
      "-l",
      `${dataDir}/server.log`,
      "-o",
      settings.join(" "),
    ]);
  const cluster: Cluster = {
    dataDir,
    url: clusterUrl(port),
    adminUrl: clusterUrl(port, ADMIN_ROLE),
    async stop() {
      await stopCluster(opts.dataDir);
      await Deno.remove(ownerFile(dataDir)).catch(() => {});
    },
  };
  if (!(await exists(join(dataDir, "PG_VERSION")))) await initCluster(bin, dataDir);
  // Claimed before the server starts, so that no window leaves a running cluster unowned.
  await Deno.writeTextFile(ownerFile(dataDir), `${Deno.pid}\n`);
  try {
    await start();
    if (!(await hasAdminLayout(cluster.adminUrl))) {
      log(
        `recreating ${dataDir}: it predates supabase_admin as superuser (a throwaway dev cluster)`,
      );
      await pgCtl(["stop", "-m", "fast", "-w", "-D", dataDir]);
      await Deno.remove(dataDir, { recursive: true });
      await initCluster(bin, dataDir);
      await start();
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** Stops the cluster in `dataDir` if one runs there (fast shutdown: clients are cut off). */
export async function stopCluster(requestedDir: string): Promise<void> {
  const dataDir = await usableDataDir(requestedDir);
  await pgCtl(["stop", "-m", "fast", "-w", "-D", dataDir]).catch(() => {/* not running */});
}

async function pkgLibDir(bin: string): Promise<string> {
  try {
    return (await run([join(bin, "pg_config"), "--pkglibdir"])).trim();
  } catch {
    return join(bin, "..", "lib");
  }
}

/**
 * Applies local/platform/*.sql in name order: what hosted Supabase provides. Idempotent.
 * A real Supabase database (`supabase start`'s, via DATABASE_URL) already has all of it, and
 * replacing its `auth`/`realtime` functions with ours would be wrong: GoTrue's own migration
 * table, which this layer never creates, tells them apart. Returns whether it applied.
 */
export async function applyPlatform(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ supabase }] = await sql`
      select to_regclass('auth.schema_migrations') is not null as supabase`;
    if (supabase) return false;
    const files = [...Deno.readDirSync(PLATFORM_DIR)].map((e) => e.name)
      .filter((n) => n.endsWith(".sql")).sort();
    for (const name of files) {
      await sql.unsafe(await Deno.readTextFile(join(PLATFORM_DIR, name)));
    }
    return true;
  } finally {
    await sql.end();
  }
}

/** What a cluster's schema is built from: the platform layer, the migrations and the seed. */
export const SCHEMA_SOURCES = [
  PLATFORM_DIR,
  join(ROOT, "supabase", "migrations"),
  join(ROOT, "supabase", "seed.sql"),
];

/**
 * SHA-256 (hex) over the names and contents of the files under `sources` (files or folders,
 * read recursively in name order): any file added, removed, renamed or edited changes it.
 */
export async function schemaChecksum(sources: readonly string[] = SCHEMA_SOURCES): Promise<string> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const add = async (path: string) => {
    const info = await Deno.stat(path).catch(() => undefined);
    if (!info) return parts.push(encoder.encode(`missing ${path}\0`));
    if (info.isDirectory) {
      const names = [...Deno.readDirSync(path)].map((entry) => entry.name).sort();
      for (const name of names) await add(join(path, name));
      return;
    }
    // Relative to the project, so that a checkout elsewhere gets the same checksum.
    const name = path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
    parts.push(encoder.encode(`${name}\0${info.size}\0`));
    parts.push(await Deno.readFile(path));
  };
  for (const source of sources) await add(source);
  const all = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Inside the data dir: it goes wherever the cluster goes, and with it when it is removed. */
const checksumFile = (dataDir: string) => join(dataDir, "schema.sha256");

/**
 * Builds the schema of a database: the platform layer, then the migrations and the seed with
 * the official CLI. On a local cluster the checksum of what it was built from is kept in its
 * data dir, and a cluster built from the same files is left as it is (`"unchanged"`: a warm
 * start skips the CLI, which takes over a second even with nothing to apply).
 * `"supabase"`: a real Supabase database, whose platform layer is its own.
 */
export async function buildSchema(
  db: { url: string; adminUrl: string; dataDir?: string },
  sources: readonly string[] = SCHEMA_SOURCES,
): Promise<"applied" | "unchanged" | "supabase"> {
  const checksum = db.dataDir ? await schemaChecksum(sources) : undefined;
  if (checksum) {
    const built = await Deno.readTextFile(checksumFile(db.dataDir!)).catch(() => "");
    if (built.trim() === checksum) return "unchanged";
  }
  const platform = await applyPlatform(db.adminUrl);
  await pushMigrations(db.url);
  // Written only once everything applied: a failed migration is retried on the next start.
  if (checksum) await Deno.writeTextFile(checksumFile(db.dataDir!), `${checksum}\n`);
  return platform ? "applied" : "supabase";
}

/** Runs the official Supabase CLI from node_modules against `url`. */
export async function supabaseCli(args: string[]): Promise<string> {
  return await run([join(ROOT, "node_modules", ".bin", "supabase"), ...args, "--workdir", ROOT]);
}

/** Applies pending migrations and the seed file with `supabase db push`. */
export async function pushMigrations(url: string): Promise<void> {
  await supabaseCli(["db", "push", `--remote=${url}`, "--yes", "--include-seed"]);
}

/**
 * Restarts the cluster in `dataDir` from outside, as a managed database's maintenance does:
 * a fast shutdown (clients are cut off with 57P01), then a start with the options `pg_ctl`
 * kept in postmaster.opts. A stopped cluster is started the same way. Fault tests only.
 */
export async function restartCluster(requestedDir: string): Promise<void> {
  const dataDir = await usableDataDir(requestedDir);
  const log = `${dataDir}/server.log`;
  await pgCtl(["restart", "-m", "fast", "-w", "-t", "60", "-D", dataDir, "-l", log]);
}
