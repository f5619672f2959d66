/**
 * The Anthropic stand-in itself, driven by the genuine @anthropic-ai/sdk: the SSE sequence it
 * streams is the one the SDK parses (tool input included), it refuses what API version
 * 2026-10-21 refuses, and scripts are per key. Its own instance: no stack needed.
 */
import assert from "node:assert/strict";
import Anthropic, { BadRequestError } from "@anthropic-ai/sdk";
import {
  fakeAnthropicRequests,
  scriptFakeAnthropic,
  startFakeAnthropic,
} from "../_fake_anthropic.ts";

async function withFake(test: (url: string) => Promise<void>) {
  const fake = startFakeAnthropic();
  try {
    await test(fake.url);
  } finally {
    await fake.close();
  }
}

const sdk = (baseURL: string, apiKey: string) =>
  new Anthropic({ apiKey, baseURL, maxRetries: 0, logLevel: "off" });

const params = {
  model: "claude-sonnet-4-6",
  max_tokens: 100,
  messages: [{ role: "user" as const, content: "hi" }],
};

Deno.test("stand-in: a streamed tool call arrives as the SDK expects it, event by event", async () => {
  await withFake(async (url) => {
    await scriptFakeAnthropic(url, "sk-stream", [{
      type: "tool_use",
      text: "Checking.",
      name: "readiness",
      input: { shootId: "s-1", ids: [1, 2, 3] },
      usage: { input_tokens: 42, output_tokens: 7 },
    }]);
    const stream = sdk(url, "sk-stream").messages.stream(params);
    const events: string[] = [];
    for await (const event of stream) {
      events.push(event.type === "content_block_delta" ? event.delta.type : event.type);
    }
    const message = await stream.finalMessage();
    assert.deepEqual(events, [
      "message_start",
      "content_block_start",
      "text_delta",
      "text_delta",
      "text_delta",
      "content_block_stop",
      "content_block_start",
      "input_json_delta",
      "input_json_delta",
      "input_json_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    assert.equal(message.stop_reason, "tool_use");
    assert.deepEqual(message.usage.input_tokens, 42);
    assert.deepEqual(message.usage.output_tokens, 7);
    assert.equal(message.content[0].type === "text" && message.content[0].text, "Checking.");
    const tool = message.content[1];
    assert.equal(tool.type, "tool_use");
    assert.deepEqual(tool.type === "tool_use" && tool.input, { shootId: "s-1", ids: [1, 2, 3] });
  });
});

Deno.test("stand-in: refuses sampling parameters as API version 2026-10-21 does", async () => {
  await withFake(async (url) => {
    const res = await fetch(`${url}/v1/messages`, {
      method: "POST",
      headers: { authorization: "Bearer sk-x", "content-type": "application/json" },
      body: JSON.stringify({ ...params, temperature: 1 }),
    });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.message, "temperature: Extra inputs are not permitted");
    // the SDK cannot send them at all; a raw body that does is refused the same way
    await assert.rejects(
      sdk(url, "sk-x").messages.create({ ...params, top_p: 0.5 } as typeof params),
      BadRequestError,
    );
  });
});

Deno.test("stand-in: no key is a 401; each key has its own script, the last step repeats", async () => {
  await withFake(async (url) => {
    const anonymous = await fetch(`${url}/v1/messages`, { method: "POST", body: "{}" });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();

    await scriptFakeAnthropic(url, "sk-a", [
      { type: "text", text: "first" },
      { type: "text", text: "again" },
    ]);
    const a = sdk(url, "sk-a");
    const b = sdk(url, "sk-b");
    const textOf = (m: Anthropic.Messages.Message) =>
      m.content.map((c) => c.type === "text" ? c.text : "").join("");
    assert.equal(textOf(await a.messages.create(params)), "first");
    assert.equal(textOf(await b.messages.create(params)), "This is the stand-in model's answer.");
    assert.equal(textOf(await a.messages.create(params)), "again");
    assert.equal(textOf(await a.messages.create(params)), "again");
    const seen = await fakeAnthropicRequests(url, "sk-a");
    assert.deepEqual(seen.map((r) => [r.auth, r.version, r.outcome]), [
      ["bearer", "2026-10-21", "answered"],
      ["bearer", "2026-10-21", "answered"],
      ["bearer", "2026-10-21", "answered"],
    ]);
    assert.equal((await fakeAnthropicRequests(url, "sk-b"))[0].step, "default");
  });
});
