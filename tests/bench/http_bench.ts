/**
 * End-to-end analyzer calls over real HTTP with the genuine supabase-js client: a
 * 10,000-sample list computed fresh (`Cache-Control: no-cache`) and then served cached.
 * Prints milliseconds per call; asserts nothing about time.
 */
import { createClient } from "@supabase/supabase-js";

async function timed(label: string, runs: number, once: () => Promise<unknown>) {
  await once(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${label.padEnd(52)} median ${median.toFixed(1).padStart(7)} ms  max ${
      times[times.length - 1].toFixed(1).padStart(7)
    } ms`,
  );
}

export async function benchAnalyzersOverHttp(url: string, anonKey: string): Promise<void> {
  const client = createClient(url, anonKey, { auth: { persistSession: false } });
  const email = `bench-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const { error } = await client.auth.signUp({ email, password: "bench-password-1" });
  if (error) throw error;
  const statuses = ["requested", "in_transit", "awaiting", "on_set", "shot", "returned"];
  const sampleList = Array.from({ length: 10_000 }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `Sample ${i}`,
    category: `category-${i % 12}`,
    status: statuses[i % statuses.length],
    isHero: i % 25 === 0,
    expectedAt: new Date(Date.UTC(2030, 0, 1 + (i % 20))).toISOString(),
    shootDate: "2030-01-10",
  }));
  const call = (headers: Record<string, string>) => async () => {
    const { error } = await client.functions.invoke("logistics-analyzer", {
      body: { sampleList },
      headers,
    });
    if (error) throw error;
  };
  const bytes = new TextEncoder().encode(JSON.stringify({ sampleList })).length;
  console.log(
    `\nlogistics-analyzer over HTTP, 10,000 samples (${(bytes / 1e6).toFixed(1)} MB body)`,
  );
  await timed("computed (Cache-Control: no-cache)", 10, call({ "Cache-Control": "no-cache" }));
  await timed("served from the cache", 10, call({}));
}
