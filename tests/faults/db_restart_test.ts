/**
 * Fault test: Postgres restarted twice (`pg_ctl restart -m fast`) and stopped for 10 s while
 * eight loops call every function, their health checks and the sign-in endpoint. The stack
 * runs in a child process, so a crash shows up as that process exiting. Run by
 * `npm run test:faults`, not by `npm test` (it takes about a minute).
 */
import assert from "node:assert/strict";
import { createClient } from "@supabase/supabase-js";
import { restartCluster, ROOT, stopCluster, usableDataDir } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { spawnStack } from "./_spawn_stack.ts";

/** No request may go unanswered longer than this. */
const ANSWER_WITHIN_MS = 10_000;
/** After the database is back, every request sent later than this succeeds. */
const RECOVERED_WITHIN_MS = 5_000;
const LOOPS = 8;
/** Enough that the per-user limit (60 a minute) is rarely what answers. */
const USERS = 40;
const PASSWORD = "correct-horse-battery";

const EVENT = {
  id: "e1",
  name: "Show",
  startsAt: "2030-01-01T08:00:00Z",
  endsAt: "2030-01-01T20:00:00Z",
  tasks: [
    { id: "t1", title: "Rig lights", status: "todo", durationMinutes: 60 },
    { id: "t2", title: "Rehearse", status: "todo", durationMinutes: 30, dependsOn: ["t1"] },
  ],
};

/**
 * One call of each function that reaches the database: stored rows for the analyzers that read
 * them under RLS, an inline event for the optimizer (a new user has no event to name).
 */
const FUNCTION_CALLS: Record<string, { method: string; path?: string; body?: unknown }> = {
  "logistics-analyzer": { method: "POST", body: {} },
  "events-optimizer": { method: "POST", body: { event: EVENT } },
  "media-scorer": { method: "POST", body: {} },
  "chat-orchestrator": {
    method: "POST",
    body: {
      message: "How ready are my samples?",
      currentKit: "logistics",
      currentRoute: "/logistics",
      sessionId: "8f0d1c2e-3b4a-4c5d-9e6f-7a8b9c0d1e2f",
    },
  },
  recommendations: { method: "POST", body: { recommendationType: "next_actions", context: {} } },
  compose: { method: "POST", body: { kind: "kit_configuration", inputs: { role: "producer" } } },
  preferences: { method: "GET" },
};
const FUNCTIONS = Object.keys(FUNCTION_CALLS);

interface User {
  email: string;
  accessToken: string;
}

interface Outcome {
  kind: string;
  sentAt: number;
  answeredAt: number;
  status: number | "no answer";
  /** What was wrong with the answer, if anything. */
  fault?: string;
}

const isProblem = (res: Response) =>
  res.headers.get("content-type")?.startsWith("application/problem+json") ?? false;

/** What is wrong with a function's answer, or undefined when it is one of the allowed ones. */
async function checkFunctionAnswer(res: Response): Promise<string | undefined> {
  const body = await res.text();
  if (res.ok) return undefined;
  if (!isProblem(res)) return `${res.status} is not problem+json: ${body.slice(0, 200)}`;
  if (res.status >= 400 && res.status < 500) return undefined;
  if (res.status === 503) {
    if (JSON.parse(body).code !== "service_unavailable") return `503 with ${body.slice(0, 200)}`;
    if (!res.headers.get("retry-after")) return "503 without Retry-After";
    return undefined;
  }
  return `${res.status}: ${body.slice(0, 200)}`;
}

async function checkHealthAnswer(res: Response): Promise<string | undefined> {
  const body = await res.json().catch(() => undefined);
  if (res.status === 200 && body?.status === "ok") return undefined;
  if (res.status === 503 && body?.status === "degraded") return undefined;
  return `health ${res.status}: ${JSON.stringify(body)}`;
}

/** GoTrue answers errors as JSON with `code`/`error_code` and `msg`. */
async function checkAuthAnswer(res: Response): Promise<string | undefined> {
  const body = await res.json().catch(() => undefined);
  if (!body) return `sign-in ${res.status} without a JSON body`;
  if (res.ok || (res.status >= 400 && res.status < 500)) return undefined;
  if (res.status === 503 && (body.error_code || body.code)) return undefined;
  return `sign-in ${res.status}: ${JSON.stringify(body)}`;
}

