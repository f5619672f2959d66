/**
 * The local database: a throwaway PostgreSQL cluster run from the system's binaries, the
 * platform layer hosted Supabase provides, and the project's migrations applied by the
 * official Supabase CLI. Local development and tests only.
 */
import postgres from "postgres";
import { fromFileUrl, join } from "./paths.ts";

export const ROOT = fromFileUrl(new URL("..", import.meta.url));
const PLATFORM_DIR = join(ROOT, "local", "platform");

export interface Cluster {
  url: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

/** The database URL of a cluster listening on `port`, as `supabase start` spells it. */
export function clusterUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
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

/**
 * Starts (creating first if needed) a cluster in `dataDir` on 127.0.0.1:`port`.
 * `ephemeral` trades durability for speed (fsync off): for test clusters only.
 */
export async function startCluster(
  opts: { dataDir: string; port: number; ephemeral?: boolean },
): Promise<Cluster> {
  const bin = await pgBinDir();
  const port = opts.port;
  const dataDir = await usableDataDir(opts.dataDir);
  if (!(await exists(join(dataDir, "PG_VERSION")))) {
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
        "postgres",
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
  const pgCtl = join(bin, "pg_ctl");
  let startedHere = false;
  const status = await new Deno.Command(Deno.uid() === 0 ? "runuser" : pgCtl, {
    args: Deno.uid() === 0
      ? ["-u", "postgres", "--", pgCtl, "status", "-D", dataDir]
      : ["status", "-D", dataDir],
    stdout: "null",
    stderr: "null",
  }).output();
  if (status.code !== 0) {
    await run([
      pgCtl,
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
    ], {
      asPostgres: true,
    });
    startedHere = true;
  }
  return {
    url: clusterUrl(port),
    async stop() {
      if (startedHere) await stopCluster(dataDir);
    },
  };
}

/** Stops the cluster in `dataDir` if one runs there (fast shutdown: clients are cut off). */
export async function stopCluster(requestedDir: string): Promise<void> {
  const dataDir = await usableDataDir(requestedDir);
  const pgCtl = join(await pgBinDir(), "pg_ctl");
  try {
    await run([pgCtl, "stop", "-m", "fast", "-w", "-D", dataDir], { asPostgres: true });
  } catch { /* not running */ }
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

/** Runs the official Supabase CLI from node_modules against `url`. */
export async function supabaseCli(args: string[]): Promise<string> {
  return await run([join(ROOT, "node_modules", ".bin", "supabase"), ...args, "--workdir", ROOT]);
}

/** Applies pending migrations and the seed file with `supabase db push`. */
export async function pushMigrations(url: string): Promise<void> {
  await supabaseCli(["db", "push", `--remote=${url}`, "--yes", "--include-seed"]);
}
