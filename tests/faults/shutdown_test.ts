/**
 * Fault test for `npm start`'s process tree (npm → node bootstrap → deno → Postgres):
 * SIGTERM and SIGINT to each of npm, the bootstrap and Deno leave nothing running, no port
 * held and no postgres for the data dir; a second start on busy ports or a busy data dir
 * refuses in one line before touching the database; after `kill -9` of the tree the next
 * start takes over the cluster left behind and stops it on exit. Run by `npm run test:faults`.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { ROOT, stopCluster, usableDataDir } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { freePort } from "../../local/stack.ts";

/** Bounds on waiting (not assertions about speed): a fresh cluster and the CLI take a while. */
const START_WITHIN_MS = 180_000;
const STOP_WITHIN_MS = 30_000;

const dataDir = join(ROOT, ".local", `faults-shutdown-${Deno.pid}`);
const scratch = await Deno.makeTempDir({ prefix: "fashionos-shutdown-" });
const envFile = join(scratch, "env.local");

interface Run {
  npm: Deno.ChildProcess;
  output(): string;
  /** npm's exit status. */
  exited: Promise<Deno.CommandStatus>;
  /** Every holder of npm's output pipes has closed them (the whole tree has exited). */
  drained: Promise<void>;
  /** Every process of the tree seen so far, for the clean-up of a failed test. */
  seen: Set<number>;
}

function npmStart(ports: { api: number; db: number }, dir = dataDir): Run {
  const npm = new Deno.Command("npm", {
    args: ["start"],
    cwd: ROOT,
    env: {
      API_PORT: String(ports.api),
      DB_PORT: String(ports.db),
      LOCAL_DATA_DIR: dir,
      LOCAL_ENV_FILE: envFile,
      DATABASE_URL: "",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const read = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  const drained = Promise.all([read(npm.stdout), read(npm.stderr)]).then(() => {});
  return { npm, output: () => text, exited: npm.status, drained, seen: new Set([npm.pid]) };
}

/** `work`, or a rejection naming `what` after `ms`. */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Gave up waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ready(run: Run): Promise<void> {
  let exited = false;
  run.exited.then(() => exited = true);
  await until("npm start to be ready", () => {
    if (exited) throw new Error(`npm start exited before ready:\n${run.output()}`);
    return run.output().includes("Local Supabase is ready");
  }, START_WITHIN_MS);
}

/** /proc/<pid>/stat fields after the command name: state, ppid. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== "Z";
};

function cmdline(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
  } catch {
    return "";
  }
}

function allPids(): number[] {
  return [...Deno.readDirSync("/proc")].map((e) => Number(e.name)).filter(Number.isInteger);
}

/** npm and every process below it. */
function tree(root: number): number[] {
  const pids = allPids();
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const pid of pids) if (procStat(pid)?.ppid === found[i]) found.push(pid);
  }
  return found;
}

function treeOf(run: Run) {
  const pids = tree(run.npm.pid);
  pids.forEach((pid) => run.seen.add(pid));
  const find = (needle: string) => {
    // The deepest match: the process itself, not a shell that started it.
    const pid = pids.findLast((p) => cmdline(p).includes(needle));
    assert.ok(pid, `no process running ${needle} under npm (pid ${run.npm.pid})`);
    return pid;
  };
  return { pids, npm: run.npm.pid, bootstrap: find("bootstrap.mjs"), deno: find("local/start.ts") };
}

async function postmasterPid(): Promise<number> {
  const file = join(await usableDataDir(dataDir), "postmaster.pid");
  return Number((await Deno.readTextFile(file)).split("\n")[0]);
}

/** Processes whose command line names the data dir (a postmaster started with -D <dir>). */
async function postgresForDataDir(): Promise<number[]> {
  const dir = await usableDataDir(dataDir);
  return allPids().filter((pid) => alive(pid) && cmdline(pid).includes(dir));
}

async function portFree(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return false;
  } catch {
    return true;
  }
}

/** Waits for npm to exit, then asserts that nothing of the tree or its cluster is left. */
async function assertAllGone(run: Run, pids: number[], ports: { api: number; db: number }) {
  await within(run.exited, STOP_WITHIN_MS, "npm to exit").catch((e) => {
    throw new Error(`${e.message}:\n${run.output()}`);
  });
  await until("the process tree to exit", () => pids.every((pid) => !alive(pid)), STOP_WITHIN_MS)
    .catch(() => {
      const left = pids.filter(alive).map((pid) => `${pid} ${cmdline(pid)}`);
      throw new Error(`still running: ${left.join("; ")}\n${run.output()}`);
    });
  assert.deepEqual(await postgresForDataDir(), [], "no postgres runs for the data dir");
  assert.ok(await portFree(ports.api), `API port ${ports.api} is free`);
  assert.ok(await portFree(ports.db), `database port ${ports.db} is free`);
}

