/**
 * `npm run bench`: figures, not assertions. Times `npm start` cold and warm, then starts a stack
 * of its own (a process of its own, free ports, a throwaway database), signs up enough users that
 * none reaches the per-user limit, and loads every endpoint at 1, 16 and 64 connections beside
 * the floors measured in the same run: OPTIONS (no database), GET /health (`select 1`) and a
 * bare `asUser` query from this process. Then the analyzers at 100, 1,000 and 10,000 items, and
 * memory at idle and under load. Prints markdown tables.
 *   npm run bench -- [--json FILE] [--markdown FILE] [--duration MS] [--users N] [--no-startup]
 *                    [--only REGEX] [--connections 1,16,64]
 */
import { parseArgs } from "node:util";
import { ROOT, usableDataDir } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { freePort } from "../../local/stack.ts";
import type { UserClaims } from "../../supabase/functions/_shared/auth.ts";
import { admissionsFor } from "../../supabase/functions/_shared/admission_batch.ts";
import { asUser, closePools, pool } from "../../supabase/functions/_shared/db.ts";
import {
  analyzer,
  ANALYZER_BODIES,
  type Endpoint,
  ENDPOINTS,
  FLOORS,
  OVER_LIMIT,
  SIZES,
  STORED_SAMPLES,
  type Target,
} from "./endpoints.ts";
import { type Attempt, type CellStats, runCell } from "./load.ts";
import {
  type CpuPerRequest,
  cpuPerRequest,
  type CpuSample,
  cpuTicks,
  postgresCpuTicks,
  ticksPerSecond,
} from "./cpu.ts";
import { postgresPssBytes, postmasterPid, rssBytes } from "./memory.ts";
import { benchRealtimeLatency, type RealtimeLatency } from "./realtime_bench.ts";
import { restSelectAttempt } from "./rest_bench.ts";
import { measureStartup, type StartupTiming } from "./startup.ts";
import { type BenchUser, giveSamples, signUpUsers, UserBudget } from "./users.ts";
import { givePublicCompositions, MIN_BENCH_USERS, PUBLIC_COMPOSITIONS } from "./compose_data.ts";

const { values: args } = parseArgs({
  args: Deno.args,
  options: {
    json: { type: "string" },
    markdown: { type: "string" },
    duration: { type: "string", default: "3000" },
    // 1,000 ran short in a full run: the later cells found every user's budget spent and waited
    // (and a cache-hit cell whose primed users are spent primes others while it measures).
    users: { type: "string", default: "2000" },
    "no-startup": { type: "boolean", default: false },
    only: { type: "string" },
    connections: { type: "string", default: "1,16,64" },
  },
});
if (!(Number(args.users) >= MIN_BENCH_USERS)) {
  console.error(
    `--users must be at least ${MIN_BENCH_USERS}: the gallery's ${PUBLIC_COMPOSITIONS} ` +
      "public compositions are spread over the users, within their tier's limit",
  );
  Deno.exit(2);
}
const CONNECTIONS = args.connections.split(",").map(Number);
/** `--only REGEX`: the rows whose names match (the floors always run), for a quick look. */
const only = args.only ? new RegExp(args.only, "i") : undefined;
const wanted = (name: string) => !only || only.test(name);
const timing = { durationMs: Number(args.duration), warmupMs: 300 };
const ASUSER_FLOOR = "asUser `select 1` (in-process, no HTTP)";
const ADMISSION_ALONE = "admission alone: the rate-limit write (in-process, no HTTP)";

interface Row extends CellStats {
  endpoint: string;
  /** Cells of an endpoint with a cache (their hit rate is shown). */
  analyzer?: boolean;
  ratios?: Record<string, { requestsPerSecond: number; p90: number }>;
  /** CPU ms a request sent cost each process (`cpu.ts`); absent without /proc. */
  cpuMsPerRequest?: CpuPerRequest;
}

const progress = (line: string) => console.error(`[bench] ${line}`);
const mb = (bytes: number) => Math.round(bytes / 1e6);

