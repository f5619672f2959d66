import assert from "node:assert/strict";
import { mapDbError, reconnectDelaySeconds, RETRY_AFTER_SECONDS } from "./db.ts";
import { HttpError } from "./errors.ts";

const withCode = (code: string) => Object.assign(new Error(code), { code });

Deno.test("mapDbError() answers a lost database 503 with Retry-After", () => {
  for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "57P01", "57P03", "DATABASE_DEADLINE"]) {
    const mapped = mapDbError(withCode(code));
    assert.ok(mapped instanceof HttpError, code);
    assert.equal(mapped.status, 503, code);
    assert.equal(mapped.code, "service_unavailable", code);
    assert.equal(new Headers(mapped.extra.headers).get("Retry-After"), String(RETRY_AFTER_SECONDS));
  }
});

Deno.test("mapDbError() answers a statement timeout (57014) 503 with Retry-After", () => {
  const mapped = mapDbError(withCode("57014")) as HttpError;
  assert.equal(mapped.status, 503);
  assert.ok(new Headers(mapped.extra.headers).get("Retry-After"));
});

Deno.test("mapDbError() leaves a bug in our code a 500, not a 503", () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
  assert.equal(mapDbError(bug), bug);
});

Deno.test("reconnectDelaySeconds() grows from 50 ms and never passes 1 s", () => {
  assert.equal(reconnectDelaySeconds(0), 0.05);
  assert.ok(reconnectDelaySeconds(2) > reconnectDelaySeconds(1));
  for (const failures of [5, 10, 100, 10_000]) assert.equal(reconnectDelaySeconds(failures), 1);
});
