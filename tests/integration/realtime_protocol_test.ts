/**
 * The websocket protocol with the genuine supabase-js client, under both serializers it can
 * choose: heartbeats answered, public broadcast between two clients with `self` and `ack`,
 * binary payloads delivered as ArrayBuffers, leave.
 */
import assert from "node:assert/strict";
import { closeAll, collect, joined, realtimeClient, type Vsn } from "./_realtime.ts";

for (const vsn of ["1.0.0", "2.0.0"] as Vsn[]) {
  Deno.test(`realtime ${vsn}: a heartbeat is answered with its ref`, async () => {
    const client = realtimeClient({ vsn, heartbeatIntervalMs: 100 });
    const statuses: string[] = [];
    const ok = new Promise<void>((resolve) => {
      client.realtime.onHeartbeat((status) => {
        statuses.push(status);
        if (status === "ok") resolve();
      });
    });
    try {
      await joined(client.channel(`hb-${crypto.randomUUID()}`));
      await ok;
      assert.ok(!statuses.includes("timeout"), statuses.join());
    } finally {
      await closeAll(client);
    }
  });

  Deno.test(`realtime ${vsn}: broadcast reaches the other client, and the sender only with self`, async () => {
    const alice = realtimeClient({ vsn });
    const bob = realtimeClient({ vsn });
    const topic = `room-${crypto.randomUUID()}`;
    try {
      const aliceChannel = alice.channel(topic, {
        config: { broadcast: { self: false, ack: true } },
      });
      const aliceHears = collect(aliceChannel, "greet");
      const bobChannel = bob.channel(topic, { config: { broadcast: { self: true } } });
      const bobHears = collect(bobChannel, "greet");
      await joined(aliceChannel);
      await joined(bobChannel);

      const acked = await aliceChannel.send({
        type: "broadcast",
        event: "greet",
        payload: { from: "alice", n: 1 },
      });
      assert.deepEqual(acked, "ok", "ack: the server confirms the send");
      await bobHears.until(1);
      assert.deepEqual(bobHears.heard[0], {
        type: "broadcast",
        event: "greet",
        payload: { from: "alice", n: 1 },
      });

      await bobChannel.send({ type: "broadcast", event: "greet", payload: { from: "bob" } });
      await aliceHears.until(1);
      await bobHears.until(2); // self: true
      assert.deepEqual(bobHears.heard[1].payload, { from: "bob" });
      assert.equal(aliceHears.heard.length, 1, "self: false: alice never hears her own message");
      assert.deepEqual(aliceHears.heard[0].payload, { from: "bob" });
    } finally {
      await closeAll(alice, bob);
    }
  });
}

Deno.test("realtime 2.0.0: a binary payload arrives as an ArrayBuffer with the same bytes", async () => {
  const alice = realtimeClient();
  const bob = realtimeClient();
  const topic = `bytes-${crypto.randomUUID()}`;
  try {
    const aliceChannel = alice.channel(topic, { config: { broadcast: { ack: true } } });
    const bobChannel = bob.channel(topic);
    const bobHears = collect(bobChannel, "blob");
    await joined(aliceChannel);
    await joined(bobChannel);
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    assert.deepEqual(
      await aliceChannel.send({ type: "broadcast", event: "blob", payload: bytes.buffer }),
      "ok",
    );
    await bobHears.until(1);
    const payload = bobHears.heard[0].payload;
    assert.ok(payload instanceof ArrayBuffer, `expected an ArrayBuffer, got ${typeof payload}`);
    assert.deepEqual([...new Uint8Array(payload)], [...bytes]);
  } finally {
    await closeAll(alice, bob);
  }
});

Deno.test("realtime: after unsubscribe a client hears nothing more on the topic", async () => {
  const alice = realtimeClient();
  const bob = realtimeClient();
  const topic = `leave-${crypto.randomUUID()}`;
  try {
    const aliceChannel = alice.channel(topic, { config: { broadcast: { ack: true, self: true } } });
    const aliceHears = collect(aliceChannel, "*");
    const bobChannel = bob.channel(topic);
    const bobHears = collect(bobChannel, "*");
    await joined(aliceChannel);
    await joined(bobChannel);
    assert.deepEqual(await bobChannel.unsubscribe(), "ok");
    await aliceChannel.send({ type: "broadcast", event: "after", payload: {} });
    await aliceHears.until(1); // delivered to alice (self), so the fan-out has happened
    assert.equal(bobHears.heard.length, 0);
  } finally {
    await closeAll(alice, bob);
  }
});
