import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
import { InFlightLimiter } from "./in_flight.ts";

Deno.test("InFlightLimiter.acquire() refuses a key's request beyond the cap with a 429", () => {
  const limiter = new InFlightLimiter(2);
  const first = limiter.acquire("u1");
  limiter.acquire("u1");
  assert.throws(() => limiter.acquire("u1"), (error: unknown) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 429);
    assert.equal(new Headers(error.extra.headers).get("Retry-After"), "1");
    return true;
  });
  // other keys are not affected
  limiter.acquire("u2");
  first();
  limiter.acquire("u1");
  assert.equal(limiter.count("u1"), 2);
});

Deno.test("InFlightLimiter release() is idempotent and forgets idle keys", () => {
  const limiter = new InFlightLimiter(1);
  const release = limiter.acquire("u1");
  release();
  release();
  assert.equal(limiter.count("u1"), 0);
  limiter.acquire("u1");
  assert.equal(limiter.count("u1"), 1);
});
