/**
 * The HTTP broadcast endpoints supabase-js uses, delivered to websocket subscribers like any
 * broadcast: send() on an unjoined channel (POST /api/broadcast) and httpSend() (POST
 * /api/broadcast/<topic>/events/<event>), JSON and binary; a private httpSend needs the
 * insert policy (clients have none in this product; the service role bypasses RLS).
 */
import assert from "node:assert/strict";
import { closeAll, collect, joined, realtimeClient } from "./_realtime.ts";
import { signUpUser, stackEnv } from "./_stack.ts";

Deno.test("realtime http: send() on an unjoined channel and httpSend() reach the subscribers", async () => {
  const listener = realtimeClient();
  const sender = realtimeClient();
  const topic = `http-${crypto.randomUUID()}`;
  try {
    const channel = listener.channel(topic);
    const hears = collect(channel, "*");
    await joined(channel);
    const unjoined = sender.channel(topic);
    const warn = console.warn;
    console.warn = () => {}; // realtime-js warns that the REST fallback is deprecated
    try {
      assert.equal(
        await unjoined.send({ type: "broadcast", event: "batch", payload: { n: 1 } }),
        "ok",
      );
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(await unjoined.httpSend("single", { n: 2 }), { success: true });
    assert.deepEqual(
      await unjoined.httpSend("bytes", new Uint8Array([7, 8, 9])),
      { success: true },
    );
    await hears.until(3);
    assert.deepEqual(hears.heard.slice(0, 2), [
      { type: "broadcast", event: "batch", payload: { n: 1 } },
      { type: "broadcast", event: "single", payload: { n: 2 } },
    ]);
    const bytes = hears.heard[2].payload;
    assert.ok(bytes instanceof ArrayBuffer);
    assert.deepEqual([...new Uint8Array(bytes)], [7, 8, 9]);
  } finally {
    await closeAll(listener, sender);
  }
});

Deno.test("realtime http: a private httpSend needs the insert policy; the service role may", async () => {
  const owner = await signUpUser("rt-http");
  const ownerClient = realtimeClient({ token: owner.accessToken });
  const service = realtimeClient({ token: stackEnv().serviceRoleKey });
  const topic = `samples:${owner.id}`;
  try {
    const channel = ownerClient.channel(topic, { config: { private: true } });
    const hears = collect(channel, "*");
    await joined(channel);
    const asOwner = ownerClient.channel(topic, { config: { private: true } });
    await assert.rejects(
      asOwner.httpSend("forged", { n: 1 }),
      /permissions to write to this Channel topic/,
    );
    await service.realtime.setAuth();
    const asService = service.channel(topic, { config: { private: true } });
    assert.deepEqual(await asService.httpSend("announce", { n: 2 }), { success: true });
    await hears.until(1);
    assert.deepEqual(hears.heard, [{ type: "broadcast", event: "announce", payload: { n: 2 } }]);
  } finally {
    await closeAll(ownerClient, service);
  }
});

Deno.test("realtime http: a forged token, broken JSON and a huge body are refused", async () => {
  const { url, anonKey } = stackEnv();
  const endpoint = `${url}/realtime/v1/api/broadcast`;
  const post = (body: BodyInit, token = anonKey) =>
    fetch(endpoint, {
      method: "POST",
      headers: {
        apikey: anonKey,
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
      body,
    });
  const forged = anonKey.slice(0, -4) + "AAAA";
  const refusals = [
    await post(JSON.stringify({ messages: [] }), forged),
    await post("{not json"),
    await post(JSON.stringify({ messages: "no" })),
    await post(new Uint8Array(4 * 1024 * 1024)),
  ];
  assert.deepEqual(refusals.map((r) => r.status), [401, 400, 400, 413]);
  for (const response of refusals) await response.body?.cancel();
});
