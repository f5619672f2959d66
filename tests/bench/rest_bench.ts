/**
 * REST `select` of 25 rows under RLS (issue 9): a signed-in user's own 25 samples through
 * `/rest/v1`, beside the `asUser` floor (the same transaction set-up and a `select 1` from this
 * process, no HTTP). `restSelectAttempt` plugs into the bench runner's load loops;
 * `benchRestSelect` measures both itself and prints the ratio.
 *   deno run -A tests/bench/rest_bench.ts   (against SUPABASE_URL etc., e.g. `npm start`'s)
 */
import { createClient } from "@supabase/supabase-js";
import type { UserClaims } from "../../supabase/functions/_shared/auth.ts";
import { asUser, closePools, pool } from "../../supabase/functions/_shared/db.ts";

export interface RestBenchStack {
  url: string;
  anonKey: string;
  dbUrl: string;
}

/** One measured request: the bench runner's `Attempt` shape. */
export type RestAttempt = () => Promise<{ status: number | "failed"; ok: boolean }>;

export const REST_SELECT_ROWS = 25;

/**
 * Signs up a user, gives them 25 samples, and returns the request the bench repeats:
 * `GET /rest/v1/samples?select=*&limit=25` with their token (RLS filters on `owner_id`), and
 * their claims for the `asUser` floor.
 */
export async function restSelectAttempt(
  stack: RestBenchStack,
): Promise<{ name: string; attempt: RestAttempt; claims: UserClaims }> {
  const client = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const email = `rest-bench-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const { data, error } = await client.auth.signUp({ email, password: "rest-bench-password" });
  if (error || !data.session) throw error ?? new Error("signUp returned no session");
  const rows = Array.from({ length: REST_SELECT_ROWS }, (_, i) => ({
    name: `Bench sample ${i}`,
    category: i % 2 ? "outerwear" : "shoes",
  }));
  const inserted = await client.from("samples").insert(rows);
  if (inserted.error) throw inserted.error;
  const token = data.session.access_token;
  const url = `${stack.url}/rest/v1/samples?select=*&limit=${REST_SELECT_ROWS}`;
  const headers = { apikey: stack.anonKey, authorization: `Bearer ${token}` };
  const attempt: RestAttempt = async () => {
    try {
      const response = await fetch(url, { headers });
      const body = await response.json();
      return {
        status: response.status,
        ok: response.ok && Array.isArray(body) && body.length === REST_SELECT_ROWS,
      };
    } catch {
      return { status: "failed", ok: false };
    }
  };
  const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  return { name: `REST select ${REST_SELECT_ROWS} rows (RLS)`, attempt, claims };
}

export interface RestBenchFigures {
  connections: number;
  rest: { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number };
  asUserFloor: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
  /** REST over the floor: requests/s (below 1: slower) and p99 (above 1: slower). */
  ratio: { requestsPerSecond: number; p99: number };
}

async function loops(
  connections: number,
  durationMs: number,
  once: () => Promise<boolean>,
): Promise<{ requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const warmupEnd = performance.now() + 300;
  while (performance.now() < warmupEnd) await once();
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      if (!(await once())) errors++;
      latencies.push(performance.now() - t);
    }
  }));
  const elapsed = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requestsPerSecond: Math.round(latencies.length / (elapsed / 1000)),
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    errors,
  };
}

/** Measures the REST select and the `asUser` floor at `connections`, one after the other. */
export async function benchRestSelect(
  stack: RestBenchStack,
  options: { connections?: number; durationMs?: number } = {},
): Promise<RestBenchFigures> {
  const connections = options.connections ?? 16;
  const durationMs = options.durationMs ?? 3000;
  const { attempt, claims } = await restSelectAttempt(stack);
  const rest = await loops(connections, durationMs, async () => (await attempt()).ok);
  const sql = pool(stack.dbUrl);
  try {
    const floor = await loops(connections, durationMs, async () => {
      await asUser(sql, claims, (tx) => tx`select 1`);
      return true;
    });
    return {
      connections,
      rest,
      asUserFloor: {
        requestsPerSecond: floor.requestsPerSecond,
        p50Ms: floor.p50Ms,
        p99Ms: floor.p99Ms,
      },
      ratio: {
        requestsPerSecond: Math.round((rest.requestsPerSecond / floor.requestsPerSecond) * 100) /
          100,
        p99: Math.round((rest.p99Ms / floor.p99Ms) * 100) / 100,
      },
    };
  } finally {
    await closePools();
  }
}

if (import.meta.main) {
  const env = (name: string) => {
    const value = Deno.env.get(name);
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const figures = await benchRestSelect({
    url: env("SUPABASE_URL"),
    anonKey: env("SUPABASE_ANON_KEY"),
    dbUrl: env("SUPABASE_DB_URL"),
  });
  console.log(JSON.stringify(figures, null, 2));
}
