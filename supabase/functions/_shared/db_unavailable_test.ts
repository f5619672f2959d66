import assert from "node:assert/strict";
import { isDatabaseUnavailable } from "./db_unavailable.ts";

const withCode = (code: string) => Object.assign(new Error(code), { code });

Deno.test("isDatabaseUnavailable() is true for a lost or refused connection", () => {
  for (
    const code of [
      "57P01", // admin_shutdown: pg_ctl stop/restart -m fast
      "57P02", // crash_shutdown
      "57P03", // cannot_connect_now: starting up or shutting down
      "53300", // too_many_connections
      "08000",
      "08001",
      "08003",
      "08004",
      "08006",
      "CONNECTION_CLOSED",
      "CONNECTION_DESTROYED",
      "CONNECTION_ENDED",
      "CONNECT_TIMEOUT",
      "DATABASE_DEADLINE",
      "ECONNREFUSED",
      "ECONNRESET",
      "EPIPE",
    ]
  ) {
    assert.equal(isDatabaseUnavailable(withCode(code)), true, code);
  }
});

Deno.test("isDatabaseUnavailable() is false for errors a query or the code causes", () => {
  for (
    const error of [
      withCode("23505"), // unique_violation
      withCode("42501"), // insufficient_privilege
      withCode("57014"), // query_canceled (statement_timeout): the connection is fine
      withCode("P0001"),
      withCode("08"), // not a SQLSTATE
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      new Error("boom"),
      "ECONNREFUSED",
      null,
      undefined,
    ]
  ) {
    assert.equal(isDatabaseUnavailable(error), false, String(error));
  }
});

Deno.test("isDatabaseUnavailable() looks into an AggregateError of several addresses", () => {
  const both = new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]);
  assert.equal(isDatabaseUnavailable(both), true);
  assert.equal(isDatabaseUnavailable(new AggregateError([new Error("x")])), false);
});
