import assert from "node:assert/strict";
import { CORS_HEADERS, preflightResponse } from "./cors.ts";

const list = (name: string) =>
  new Set(CORS_HEADERS[name].split(",").map((header) => header.trim().toLowerCase()));

Deno.test("CORS allows every header supabase-js sends, REST's included", () => {
  const allowed = list("Access-Control-Allow-Headers");
  for (
    const header of [
      "authorization",
      "apikey",
      "content-type",
      "x-client-info",
      "prefer",
      "range",
      "accept-profile",
      "content-profile",
    ]
  ) {
    assert.ok(allowed.has(header), header);
  }
});

Deno.test("CORS exposes what a browser client reads back: counts, rate limits, request ids", () => {
  const exposed = list("Access-Control-Expose-Headers");
  for (const header of ["content-range", "x-request-id", "retry-after", "ratelimit-remaining"]) {
    assert.ok(exposed.has(header), header);
  }
  assert.equal(preflightResponse().status, 204);
});
