import { deepEqual, equal } from "node:assert/strict";
import { eventStreamOf, openEventStream, wantsEventStream } from "./stream.ts";

Deno.test("wantsEventStream() reads the Accept header", () => {
  const req = (accept?: string) =>
    new Request("http://x/", accept ? { headers: { accept } } : undefined);
  equal(wantsEventStream(req("text/event-stream")), true);
  equal(wantsEventStream(req("application/json, text/event-stream;q=0.9")), true);
  equal(wantsEventStream(req("application/json")), false);
  equal(wantsEventStream(req()), false);
});

Deno.test("eventStreamOf() writes one delta then the response", async () => {
  const text = await eventStreamOf("Hi", { content: "Hi" }).text();
  equal(text, 'event: delta\ndata: {"text":"Hi"}\n\nevent: response\ndata: {"content":"Hi"}\n\n');
});

Deno.test("openEventStream() sends events in order and aborts its signal when the reader cancels", async () => {
  const stream = openEventStream();
  const reader = stream.response.body!.pipeThrough(new TextDecoderStream()).getReader();
  stream.send("delta", { text: "a" });
  deepEqual(await reader.read(), { done: false, value: 'event: delta\ndata: {"text":"a"}\n\n' });
  equal(stream.signal.aborted, false);
  await reader.cancel();
  equal(stream.signal.aborted, true);
  stream.send("delta", { text: "b" }); // after the client went: nothing, no throw
  stream.close();
});
