import assert from "node:assert/strict";
import { z } from "zod";
import { readJson } from "./body.ts";
import { HttpError } from "./errors.ts";

const schema = z.object({ name: z.string(), count: z.number().int().min(0) }).strict();

function post(body: BodyInit, headers: HeadersInit = {}) {
  return new Request("http://x/", { method: "POST", body, headers });
}

async function status(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError);
    return error;
  }
  throw new Error("Expected an HttpError");
}

Deno.test("readJson() returns the validated body", async () => {
  assert.deepEqual(await readJson(post('{"name":"a","count":2}'), schema), { name: "a", count: 2 });
});

Deno.test("readJson() answers 400 for broken JSON", async () => {
  const error = await status(readJson(post('{"name":'), schema));
  assert.equal(error.status, 400);
  assert.equal(error.code, "malformed_json");
});

Deno.test("readJson() answers 422 with per-field errors", async () => {
  const error = await status(readJson(post('{"name":1,"count":-1,"extra":true}'), schema));
  assert.equal(error.status, 422);
  assert.deepEqual(Object.keys(error.extra.errors!).sort(), ["(body)", "count", "name"]);
});

Deno.test("readJson() answers 413 over the limit, declared or streamed", async () => {
  const big = JSON.stringify({ name: "x".repeat(2_000), count: 1 });
  assert.equal((await status(readJson(post(big), schema, 1_000))).status, 413);
  const stream = new Blob([big]).stream(); // no Content-Length: counted while reading
  assert.equal((await status(readJson(post(stream), schema, 1_000))).status, 413);
});

Deno.test("readJson() treats an empty body as an empty object", async () => {
  const error = await status(readJson(post(""), schema));
  assert.equal(error.status, 422);
});

Deno.test("readJson() answers 422 naming the field for a NUL character, not for an escaped backslash", async () => {
  const nested = await status(
    readJson(post('{"name":"a","count":1,"tags":["ok","x\\u0000"]}'), z.any()),
  );
  assert.equal(nested.status, 422);
  assert.deepEqual(Object.keys(nested.extra.errors!), ["tags.1"]);
  const key = await status(readJson(post('{"a\\u0000b":1}'), z.any()));
  assert.deepEqual(Object.keys(key.extra.errors!), ["a\\u0000b"]);
  // An escaped backslash followed by "u0000" is six ordinary characters, not a NUL.
  assert.deepEqual(await readJson(post('{"name":"\\\\u0000","count":0}'), schema), {
    name: "\\u0000",
    count: 0,
  });
});

Deno.test("readJson() names a NUL under 100,000 levels of nesting with a 422, not a stack overflow", async () => {
  const depth = 100_000;
  for (const [open, close, path] of [["[", "]", "0"], ['{"a":', "}", "a"]]) {
    const text = `{"x":${open.repeat(depth)}"\\u0000"${close.repeat(depth)}}`;
    const error = await status(readJson(post(text), z.any()));
    assert.equal(error.status, 422);
    const [field] = Object.keys(error.extra.errors!);
    assert.equal(field, ["x", ...Array(depth).fill(path)].join("."));
  }
});

Deno.test("readJson() answers 400 when the body ends early, as when the client goes away mid-body", async () => {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"name":"a"'));
      controller.error(new Error("connection reset by peer"));
    },
  });
  const error = await status(readJson(post(body), schema));
  assert.equal(error.status, 400);
  assert.equal(error.code, "bad_request");
});