/** Last resort for a failed test: nothing may outlive the suite. */
async function cleanUp(run?: Run) {
  if (run) {
    for (const pid of new Set([...run.seen, ...tree(run.npm.pid)])) {
      try {
        if (alive(pid)) Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
    await run.exited;
    await within(run.drained, STOP_WITHIN_MS, "the output pipes to close").catch(() => {});
  }
  await stopCluster(dataDir);
}

const newPorts = () => ({ api: freePort(), db: freePort() });

// SIGKILL cannot be forwarded: the processes below notice that their parent is gone.
const cases = [
  ...(["npm", "bootstrap", "deno"] as const).flatMap((target) =>
    (["SIGTERM", "SIGINT"] as const).map((signal) => ({ target, signal }))
  ),
  { target: "npm", signal: "SIGKILL" },
  { target: "bootstrap", signal: "SIGKILL" },
] as const;

for (const { target, signal } of cases) {
  Deno.test(`${signal} to the ${target} process of npm start stops the whole tree and Postgres`, async () => {
    const ports = newPorts();
    // An existing settings file readable by others: start must tighten it, not keep it.
    await Deno.writeTextFile(envFile, "old\n", { mode: 0o644 });
    await Deno.chmod(envFile, 0o644);
    const run = npmStart(ports);
    try {
      await ready(run);
      assert.equal((await Deno.stat(envFile)).mode! & 0o777, 0o600, "settings file is 0600");
      const processes = treeOf(run);
      const postmaster = await postmasterPid();
      assert.ok(alive(postmaster), "the cluster runs while the stack does");
      Deno.kill(processes[target], signal);
      await assertAllGone(run, [...processes.pids, postmaster], ports);
    } finally {
      await cleanUp(run);
    }
  });
}

Deno.test("a second npm start on busy ports or a busy data dir refuses in one line and leaves the first database alone", async () => {
  const ports = newPorts();
  const first = npmStart(ports);
  let sql: postgres.Sql | undefined;
  try {
    await ready(first);
    sql = postgres(`postgresql://postgres:postgres@127.0.0.1:${ports.db}/postgres`, {
      max: 1,
      onnotice: () => {},
    });
    const state = () =>
      sql!`select (select count(*) from supabase_migrations.schema_migrations)::int as migrations,
                  pg_postmaster_start_time()::text as started`;
    const [before] = await state();
    const serverLog = join(await usableDataDir(dataDir), "server.log");
    const logBefore = (await Deno.readTextFile(serverLog)).length;

    const attempts = [
      { ports, dir: dataDir, names: `Port ${ports.api} (API)` },
      {
        ports: { api: freePort(), db: ports.db },
        dir: `${dataDir}-other`,
        names: `Port ${ports.db}`,
      },
      { ports: newPorts(), dir: dataDir, names: "in use by a running stack" },
    ];
    for (const attempt of attempts) {
      const second = npmStart(attempt.ports, attempt.dir);
      const status = await within(second.exited, START_WITHIN_MS, "the second start to exit")
        .catch(async (error) => {
          await cleanUp(second);
          throw error;
        });
      await second.drained;
      const output = second.output();
      assert.notEqual(status.code, 0, `exits non-zero:\n${output}`);
      const ours = output.split("\n").filter((line) => line.startsWith("[local]"));
      assert.equal(ours.length, 1, `one line of its own:\n${output}`);
      assert.match(ours[0], new RegExp(attempt.names.replace(/[()]/g, "\\$&")), output);
      assert.doesNotMatch(output, /^\s+at /m, "no stack trace");
    }

    const [after] = await state();
    assert.equal(after.migrations, before.migrations, "migration history unchanged");
    assert.equal(after.started, before.started, "the first cluster was not restarted");
    // The server log records each connection failure or error; a refused start writes nothing.
    const logAfter = await Deno.readTextFile(serverLog);
    assert.doesNotMatch(logAfter.slice(logBefore), /ERROR|FATAL/, "no errors logged meanwhile");
    const health = await fetch(`http://127.0.0.1:${ports.api}/functions/v1/media-scorer/health`);
    await health.body?.cancel();
    assert.equal(health.status, 200, "the first stack still serves");
  } finally {
    await sql?.end();
    await cleanUp(first);
    await Deno.remove(await usableDataDir(`${dataDir}-other`), { recursive: true }).catch(() => {});
  }
});

Deno.test("after kill -9 of the tree, the next npm start takes over the cluster left behind and stops it on exit", async () => {
  const ports = newPorts();
  const first = npmStart(ports);
  let second: Run | undefined;
  try {
    await ready(first);
    const orphan = await postmasterPid();
    for (const pid of treeOf(first).pids.reverse()) Deno.kill(pid, "SIGKILL");
    await first.exited;
    assert.ok(alive(orphan), "kill -9 of the tree leaves the postmaster running");

    second = npmStart(ports);
    await ready(second);
    assert.match(second.output(), new RegExp(`left running \\(postmaster pid ${orphan}\\)`));
    assert.ok(!alive(orphan), "the stale postmaster was stopped");
    const processes = treeOf(second);
    const postmaster = await postmasterPid();
    Deno.kill(processes.npm, "SIGTERM");
    await assertAllGone(second, [...processes.pids, postmaster], ports);
  } finally {
    await cleanUp(second);
    await cleanUp(first);
  }
});

const clusterDir = await usableDataDir(dataDir);
globalThis.addEventListener("unload", () => {
  for (const dir of [scratch, clusterDir, `${clusterDir}.owner`]) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* never created */ }
  }
});
