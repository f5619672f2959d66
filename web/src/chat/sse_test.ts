import { deepEqual } from "node:assert/strict";
import { readEventStream } from "./sse.ts";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

Deno.test("readEventStream() yields events split across chunks, with names and joined data", async () => {
  const events = [];
  for await (
    const e of readEventStream(streamOf([
      ': keep-alive\n\nevent: delta\ndata: {"text":"Rea',
      'diness"}\n\nevent: done\ndata: a\ndata: b\n\n',
      "data: tail",
    ]))
  ) events.push(e);
  deepEqual(events, [
    { event: "delta", data: '{"text":"Readiness"}' },
    { event: "done", data: "a\nb" },
    { event: "message", data: "tail" },
  ]);
});
