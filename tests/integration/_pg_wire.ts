/**
 * A TCP proxy in front of Postgres that reads what clients send (the frontend protocol's
 * messages) and counts it, so a test can say how many transactions a request started and
 * whether any query waited on a describe: postgres.js sends Flush ('H') only when it describes
 * a statement and waits for the answer before binding it.
 */
export interface WireCounts {
  /** Simple-protocol messages that begin a transaction. */
  transactions: number;
  /** Flush messages: describe round trips. */
  describes: number;
  /** Every statement text sent (simple queries and Parse messages), in order. */
  statements: string[];
}

export interface WireProxy {
  url: string;
  counts: WireCounts;
  reset(): void;
  close(): void;
}

const decoder = new TextDecoder();

/** Counts the messages in `bytes` (after the startup message) into `counts`. */
function countMessages(bytes: Uint8Array, counts: WireCounts) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[0]);
  const length = view.getInt32(1);
  const body = bytes.subarray(5, 1 + length);
  if (type === "Q") {
    const text = decoder.decode(body.subarray(0, body.indexOf(0)));
    counts.statements.push(text);
    if (/^\s*begin\b/i.test(text)) counts.transactions++;
  } else if (type === "P") {
    const nameEnd = body.indexOf(0);
    const rest = body.subarray(nameEnd + 1);
    counts.statements.push(decoder.decode(rest.subarray(0, rest.indexOf(0))));
  } else if (type === "H") {
    counts.describes++;
  }
}

/** Starts a proxy to the Postgres server of `dbUrl`; connect to `proxy.url` instead. */
export function startWireProxy(dbUrl: string): WireProxy {
  const target = new URL(dbUrl.replace(/^postgres(ql)?:/, "http:"));
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const counts: WireCounts = { transactions: 0, describes: 0, statements: [] };
  const open = new Set<Deno.Conn>();
  (async () => {
    for await (const client of listener) {
      const server = await Deno.connect({ hostname: target.hostname, port: Number(target.port) });
      open.add(client).add(server);
      server.readable.pipeTo(client.writable).catch(() => {});
      (async () => {
        const writer = server.writable.getWriter();
        let pending = new Uint8Array(0);
        let started = false;
        try {
          for await (const chunk of client.readable) {
            await writer.write(chunk);
            const joined = new Uint8Array(pending.length + chunk.length);
            joined.set(pending);
            joined.set(chunk, pending.length);
            let at = 0;
            for (;;) {
              const view = new DataView(joined.buffer, at);
              if (!started) {
                if (joined.length - at < 4) break;
                const length = view.getInt32(0);
                if (joined.length - at < length) break;
                at += length;
                started = true;
                continue;
              }
              if (joined.length - at < 5) break;
              const length = view.getInt32(1);
              if (joined.length - at < 1 + length) break;
              countMessages(joined.subarray(at, at + 1 + length), counts);
              at += 1 + length;
            }
            pending = joined.slice(at);
          }
        } catch { /* a side closed */ }
        writer.close().catch(() => {});
      })();
    }
  })().catch(() => {});
  const { port } = listener.addr as Deno.NetAddr;
  const url = new URL(dbUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    counts,
    reset() {
      counts.transactions = 0;
      counts.describes = 0;
      counts.statements = [];
    },
    close() {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
    },
  };
}