// ── machine ─────────────────────────────────────────────────────────────────────────────────
async function output(cmd: string, ...cmdArgs: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args: cmdArgs, stdout: "piped", stderr: "null" })
    .output().catch(() => undefined);
  return out ? new TextDecoder().decode(out.stdout).trim() : "";
}
const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
const pgBin = await output("pg_config", "--bindir");
const machine = {
  nproc: navigator.hardwareConcurrency,
  cpu: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? "unknown",
  memoryGb: Math.round(Deno.systemMemoryInfo().total / 1024 ** 3),
  kernel: Deno.osRelease(),
  deno: Deno.version.deno,
  postgres: await output(join(pgBin || "/usr/lib/postgresql/15/bin", "postgres"), "--version"),
  date: new Date().toISOString(),
};

const workDir = join(ROOT, ".local", `bench-${Deno.pid}`);
await Deno.mkdir(workDir, { recursive: true });

// ── start-up ────────────────────────────────────────────────────────────────────────────────
let startup: { cold: StartupTiming; warm: StartupTiming[] } | undefined;
if (!args["no-startup"]) {
  progress("timing npm start, cold then warm");
  startup = await measureStartup(workDir);
}

// ── the stack under load ────────────────────────────────────────────────────────────────────
const dataDir = join(workDir, "db");
// Resolved once, before anything is removed: resolving creates the parent folder.
const clusterDir = await usableDataDir(dataDir);
progress("starting the stack");
const stackProcess = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    join(ROOT, "tests", "bench", "_stack_process.ts"),
    String(freePort()),
    String(freePort()),
    dataDir,
  ],
  cwd: ROOT,
  stdout: "piped",
  stderr: "inherit",
}).spawn();
// Interrupted: stop the stack (and its Postgres) and remove what the run made before leaving.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    stackProcess.kill("SIGTERM");
    await stackProcess.status;
    await Deno.remove(clusterDir, { recursive: true }).catch(() => {});
    await Deno.remove(workDir, { recursive: true }).catch(() => {});
    Deno.exit(130);
  });
}
const stackReady = await readReadyLine(stackProcess.stdout);
const target: Target = { url: stackReady.url, anonKey: stackReady.anonKey };
const pgPid = await postmasterPid(clusterDir);
const memory = async () => ({
  stackRssMb: mb(await rssBytes(stackProcess.pid)),
  postgresPssMb: mb(await postgresPssBytes(pgPid)),
});
const idleMemory = await memory();
const ticks = await ticksPerSecond();
const cpuNow = async (): Promise<CpuSample> => ({
  stack: await cpuTicks(stackProcess.pid),
  postgres: await postgresCpuTicks(pgPid),
  loader: await cpuTicks(Deno.pid),
});
const peakMemory = { stackRssMb: 0, postgresPssMb: 0 };

