import assert from "node:assert/strict";
import { clientAddress, slidingWindowLimiter } from "../../local/auth/rate_limit.ts";

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => t += ms };
}

Deno.test("slidingWindowLimiter() lets `limit` requests through, then answers the wait", () => {
  const clock = fakeClock();
  const limiter = slidingWindowLimiter({ limit: 3, windowMs: 60_000, now: clock.now });
  assert.deepEqual([1, 2, 3].map(() => limiter.take("a")), [0, 0, 0]);
  assert.equal(limiter.take("a"), 60);
  clock.advance(45_000);
  assert.equal(limiter.take("a"), 15);
  // Another address has a window of its own.
  assert.equal(limiter.take("b"), 0);
});

Deno.test("slidingWindowLimiter() never allows more than the limit in any window", () => {
  // A fixed window allows `limit` just before its end and `limit` again just after.
  const clock = fakeClock();
  const limit = 5;
  const windowMs = 10_000;
  const limiter = slidingWindowLimiter({ limit, windowMs, now: clock.now });
  const allowedAt: number[] = [];
  for (let i = 0; i < 400; i++) {
    if (limiter.take("a") === 0) allowedAt.push(clock.now());
    clock.advance(i % 7 === 0 ? 1_900 : 130);
  }
  assert.ok(allowedAt.length > limit * 3, "requests are let through again as time passes");
  for (let i = 0; i + limit < allowedAt.length; i++) {
    assert.ok(
      allowedAt[i + limit] - allowedAt[i] >= windowMs,
      `${limit + 1} requests within ${windowMs} ms, starting at ${allowedAt[i]}`,
    );
  }
});

Deno.test("slidingWindowLimiter() does not count refused requests", () => {
  const clock = fakeClock();
  const limiter = slidingWindowLimiter({ limit: 2, windowMs: 1_000, now: clock.now });
  limiter.take("a");
  clock.advance(500);
  limiter.take("a");
  for (let i = 0; i < 10; i++) assert.ok(limiter.take("a") > 0);
  clock.advance(500); // the first request leaves the window; the refusals left no trace
  assert.equal(limiter.take("a"), 0);
  assert.ok(limiter.take("a") > 0);
});

Deno.test("slidingWindowLimiter() forgets the least recently seen address beyond maxKeys", () => {
  const clock = fakeClock();
  const limiter = slidingWindowLimiter({ limit: 1, windowMs: 60_000, now: clock.now, maxKeys: 2 });
  limiter.take("a");
  limiter.take("b");
  assert.ok(limiter.take("a") > 0); // "a" is now the most recently seen
  limiter.take("c"); // evicts "b"
  assert.ok(limiter.take("a") > 0, "a recently seen address is remembered");
  assert.equal(limiter.take("b"), 0, "the least recently seen one was forgotten");
});

Deno.test("clientAddress() prefers the first X-Forwarded-For entry, then the socket", () => {
  const req = (xff?: string) =>
    new Request("http://x/", { headers: xff ? { "X-Forwarded-For": xff } : {} });
  assert.equal(clientAddress(req(" 203.0.113.7 , 10.0.0.1"), "127.0.0.1"), "203.0.113.7");
  assert.equal(clientAddress(req(), "127.0.0.1"), "127.0.0.1");
  assert.equal(clientAddress(req(""), "::1"), "::1");
  assert.equal(clientAddress(req()), "unknown");
});
