/**
 * Realtime (issue 9): commit -> supabase-js callback latency of a database broadcast on
 * private channels, with 1 and with 200 subscribers, each on a topic of its own
 * (`samples:<uid>`, authorized by the product's RLS policy once per join). Each message is a
 * `realtime.send(...)` in its own autocommitted statement; the clock runs from sending that
 * statement (insert and commit included) to the listener's callback in this process.
 * `benchRealtimeLatency` returns the figures; run alone it prints them:
 *   deno run -A tests/bench/realtime_bench.ts   (against SUPABASE_URL etc., e.g. `npm start`'s)
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import postgres from "postgres";
import { LOCAL_JWT_SECRET } from "../../local/keys.ts";

export interface RealtimeBenchStack {
  url: string;
  anonKey: string;
  dbUrl: string;
  /** The project's JWT secret (the local stack's by default). */
  jwtSecret?: string;
}

export interface RealtimeLatency {
  subscribers: number;
  messages: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Time to join all subscribers' private channels (one authorization each). */
  joinAllMs: number;
}

/**
 * Joins `subscribers` clients to private `samples:<uid>` channels (tokens minted with the
 * project secret for random users, as Auth would sign them), then sends `messages` database
 * broadcasts round-robin over the topics, one at a time, and times each to its callback.
 */
export async function benchRealtimeLatency(
  stack: RealtimeBenchStack,
  options: { subscribers: number; messages?: number },
): Promise<RealtimeLatency> {
  const messages = options.messages ?? 1000;
  const secret = new TextEncoder().encode(stack.jwtSecret ?? LOCAL_JWT_SECRET);
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  const clients: SupabaseClient[] = [];
  const pending = new Map<string, (at: number) => void>();
  try {
    const joinStart = performance.now();
    const topics = await Promise.all(Array.from({ length: options.subscribers }, async () => {
      const uid = crypto.randomUUID();
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ sub: uid, role: "authenticated", aud: "authenticated" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(secret);
      const client = createClient(stack.url, stack.anonKey, {
        accessToken: () => Promise.resolve(token),
        realtime: { logger: () => {} },
      });
      clients.push(client);
      const topic = `samples:${uid}`;
      const channel = client.channel(topic, { config: { private: true } });
      channel.on("broadcast", { event: "bench" }, ({ payload }) => {
        const at = performance.now();
        pending.get((payload as { n: string }).n)?.(at);
      });
      await client.realtime.setAuth();
      await new Promise<void>((resolve, reject) =>
        channel.subscribe((status, error) => {
          if (status === "SUBSCRIBED") resolve();
          else reject(new Error(`${topic}: ${status} ${error?.message ?? ""}`));
        })
      );
      return topic;
    }));
    const joinAllMs = performance.now() - joinStart;

    const latencies: number[] = [];
    for (let i = 0; i < messages + 50; i++) {
      const n = String(i);
      const heard = new Promise<number>((resolve) => pending.set(n, resolve));
      const sent = performance.now();
      await sql`select realtime.send(${sql.json({ n })}, 'bench', ${
        topics[i % topics.length]
      }, true)`;
      const at = await heard;
      pending.delete(n);
      if (i >= 50) latencies.push(at - sent); // the first 50 warm up
    }
    latencies.sort((a, b) => a - b);
    const at = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      subscribers: options.subscribers,
      messages,
      p50Ms: round(at(0.5)),
      p99Ms: round(at(0.99)),
      maxMs: round(latencies[latencies.length - 1]),
      joinAllMs: Math.round(joinAllMs),
    };
  } finally {
    for (const client of clients) {
      await client.removeAllChannels();
      client.realtime.disconnect();
    }
    await sql.end();
  }
}

if (import.meta.main) {
  const need = (name: string) => {
    const value = Deno.env.get(name);
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const stack = {
    url: need("SUPABASE_URL"),
    anonKey: need("SUPABASE_ANON_KEY"),
    dbUrl: need("SUPABASE_DB_URL"),
    jwtSecret: Deno.env.get("SUPABASE_JWT_SECRET"),
  };
  console.log("| subscribers | messages | p50 ms | p99 ms | max ms | join all ms |");
  console.log("| --: | --: | --: | --: | --: | --: |");
  for (const subscribers of [1, 200]) {
    const r = await benchRealtimeLatency(stack, { subscribers });
    console.log(
      `| ${r.subscribers} | ${r.messages} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.joinAllMs} |`,
    );
  }
}