const rows: Row[] = [];
try {
  const usersWanted = Number(args.users);
  progress(`signing up ${usersWanted} users`);
  const signUpStarted = performance.now();
  // Users kept over the limit, one per connection and fresh ones for each cell (a window
  // spent in an earlier cell frees up while a later one runs): their calls measure the 429.
  const overLimitCount = CONNECTIONS.reduce((sum, n) => sum + n, 0);
  const users = await signUpUsers(target.url, target.anonKey, usersWanted + overLimitCount);
  const signUpSeconds = (performance.now() - signUpStarted) / 1000;
  progress(`${users.length} users in ${signUpSeconds.toFixed(1)} s`);
  const overLimitUsers = users.splice(usersWanted);
  const budget = new UserBudget(users);
  const sql = pool(stackReady.dbUrl);
  await giveSamples(sql, users, STORED_SAMPLES);
  await givePublicCompositions(sql, users, PUBLIC_COMPOSITIONS);
  let anyUser = 0;
  const claims: UserClaims = {
    sub: users[0].id,
    role: "authenticated",
    exp: Math.floor(Date.now() / 1000) + 3600,
  };

  const attemptFor = (endpoint: Endpoint, from = budget, primed: BenchUser[] = []): Attempt => {
    // Cache hits: users whose entry is stored, tried first, so that few calls go to priming.
    let nextPrimed = 0;
    const pick = (): { user?: BenchUser; priming?: boolean } => {
      if (!endpoint.signedIn) return { user: users[anyUser++ % users.length] };
      if (endpoint.cacheHit) {
        for (let tried = 0; tried < primed.length; tried++) {
          const user = primed[nextPrimed++ % primed.length];
          if (from.tryTake(user)) return { user };
        }
        return { user: from.take(), priming: true };
      }
      return { user: from.take() };
    };
    const call = async (user: BenchUser) => {
      const response = await fetch(endpoint.request(target, user));
      return { status: response.status, text: await response.text() };
    };
    return async () => {
      const { user, priming } = pick();
      if (!user) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { status: 0, ok: true, measured: false, sent: 0 };
      }
      let answer: { status: number; text: string };
      try {
        answer = await call(user);
      } finally {
        if (endpoint.signedIn) from.release(user);
      }
      const says = endpoint.saysCached !== false;
      const hit = says && answer.text.includes('"cached":true');
      if (priming) {
        // The entry is stored off the response path (in batches): wait, unmeasured, until the
        // user's calls are answered from it, or give up after a few (a list the cache skips).
        let stored = hit || !says;
        let sent = 1;
        for (let tries = 0; tries < 4 && !stored; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (!from.tryTake(user)) break;
          try {
            sent++;
            stored = (await call(user)).text.includes('"cached":true');
          } finally {
            from.release(user);
          }
        }
        primed.push(user);
        const ok = answer.status === endpoint.expect;
        return { status: answer.status, ok, measured: false, sent };
      }
      return { status: answer.status, ok: answer.status === endpoint.expect, hit };
    };
  };

  let primeFrom = 0;
  /**
   * Before a cache-hit cell, unmeasured: stores the entry of as many users as the cell can use (40
   * a connection, within their budget), and returns those whose calls are answered from it.
   * Users primed inside the cell (a miss, then waits until the entry is written) left fewer calls
   * in flight, so the hits measured met less contention than the cell's clients make: the hit
   * rows overstated their rate.
   */
  const primeUsers = async (endpoint: Endpoint, connections: number, from: UserBudget) => {
    // The next users in turn, so that cells spread their calls over every user's budget.
    const count = Math.min(users.length, connections * 40);
    const waiting = Array.from({ length: count }, (_, i) => users[(primeFrom + i) % users.length]);
    primeFrom = (primeFrom + count) % users.length;
    // Each user is called until its answer comes from the cache: a supplied list's entry is
    // written off the response path, in batches, and a batch takes a bounded amount of text (a
    // flood of 34 KB answers leaves some out until they are asked for again).
    const says = endpoint.saysCached !== false;
    const primed: BenchUser[] = [];
    for (let round = 0; round < 4 && waiting.length; round++) {
      const before = primed.length;
      const again: BenchUser[] = [];
      await Promise.all(Array.from({ length: Math.min(connections, 8) }, async () => {
        for (let user = waiting.pop(); user; user = waiting.pop()) {
          if (!from.tryTake(user)) continue;
          try {
            const response = await fetch(endpoint.request(target, user));
            const text = await response.text();
            if (response.status !== endpoint.expect) continue;
            (!says || text.includes('"cached":true') ? primed : again).push(user);
          } finally {
            from.release(user);
          }
        }
      }));
      // A list too short to be cached is never answered from the cache: no use asking again.
      if (round > 0 && primed.length === before) break;
      waiting.push(...again);
      if (waiting.length) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return primed;
  };

  const measure = async (endpoint: Endpoint, connections: number, from = budget) =>
    measureAttempt(
      endpoint.name,
      connections,
      attemptFor(
        endpoint,
        from,
        endpoint.cacheHit ? await primeUsers(endpoint, connections, from) : [],
      ),
      endpoint.cacheHit !== undefined && endpoint.saysCached !== false,
    );

  const measureAttempt = async (
    name: string,
    connections: number,
    attempt: Attempt,
    analyzer = false,
  ) => {
    let sampler: ReturnType<typeof setInterval> | undefined;
    if (connections === CONNECTIONS.at(-1)) {
      sampler = setInterval(async () => {
        const now = await memory();
        peakMemory.stackRssMb = Math.max(peakMemory.stackRssMb, now.stackRssMb);
        peakMemory.postgresPssMb = Math.max(peakMemory.postgresPssMb, now.postgresPssMb);
      }, 1000);
    }
    let recorded: Promise<CpuSample> | undefined;
    const stats = await runCell(connections, attempt, timing, () => recorded = cpuNow());
    clearInterval(sampler);
    const cpu = recorded &&
      cpuPerRequest(await recorded, await cpuNow(), stats.requestsSent, ticks);
    const row: Row = { endpoint: name, analyzer, ...stats, cpuMsPerRequest: cpu };
    rows.push(row);
    progress(
      `${name} @${connections}: ${Math.round(stats.requestsPerSecond)}/s ` +
        `p90 ${stats.p90Ms.toFixed(1)} ms, ${stats.errors} errors`,
    );
    return row;
  };

  /**
   * What every admitted request's exact rate limit costs, without HTTP or a handler: the
   * admission as the functions batch it, against a key of its own for each user and cell (the
   * users' own budgets stay untouched) with a limit no cell reaches.
   */
  const admissionAlone = (connections: number) =>
    measureAttempt(ADMISSION_ALONE, connections, async () => {
      const user = users[anyUser++ % users.length];
      const limits = [{ key: `bench:${connections}:${user.id}`, limit: 1_000, windowSeconds: 60 }];
      const { admission } = await admissionsFor(stackReady.dbUrl).run(user.id, limits);
      return { status: admission.allowed ? 200 : 429, ok: admission.allowed };
    });

  const asUserFloor = (connections: number) =>
    measureAttempt(ASUSER_FLOOR, connections, async () => {
      await asUser(sql, claims, (tx) => tx`select 1`);
      return { status: 200, ok: true };
    });

  // Endpoints that bring their own request and user (issue 9's REST select).
  const extraEndpoints = [await restSelectAttempt(stackReady)];

  /** Spends the budget of `count` users so that their next calls are refused. */
  const overLimit = async (count: number): Promise<UserBudget> => {
    const spent = overLimitUsers.splice(0, count);
    await Promise.all(spent.map(async (user) => {
      for (let i = 0; i < 100; i++) {
        const response = await fetch(OVER_LIMIT.request(target, user));
        await response.body?.cancel();
        if (response.status === 429) return;
      }
    }));
    return new UserBudget(spent, Infinity);
  };

  for (const connections of CONNECTIONS) {
    const floors: Row[] = [];
    for (const floor of FLOORS) floors.push(await measure(floor, connections));
    floors.push(await asUserFloor(connections));
    const withRatios = (row: Row) => {
      row.ratios = Object.fromEntries(floors.map((floor) => [floor.endpoint, {
        requestsPerSecond: row.requestsPerSecond / floor.requestsPerSecond,
        p90: row.p90Ms / floor.p90Ms,
      }]));
    };
    if (wanted(ADMISSION_ALONE)) withRatios(await admissionAlone(connections));
    for (const endpoint of ENDPOINTS.filter((e) => wanted(e.name))) {
      withRatios(await measure(endpoint, connections));
    }
    for (const { name, attempt } of extraEndpoints.filter((e) => wanted(e.name))) {
      withRatios(await measureAttempt(name, connections, attempt));
    }
    if (wanted(OVER_LIMIT.name)) {
      withRatios(await measure(OVER_LIMIT, connections, await overLimit(connections)));
    }
  }

  const sizes: Row[] = [];
  for (const n of SIZES.filter((n) => wanted(`${n.toLocaleString("en-US")} items`))) {
    for (const { fn, body } of ANALYZER_BODIES) {
      const b = body(n);
      const label = `${n.toLocaleString("en-US")} items`;
      for (const cache of ["miss", "hit"] as const) {
        const row = await measure(analyzer(fn, label, b, cache), 1);
        rows.pop();
        sizes.push(row);
      }
    }
  }

  // Issue 9: commit -> supabase-js callback of a database broadcast on private topics.
  const realtime: RealtimeLatency[] = [];
  for (const subscribers of wanted("realtime") ? [1, 200] : []) {
    realtime.push(await benchRealtimeLatency(stackReady, { subscribers }));
  }

  const report = {
    machine,
    realtime,
    settings: { ...timing, connections: CONNECTIONS, users: users.length, signUpSeconds },
    startup,
    memory: { idle: idleMemory, peakUnderLoad: peakMemory },
    budgetStarved: budget.starved,
    cells: rows,
    sizes,
  };
  const markdown = renderMarkdown(report);
  console.log(markdown);
  if (args.markdown) await Deno.writeTextFile(args.markdown, markdown);
  if (args.json) await Deno.writeTextFile(args.json, JSON.stringify(report, null, 2) + "\n");
} finally {
  await closePools();
  stackProcess.kill("SIGTERM");
  await stackProcess.status;
  await Deno.remove(clusterDir, { recursive: true }).catch(() => {});
  await Deno.remove(workDir, { recursive: true }).catch(() => {});
}

