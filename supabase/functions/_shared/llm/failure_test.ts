import assert from "node:assert/strict";
import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import {
  backoffMs,
  classifyError,
  retryAfterMs,
  retryPlan,
  type UpstreamProblem,
} from "./failure.ts";
import type { RetryStrategy } from "./settings.ts";

const status = (code: number, headers: Record<string, string> = {}, type?: string) =>
  APIError.generate(
    code,
    { type: "error", error: { type: type ?? "api_error", message: "upstream text" } },
    undefined,
    new Headers(headers),
  );

Deno.test("classifyError() maps each HTTP status to its failure and says whether to retry", () => {
  const table: Array<[number, string, boolean]> = [
    [429, "rate_limited", true],
    [529, "overloaded", true],
    [500, "upstream_error", true],
    [502, "upstream_error", true],
    [503, "upstream_error", true],
    [504, "timeout", true],
    [408, "timeout", true],
    [409, "upstream_error", true],
    [400, "upstream_error", false],
    [401, "upstream_error", false],
    [403, "upstream_error", false],
    [404, "upstream_error", false],
    [413, "upstream_error", false],
  ];
  for (const [code, reason, retryable] of table) {
    const problem = classifyError(status(code));
    assert.deepEqual([code, problem.reason, problem.retryable, problem.status], [
      code,
      reason,
      retryable,
      code,
    ]);
    assert.equal(problem.note, `The model provider answered ${code}`);
  }
});

Deno.test("classifyError() never passes the provider's text on", () => {
  assert.doesNotMatch(JSON.stringify(classifyError(status(400))), /upstream text/);
});

Deno.test("classifyError() reads retry-after-ms, retry-after, and x-should-retry", () => {
  assert.equal(classifyError(status(429, { "retry-after": "2" })).retryAfterMs, 2_000);
  assert.equal(
    classifyError(status(429, { "retry-after-ms": "150", "retry-after": "2" })).retryAfterMs,
    150,
  );
  assert.equal(classifyError(status(500, { "x-should-retry": "false" })).retryable, false);
  assert.equal(classifyError(status(400, { "x-should-retry": "true" })).retryable, true);
});

Deno.test("classifyError() maps a stream's error event by its type", () => {
  const event = (type: string) =>
    new APIError(
      undefined,
      { type: "error", error: { type, message: "x" } },
      undefined,
      new Headers(),
      null,
    );
  assert.deepEqual(
    ["overloaded_error", "rate_limit_error", "api_error"].map((t) => {
      const p = classifyError(event(t));
      return [p.reason, p.retryable];
    }),
    [["overloaded", true], ["rate_limited", true], ["upstream_error", false]],
  );
});

Deno.test("classifyError() maps connections, timeouts, aborts and unreadable answers", () => {
  assert.equal(classifyError(new APIConnectionTimeoutError()).reason, "timeout");
  assert.equal(classifyError(new APIConnectionError({ message: "refused" })).reason, "network");
  assert.equal(classifyError(new APIConnectionError({ message: "refused" })).retryable, true);
  assert.equal(classifyError(new APIUserAbortError()).reason, "aborted");
  assert.equal(classifyError(new SyntaxError("Unexpected end of JSON input")).reason, "malformed");
  assert.equal(
    classifyError(new AnthropicError("stream ended without producing a Message")).reason,
    "malformed",
  );
  assert.equal(classifyError(new TypeError("something of ours")).reason, "upstream_error");
});

Deno.test("retryAfterMs() takes seconds or an HTTP date, never a negative wait", () => {
  const now = Date.parse("2026-11-22T08:00:00Z");
  assert.equal(
    retryAfterMs(new Headers({ "retry-after": "Sun, 22 Nov 2026 08:00:03 GMT" }), now),
    3_000,
  );
  assert.equal(
    retryAfterMs(new Headers({ "retry-after": "Sun, 22 Nov 2026 07:59:00 GMT" }), now),
    0,
  );
  assert.equal(retryAfterMs(new Headers({ "retry-after": "soon" }), now), undefined);
  assert.equal(retryAfterMs(new Headers(), now), undefined);
});

const strategy = (backoffType: RetryStrategy["backoffType"]): RetryStrategy => ({
  maxRetries: 3,
  backoffType,
  baseDelayMs: 100,
  maxDelayMs: 250,
});

Deno.test("backoffMs() grows as configured and stops at maxDelay", () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(strategy("exponential"), n)), [
    100,
    200,
    250,
    250,
  ]);
  assert.deepEqual([1, 2, 3].map((n) => backoffMs(strategy("linear"), n)), [100, 200, 250]);
  assert.deepEqual([1, 2, 3].map((n) => backoffMs(strategy("fixed"), n)), [100, 100, 100]);
});

Deno.test("retryPlan() retries within maxRetries and the budget, never past them", () => {
  const overloaded: UpstreamProblem = { reason: "overloaded", retryable: true, note: "" };
  assert.deepEqual(retryPlan(overloaded, strategy("exponential"), 0, 5_000), { waitMs: 100 });
  assert.deepEqual(retryPlan(overloaded, strategy("exponential"), 1, 5_000), { waitMs: 200 });
  assert.equal(retryPlan(overloaded, strategy("exponential"), 3, 5_000), null, "maxRetries done");
  assert.equal(retryPlan(overloaded, strategy("exponential"), 0, 300), null, "100 + 250 > 300");
  assert.equal(
    retryPlan({ ...overloaded, retryable: false }, strategy("fixed"), 0, 5_000),
    null,
  );
  // the provider's retry-after wins over the backoff, and must fit too
  assert.deepEqual(retryPlan({ ...overloaded, retryAfterMs: 0 }, strategy("fixed"), 0, 5_000), {
    waitMs: 0,
  });
  assert.equal(
    retryPlan({ ...overloaded, retryAfterMs: 30_000 }, strategy("fixed"), 0, 5_000),
    null,
  );
});
