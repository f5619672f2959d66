/**
 * A client that stops reading does not stall the others: its socket's send buffer is bounded,
 * and past the bound the server drops that socket (close 1013) while everyone else on the
 * topic keeps receiving. The slow client is a raw TCP websocket that joins and then reads
 * nothing until the end.
 */
import assert from "node:assert/strict";
import { closeAll, collect, joined, realtimeClient, within } from "./_realtime.ts";
import { stackEnv } from "./_stack.ts";

/** A masked client text frame (RFC 6455 5.2). */
function clientFrame(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const header = payload.length < 126
    ? [0x81, 0x80 | payload.length]
    : [0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff];
  const frame = new Uint8Array(header.length + 4 + payload.length);
  frame.set(header);
  frame.set(mask, header.length);
  payload.forEach((b, i) => frame[header.length + 4 + i] = b ^ mask[i % 4]);
  return frame;
}

/** Reads past the HTTP 101 response, then server frames until a close; returns its code. */
async function readUntilClose(conn: Deno.Conn): Promise<number> {
  let buffer = new Uint8Array(0);
  let upgraded = false;
  const chunk = new Uint8Array(1 << 16);
  for (;;) {
    if (!upgraded) {
      const end = new TextDecoder("latin1").decode(buffer).indexOf("\r\n\r\n");
      if (end >= 0) {
        buffer = buffer.slice(end + 4);
        upgraded = true;
      }
    }
    // Parse as many whole frames as the buffer holds.
    while (upgraded) {
      if (buffer.length < 2) break;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) break;
        length = (buffer[2] << 8) | buffer[3];
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) break;
        length = Number(new DataView(buffer.buffer, buffer.byteOffset + 2, 8).getBigUint64(0));
        offset = 10;
      }
      if (buffer.length < offset + length) break;
      if ((buffer[0] & 0x0f) === 0x8) return (buffer[offset] << 8) | buffer[offset + 1];
      buffer = buffer.slice(offset + length);
    }
    const n = await conn.read(chunk);
    if (n === null) return -1;
    const next = new Uint8Array(buffer.length + n);
    next.set(buffer);
    next.set(chunk.subarray(0, n), buffer.length);
    buffer = next;
  }
}

Deno.test("realtime: a client that stops reading is dropped; the others keep receiving", async () => {
  const { url, anonKey } = stackEnv();
  const topic = `slow-${crypto.randomUUID()}`;
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const fast = realtimeClient();
  try {
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    await conn.write(new TextEncoder().encode(
      `GET /realtime/v1/websocket?apikey=${anonKey}&vsn=2.0.0 HTTP/1.1\r\nHost: ${hostname}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
        `Sec-WebSocket-Version: 13\r\n\r\n`,
    ));
    await conn.write(clientFrame(JSON.stringify(["1", "1", `realtime:${topic}`, "phx_join", {
      config: {},
    }])));
    // From here the slow client reads nothing.

    const channel = fast.channel(topic);
    const hears = collect(channel, "big");
    await joined(channel);
    const payload = { blob: "x".repeat(1024 * 1024) };
    const count = 24;
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${url}/realtime/v1/api/broadcast/${topic}/events/big`, {
        method: "POST",
        headers: { apikey: anonKey, "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
      assert.equal(response.status, 202);
      await response.body?.cancel();
    }
    await hears.until(count);
    assert.equal(hears.heard.length, count);

    // The slow client's stream ends with the server's close: dropped, not waited for.
    const code = await within(readUntilClose(conn), "the slow client's close frame", 30_000);
    assert.equal(code, 1013);
  } finally {
    await closeAll(fast);
    try {
      conn.close();
    } catch {
      // closed by the server
    }
  }
});
