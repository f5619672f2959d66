/**
 * Server-sent events for `Accept: text/event-stream`: `delta` events carry text as it is
 * written (the model's deltas, or the rules' answer in one event), then one `response` event
 * carries the full response object, and the stream ends.
 */

/** True when the client asks for a stream. */
export function wantsEventStream(req: Request): boolean {
  return /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(req.headers.get("accept") ?? "");
}

/**
 * One event in the SSE wire format. JSON text holds no raw newline, so `data` is one line.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { sseEvent } from "./stream.ts";
 *
 * equal(sseEvent("delta", { text: "Hi" }), 'event: delta\ndata: {"text":"Hi"}\n\n');
 * ```
 */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface EventStream {
  response: Response;
  /** Sends one event; after the client has gone, does nothing. */
  send(event: string, data: unknown): void;
  close(): void;
  /** Aborted when the client goes away before the stream is closed. */
  signal: AbortSignal;
}

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache",
  // Proxies (nginx) must not buffer the deltas.
  "X-Accel-Buffering": "no",
};

/** An open event stream: the response to return now, and how to write to it. */
export function openEventStream(): EventStream {
  const gone = new AbortController();
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      closed = true;
      gone.abort();
    },
  });
  return {
    response: new Response(body, { headers: SSE_HEADERS }),
    signal: gone.signal,
    send(event, data) {
      if (closed) return;
      try {
        controller.enqueue(encoder.encode(sseEvent(event, data)));
      } catch {
        closed = true;
        gone.abort();
      }
    },
    close() {
      if (closed) return;
      closed = true;
      controller.close();
    },
  };
}

/** A complete stream of text: the answer as one `delta`, then the `response`. */
export function eventStreamOf(content: string, response: unknown): Response {
  return new Response(sseEvent("delta", { text: content }) + sseEvent("response", response), {
    headers: SSE_HEADERS,
  });
}