async function readReadyLine(stream: ReadableStream<Uint8Array>) {
  const lines = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  while (true) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`The bench stack exited before it was ready: ${buffered}`);
    buffered += value;
    const line = buffered.split("\n").find((l) => l.startsWith('{"ready"'));
    if (line) {
      // Keep draining what the stack prints, so that it never blocks on a full pipe.
      (async () => {
        while (!(await lines.read().catch(() => ({ done: true }))).done) { /* drop */ }
      })();
      return JSON.parse(line).ready as {
        url: string;
        anonKey: string;
        dbUrl: string;
      };
    }
  }
}

function renderMarkdown(report: {
  machine: typeof machine;
  settings: { durationMs: number; users: number; signUpSeconds: number };
  startup?: { cold: StartupTiming; warm: StartupTiming[] };
  memory: { idle: typeof idleMemory; peakUnderLoad: typeof peakMemory };
  budgetStarved: number;
  cells: Row[];
  sizes: Row[];
  realtime: RealtimeLatency[];
}): string {
  const n = (x: number, digits = 0) =>
    x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const ms = (x: number) => n(x, x < 10 ? 2 : 1);
  const ratio = (x?: number) => (x === undefined || !isFinite(x) ? "" : n(x, 2));
  const cpu = (row: Row) => {
    const c = row.cpuMsPerRequest;
    return c ? `${ms(c.stack)} | ${ms(c.postgres)} | ${ms(c.loader)}` : " |  | ";
  };
  const hitRate = (row: Row) =>
    row.analyzer ? `${Math.round((100 * row.cacheHits) / (row.requests || 1))}%` : "";
  const errors = (row: Row) =>
    row.errors
      ? `${row.errors} (${
        Object.entries(row.errorStatuses).map(([status, count]) => `${count}× ${status}`).join(", ")
      })`
      : "0";
  const [options, health] = FLOORS.map((f) => f.name);
  const m = report.machine;
  const out: string[] = [];
  out.push(
    `Machine: ${m.nproc} cores (${m.cpu}), ${m.memoryGb} GB, Linux ${m.kernel}, ` +
      `Deno ${m.deno}, ${m.postgres}; ${m.date.slice(0, 10)}.`,
    "",
    `Each cell: ${n(report.settings.durationMs / 1000, 1)} s of load after a 0.3 s warm-up, ` +
      `from a Deno load generator (fetch, keep-alive) on the same machine; ` +
      `${report.settings.users} users signed up in ${n(report.settings.signUpSeconds, 1)} s` +
      (report.budgetStarved ? ` (their budget ran out ${report.budgetStarved} times)` : "") +
      ". Ratios: to the floor at the same connections, in the same run. CPU: milliseconds of CPU " +
      "time a request cost the stack's process, Postgres (postmaster and backends) and the load " +
      "generator, over the cell's measured seconds and every request sent in them.",
    "",
    "| endpoint | conns | req/s | p50 ms | p90 ms | p99 ms | errors | hits | " +
      "req/s ÷ OPTIONS | req/s ÷ health | req/s ÷ asUser | p90 ÷ OPTIONS | p90 ÷ health | p90 ÷ asUser | " +
      "CPU ms stack | CPU ms Postgres | CPU ms loader |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: " +
      "| ---: | ---: | ---: |",
  );
  for (const row of report.cells) {
    const r = row.ratios ?? {};
    out.push(
      `| ${row.endpoint} | ${row.connections} | ${n(row.requestsPerSecond)} | ${ms(row.p50Ms)} | ` +
        `${ms(row.p90Ms)} | ${ms(row.p99Ms)} | ${errors(row)} | ${hitRate(row)} | ` +
        `${ratio(r[options]?.requestsPerSecond)} | ${ratio(r[health]?.requestsPerSecond)} | ` +
        `${ratio(r[ASUSER_FLOOR]?.requestsPerSecond)} | ${ratio(r[options]?.p90)} | ` +
        `${ratio(r[health]?.p90)} | ${ratio(r[ASUSER_FLOOR]?.p90)} | ${cpu(row)} |`,
    );
  }
  out.push(
    "",
    "Analyzers by list size, one connection:",
    "",
    "| call | req/s | p50 ms | p90 ms | p99 ms | errors | hits | CPU ms stack | CPU ms Postgres | " +
      "CPU ms loader |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const row of report.sizes) {
    out.push(
      `| ${row.endpoint} | ${n(row.requestsPerSecond, 1)} | ${ms(row.p50Ms)} | ${
        ms(row.p90Ms)
      } | ` +
        `${ms(row.p99Ms)} | ${errors(row)} | ${hitRate(row)} | ${cpu(row)} |`,
    );
  }
  out.push(
    "",
    "Realtime: commit -> supabase-js callback of a database broadcast, each subscriber on a " +
      "private topic of its own:",
    "",
    "| subscribers | messages | p50 ms | p99 ms | max ms | joining them all, ms |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.realtime.map((r) =>
      `| ${r.subscribers} | ${r.messages} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${ms(r.maxMs)} | ` +
      `${n(r.joinAllMs)} |`
    ),
  );
  if (report.startup) {
    const { cold, warm } = report.startup;
    const line = (label: string, t: StartupTiming) =>
      `| ${label} | ${n(t.wallMs)} | ${n(t.reportedMs)} |`;
    out.push(
      "",
      "Start-up (`node local/bootstrap.mjs start`, what `npm start` runs; npm itself adds its own):",
      "",
      "| run | spawn to ready, ms | start.ts's own figure, ms |",
      "| --- | ---: | ---: |",
      line("cold (fresh data dir)", cold),
      ...warm.map((t, i) => line(`warm ${i + 1}`, t)),
    );
  }
  const { idle, peakUnderLoad } = report.memory;
  out.push(
    "",
    "Memory (stack: RSS of its Deno process; Postgres: PSS of the postmaster and its backends):",
    "",
    "| | stack MB | Postgres MB |",
    "| --- | ---: | ---: |",
    `| idle, after start | ${idle.stackRssMb} | ${idle.postgresPssMb} |`,
    `| peak at 64 connections | ${peakUnderLoad.stackRssMb} | ${peakUnderLoad.postgresPssMb} |`,
  );
  return out.join("\n") + "\n";
}
