import { equal, notEqual, throws } from "node:assert/strict";
import {
  captureResponse,
  idempotencyKeyOf,
  replayResponse,
  requestFingerprint,
} from "./idempotency.ts";
import { HttpError } from "./errors.ts";

const request = (method: string, path: string, key?: string) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: key === undefined ? {} : { "Idempotency-Key": key },
  });

Deno.test("idempotencyKeyOf() is undefined without the header and a 400 for a key the table cannot hold", () => {
  equal(idempotencyKeyOf(request("POST", "/")), undefined);
  equal(idempotencyKeyOf(request("POST", "/", "a_B-9")), "a_B-9");
  for (const bad of ["", "has space", "x".repeat(256), "é"]) {
    throws(() => idempotencyKeyOf(request("POST", "/", bad)), (e: HttpError) => e.status === 400);
  }
});

Deno.test("requestFingerprint() changes with the method, the path, the query and the body", () => {
  const base = requestFingerprint(request("POST", "/saved"), "{}");
  equal(requestFingerprint(request("POST", "/saved"), "{}"), base);
  notEqual(requestFingerprint(request("PATCH", "/saved"), "{}"), base);
  notEqual(requestFingerprint(request("POST", "/saved/1"), "{}"), base);
  notEqual(requestFingerprint(request("POST", "/saved?x=1"), "{}"), base);
  notEqual(requestFingerprint(request("POST", "/saved"), '{"a":1}'), base);
});

Deno.test("a captured response replays byte for byte, with its kept headers", async () => {
  const body = '{"b": 1,  "a":[2, 1]}';
  const original = new Response(body, {
    status: 201,
    headers: { "Content-Type": "application/json", Location: "/x", "X-Other": "no" },
  });
  const { stored, response } = await captureResponse(original);
  equal(await response.text(), body);
  const replay = replayResponse(JSON.parse(JSON.stringify(stored)));
  equal(replay.status, 201);
  equal(await replay.text(), body);
  equal(replay.headers.get("content-type"), "application/json");
  equal(replay.headers.get("location"), "/x");
  equal(replay.headers.get("x-other"), null);
});

Deno.test("a 204 is captured without a body", async () => {
  const { stored, response } = await captureResponse(new Response(null, { status: 204 }));
  equal(stored.body, "");
  equal(response.status, 204);
  equal(replayResponse(stored).status, 204);
});
