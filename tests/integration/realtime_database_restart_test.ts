/**
 * Realtime across a database outage, on a stack of its own: Postgres is stopped and started
 * from outside with `pg_ctl` (as a managed database's maintenance does); the listener reconnects by
 * itself, so database broadcasts committed afterwards reach the still-open channel without a
 * stack restart.
 */
import assert from "node:assert/strict";
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { restartCluster, stopCluster } from "../../local/cluster.ts";
import { startTestStack } from "../../local/stack.ts";
import { closeAll, collect, delay, joined, within } from "./_realtime.ts";

Deno.test("realtime: after a database outage, later database broadcasts still arrive", async () => {
  const stack = await startTestStack("realtime-restart");
  const { dataDir } = stack;
  const client = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { logger: () => {} },
  });
  const topic = `restart-${crypto.randomUUID()}`;
  try {
    const channel = client.channel(topic);
    const hears = collect(channel, "*");
    await joined(channel);
    const send = async (event: string) => {
      const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
      try {
        await sql`select realtime.send('{}'::jsonb, ${event}, ${topic}, false)`;
      } finally {
        await sql.end();
      }
    };
    await send("before");
    await hears.until(1);

    // Down for a while, as in maintenance: longer than postgres.js's own one re-LISTEN try.
    await stopCluster(dataDir);
    await delay(3000);
    await restartCluster(dataDir);
    // Sent until one arrives: the listener notices the restart and reconnects on its own.
    const arrived = hears.until(2);
    let stop = false;
    const sending = (async () => {
      for (let i = 0; !stop; i++) {
        await send(`after-${i}`).catch(() => {});
        await delay(250);
      }
    })();
    await within(arrived, "a broadcast after the restart", 20_000);
    stop = true;
    await sending;
    assert.equal(hears.heard[0].event, "before");
    assert.match(String(hears.heard[1].event), /^after-\d+$/);
  } finally {
    await closeAll(client);
    await stack.stop();
  }
});
