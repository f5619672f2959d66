/**
 * A clean shutdown loses no bookkeeping: analytics rows are written in batches after the
 * answers, and the stack's stop (SIGTERM, what a supervisor sends) writes what still waits
 * before it closes the pools. The stack runs in a process of its own with its own cluster;
 * after it has exited, the cluster is started again and the rows are counted.
 */
import assert from "node:assert/strict";
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { ROOT, startCluster, usableDataDir } from "../../local/cluster.ts";
import { join } from "../../local/paths.ts";
import { freePort } from "../../local/stack.ts";
import { spawnStack } from "./_spawn_stack.ts";

const REQUESTS = 30;

Deno.test("SIGTERM writes every queued analytics row before the stack exits", async () => {
  const dataDir = await usableDataDir(join(ROOT, ".local", `faults-bookkeeping-${Deno.pid}`));
  await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  const { child, settings } = await spawnStack(dataDir);
  try {
    const client = createClient(settings.url, settings.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const { data, error } = await client.auth.signUp({
      email: `shutdown-${crypto.randomUUID().slice(0, 8)}@example.test`,
      password: "correct-horse-battery",
    });
    if (error || !data.user) throw error ?? new Error("no user");
    // One at a time (a user may have only a few requests in flight). The rows of the last
    // ones are surely still queued when SIGTERM follows the last answer at once.
    for (let i = 0; i < REQUESTS; i++) {
      const { error } = await client.functions.invoke("logistics-analyzer", {
        body: { sampleList: [{ id: `s${i}`, name: "Gown", category: "dresses", status: "shot" }] },
      });
      assert.equal(error, null);
    }
    child.kill("SIGTERM");
    assert.equal((await child.status).code, 0, "a clean stop");

    const cluster = await startCluster({ dataDir, port: freePort(), ephemeral: true });
    const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      const [{ count }] = await sql`select count(*)::int from public.analytics_events
        where user_id = ${data.user.id} and event_type = 'insight_calculated'`;
      assert.equal(count, REQUESTS);
    } finally {
      await sql.end();
      await cluster.stop();
    }
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await child.status;
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});
