/**
 * The socket under hostile or heavy use, spoken raw (vsn 2.0.0 frames) where supabase-js
 * would never send such things: frames that are not JSON, unknown events, binary garbage and
 * a join for 1,000 topics get an error reply or a close, never a crash of the process; 500
 * sockets on one topic all receive a broadcast.
 */
import assert from "node:assert/strict";
import { within } from "./_realtime.ts";
import { stackEnv } from "./_stack.ts";

type Reply = [string | null, string | null, string, string, Record<string, unknown>];

/** A raw socket: `next(ref)` resolves with the frame answering `ref`; `closed` with the code. */
async function rawSocket() {
  const { url, anonKey } = stackEnv();
  const ws = new WebSocket(
    `${url.replace("http", "ws")}/realtime/v1/websocket?apikey=${anonKey}&vsn=2.0.0`,
  );
  ws.binaryType = "arraybuffer";
  const replies = new Map<string, (frame: Reply) => void>();
  const frames: Reply[] = [];
  ws.onmessage = (event) => {
    if (typeof event.data !== "string") return;
    const frame = JSON.parse(event.data) as Reply;
    frames.push(frame);
    if (frame[1] !== null) replies.get(frame[1])?.(frame);
  };
  const closed = new Promise<number>((resolve) => ws.onclose = (event) => resolve(event.code));
  await within(new Promise((resolve) => ws.onopen = resolve), "the socket to open");
  let ref = 0;
  return {
    ws,
    frames,
    closed,
    push(topic: string, event: string, payload: unknown): Promise<Reply> {
      const r = String(++ref);
      const answered = new Promise<Reply>((resolve) => replies.set(r, resolve));
      ws.send(JSON.stringify([event === "phx_join" ? r : null, r, topic, event, payload]));
      return within(answered, `a reply to ${event}`);
    },
  };
}

const JOIN = ["phx_join", { config: { broadcast: { self: false } } }] as const;

async function heartbeatAnswered(): Promise<void> {
  const probe = await rawSocket();
  const [, , , event, payload] = await probe.push("phoenix", "heartbeat", {});
  assert.equal(event, "phx_reply");
  assert.equal(payload.status, "ok");
  probe.ws.close();
  await probe.closed;
}

Deno.test("realtime hostile: text that is not a frame, and binary garbage, close that socket only", async () => {
  for (
    const garbage of [
      "not json",
      "[1,2]",
      '{"a":1}',
      new Uint8Array([9, 9, 9]),
      new Uint8Array([3, 200, 0, 0, 0, 0, 1]),
    ]
  ) {
    const socket = await rawSocket();
    socket.ws.send(garbage);
    assert.equal(await within(socket.closed, "a close"), 1003);
    await heartbeatAnswered();
  }
});

Deno.test("realtime hostile: unknown events and unjoined topics get an error reply", async () => {
  const socket = await rawSocket();
  try {
    const topic = `realtime:hostile-${crypto.randomUUID()}`;
    const unjoined = await socket.push(topic, "broadcast", {
      type: "broadcast",
      event: "x",
      payload: {},
    });
    assert.deepEqual(unjoined[4], { status: "error", response: { reason: "unmatched topic" } });
    assert.equal((await socket.push(topic, ...JOIN))[4].status, "ok");
    const unknown = await socket.push(topic, "made_up", {});
    assert.equal(unknown[4].status, "error");
    const notRealtime = await socket.push("elsewhere", ...JOIN);
    assert.equal(notRealtime[4].status, "error");
  } finally {
    socket.ws.close();
    await socket.closed;
  }
});

Deno.test("realtime hostile: a join for 1,000 topics is refused past the channel limit; the socket lives", async () => {
  const socket = await rawSocket();
  try {
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const topic = `realtime:many-${i}-${crypto.randomUUID()}`;
        return socket.push(topic, ...JOIN);
      }),
    );
    const statuses = replies.map((r) => r[4].status);
    assert.equal(statuses.filter((s) => s === "ok").length, 100);
    const refused = replies.find((r) => r[4].status === "error")!;
    assert.deepEqual(refused[4].response, { reason: "ChannelRateLimitReached: Too many channels" });
    const [, , , , heartbeat] = await socket.push("phoenix", "heartbeat", {});
    assert.equal(heartbeat.status, "ok");
  } finally {
    socket.ws.close();
    await socket.closed;
  }
});

Deno.test("realtime: 500 sockets on one topic all receive a broadcast", async () => {
  const topic = `crowd-${crypto.randomUUID()}`;
  const sockets = [];
  for (let i = 0; i < 500; i++) sockets.push(await rawSocket());
  try {
    await Promise.all(sockets.map(async (s) => {
      assert.equal((await s.push(`realtime:${topic}`, ...JOIN))[4].status, "ok");
    }));
    const received = sockets.map((s) =>
      within(
        new Promise<void>((resolve) => {
          const previous = s.ws.onmessage!;
          s.ws.onmessage = (event) => {
            previous.call(s.ws, event);
            if (typeof event.data === "string" && event.data.includes('"crowd"')) resolve();
          };
        }),
        "the crowd broadcast",
      )
    );
    const { url, anonKey } = stackEnv();
    const response = await fetch(`${url}/realtime/v1/api/broadcast/${topic}/events/crowd`, {
      method: "POST",
      headers: { apikey: anonKey, "content-type": "application/json" },
      body: JSON.stringify({ hello: "everyone" }),
    });
    assert.equal(response.status, 202);
    await response.body?.cancel();
    await Promise.all(received);
  } finally {
    for (const s of sockets) s.ws.close();
    await Promise.all(sockets.map((s) => s.closed));
  }
});