/** One request of the mix; `n` picks which. */
function request(n: number, url: string, anonKey: string, user: User) {
  const headers = {
    apikey: anonKey,
    Authorization: `Bearer ${user.accessToken}`,
    "Content-Type": "application/json",
  };
  const kinds = [
    ...FUNCTIONS.map((fn) => ({
      kind: fn,
      check: (res: Response) => checkFunctionAnswer(res),
      send: (signal: AbortSignal) =>
        fetch(`${url}/functions/v1/${fn}${FUNCTION_CALLS[fn].path ?? ""}`, {
          method: FUNCTION_CALLS[fn].method,
          headers: { ...headers, "Cache-Control": "no-cache" },
          body: FUNCTION_CALLS[fn].body === undefined
            ? undefined
            : JSON.stringify(FUNCTION_CALLS[fn].body),
          signal,
        }),
    })),
    {
      kind: "health",
      check: checkHealthAnswer,
      send: (signal: AbortSignal) =>
        fetch(`${url}/functions/v1/${FUNCTIONS[n % FUNCTIONS.length]}/health`, { signal }),
    },
    {
      kind: "sign-in",
      check: checkAuthAnswer,
      send: (signal: AbortSignal) =>
        fetch(`${url}/auth/v1/token?grant_type=password`, {
          method: "POST",
          headers: { apikey: anonKey, "Content-Type": "application/json" },
          body: JSON.stringify({ email: user.email, password: PASSWORD }),
          signal,
        }),
    },
  ];
  return kinds[n % kinds.length];
}

Deno.test("the stack survives Postgres restarts and a 10 s stop under load", async () => {
  const dataDir = join(ROOT, ".local", `faults-db-${Deno.pid}`);
  const stack = await spawnStack(dataDir);
  const began = performance.now();
  const now = () => Math.round(performance.now() - began);
  try {
    const { url, anonKey } = stack.settings;
    const users: User[] = [];
    for (let i = 0; i < USERS; i++) {
      const client = createClient(url, anonKey, {
        auth: { persistSession: false, autoRefreshToken: false },
      });
      const email = `fault-${i}-${crypto.randomUUID().slice(0, 8)}@example.test`;
      const { data, error } = await client.auth.signUp({ email, password: PASSWORD });
      if (error || !data.session) throw error ?? new Error("signUp returned no session");
      users.push({ email, accessToken: data.session.access_token });
    }

    const outcomes: Outcome[] = [];
    let loading = true;
    const loop = async (id: number) => {
      for (let n = id; loading; n += LOOPS) {
        const { kind, send, check } = request(n, url, anonKey, users[n % USERS]);
        const sentAt = now();
        try {
          const res = await send(AbortSignal.timeout(ANSWER_WITHIN_MS));
          const fault = await check(res);
          outcomes.push({ kind, sentAt, answeredAt: now(), status: res.status, fault });
        } catch (error) {
          const answeredAt = now();
          outcomes.push({ kind, sentAt, answeredAt, status: "no answer", fault: String(error) });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const loops = Array.from({ length: LOOPS }, (_, id) => loop(id));

    // The database's outages: when each began and when it was back (pg_ctl -w returned).
    const outages: Array<{ what: string; from: number; back: number }> = [];
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(4000);
    for (const what of ["restart 1", "restart 2"]) {
      const from = now();
      await restartCluster(dataDir);
      outages.push({ what, from, back: now() });
      await pause(6000);
    }
    const from = now();
    await stopCluster(dataDir);
    await pause(10_000);
    await restartCluster(dataDir); // starts the stopped cluster with its original options
    outages.push({ what: "stop 10 s", from, back: now() });
    await pause(RECOVERED_WITHIN_MS + 5000);
    loading = false;
    await Promise.all(loops);

    // The report: counts by kind and status.
    const counts = new Map<string, number>();
    for (const o of outcomes) {
      const key = `${o.kind} ${o.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    console.log(`\n${outcomes.length} requests; outages (ms since start):`, outages);
    for (const [key, count] of [...counts].sort()) console.log(`  ${key.padEnd(28)} ${count}`);

    assert.equal(stack.exit(), undefined, `the stack process died:\n${stack.stderr()}`);
    const faults = outcomes.filter((o) => o.fault);
    assert.deepEqual(faults.slice(0, 10), [], `${faults.length} bad answers`);
    // Recovery: a request sent more than RECOVERED_WITHIN_MS after the database came back,
    // and answered before the next outage began, gets no 5xx.
    const late = outcomes.filter((o) =>
      outages.some((outage, i) =>
        o.sentAt > outage.back + RECOVERED_WITHIN_MS &&
        o.answeredAt < (outages[i + 1]?.from ?? Infinity)
      ) && typeof o.status === "number" && o.status >= 500
    );
    assert.deepEqual(late.slice(0, 10), [], `${late.length} failures after recovery`);
    // And it did recover: each kind of request succeeded after the last outage.
    const last = outages[outages.length - 1].back;
    for (const kind of [...FUNCTIONS, "health", "sign-in"]) {
      assert.ok(
        outcomes.some((o) => o.kind === kind && o.sentAt > last && o.status === 200),
        `no 200 for ${kind} after the database came back`,
      );
    }
  } finally {
    stack.child.kill("SIGTERM");
    const stopped = await Promise.race([stack.exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (!stopped) stack.child.kill("SIGKILL");
    await stack.exited;
    // If the stack died, its cluster is still running: stop it here.
    await stopCluster(dataDir);
    const real = await usableDataDir(dataDir);
    for (const path of [real, `${real}.owner`]) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
});
