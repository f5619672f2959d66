import assert from "node:assert/strict";
import { FunctionsHttpError } from "@supabase/supabase-js";
import { decodeJwt, SignJWT } from "jose";
import type { UserClaims } from "../../supabase/functions/_shared/auth.ts";
import postgres from "postgres";
import { asService, asUser, closePools, pool } from "../../supabase/functions/_shared/db.ts";
import { anonClient, signUpUser, stackEnv } from "./_stack.ts";

const FUNCTIONS = [
  "chat-orchestrator",
  "logistics-analyzer",
  "events-optimizer",
  "media-scorer",
  "recommendations",
  "compose",
  "preferences",
];

async function problemOf(error: unknown) {
  assert.ok(error instanceof FunctionsHttpError, `expected FunctionsHttpError, got ${error}`);
  const response = error.context as Response;
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  return await response.json();
}

Deno.test("functions.invoke without a session gets a 401 problem", async () => {
  const { error } = await anonClient().functions.invoke("compose", { body: { x: 1 } });
  const problem = await problemOf(error);
  assert.equal(problem.status, 401);
  assert.equal(problem.code, "unauthorized");
  assert.ok(problem.requestId);
});

Deno.test("functions.invoke with a session reaches the function", async () => {
  const user = await signUpUser("invoke");
  const { data, error } = await user.client.functions.invoke("preferences", { method: "GET" });
  assert.equal(error, null);
  assert.equal(data.preferences.theme, "system");
});

Deno.test("every function answers GET /health with the database check", async () => {
  const { url } = stackEnv();
  for (const name of FUNCTIONS) {
    const response = await fetch(`${url}/functions/v1/${name}/health`);
    assert.equal(response.status, 200, name);
    const body = await response.json();
    assert.equal(body.status, "ok");
    assert.equal(body.checks.database.status, "ok");
    assert.equal(typeof body.version, "string");
  }
});

Deno.test("an unknown function is a 404 problem and preflight is answered", async () => {
  const { url } = stackEnv();
  const missing = await fetch(`${url}/functions/v1/nope`, { method: "POST" });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).code, "not_found");
  const preflight = await fetch(`${url}/functions/v1/compose`, {
    method: "OPTIONS",
    headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
  });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get("access-control-allow-headers")!, /x-client-info/);
  await preflight.body?.cancel();
});

// One connection, so that what asUser leaves behind is what the next query sees.
function singleConnection() {
  return postgres(stackEnv().dbUrl, { max: 1, prepare: false, onnotice: () => {} });
}

Deno.test("asUser() runs as the JWT's user: auth.uid() and auth.role() see the claims", async () => {
  const user = await signUpUser("claims");
  const claims = decodeJwt(user.accessToken) as UserClaims;
  const sql = singleConnection();
  try {
    // One pending query: the pipelined path.
    const [row] = await asUser(
      sql,
      claims,
      (tx) => tx`select auth.uid() as uid, auth.role() as role, current_user as db_role`,
    );
    assert.deepEqual({ ...row }, { uid: user.id, role: "authenticated", db_role: "authenticated" });
    // Several awaited steps: the general path, still inside one transaction.
    const steps = await asUser(sql, claims, async (tx) => {
      const [a] = await tx`select auth.uid() as uid, txid_current() as tx_id`;
      const [b] = await tx`select txid_current() as tx_id`;
      return { uid: a.uid, sameTx: a.tx_id === b.tx_id };
    });
    assert.deepEqual(steps, { uid: user.id, sameTx: true });
    // Claims never leak into the next user of the pooled connection.
    const [after] = await sql`select auth.uid() as uid, current_user as db_role`;
    assert.equal(after.uid, null);
    assert.equal(after.db_role, "postgres");
    const [service] = await asService(sql, (tx) => tx`select auth.role() as role, current_user`);
    assert.equal(service.role, "service_role");
  } finally {
    await sql.end();
  }
});

Deno.test("pool() returns int8 values that a JSON response can carry", async () => {
  const sql = pool(stackEnv().dbUrl);
  try {
    const [row] = await sql`select count(*) as n, 9007199254740993::int8 as big`;
    assert.equal(JSON.stringify(row), '{"n":"1","big":"9007199254740993"}');
  } finally {
    await closePools();
  }
});

Deno.test("asUser() ends the transaction when the query fails, on both paths", async () => {
  const user = await signUpUser("rollback");
  const claims = decodeJwt(user.accessToken) as UserClaims;
  const sql = singleConnection();
  try {
    await assert.rejects(asUser(sql, claims, (tx) => tx`select 1/0`), /division by zero/);
    await assert.rejects(
      asUser(sql, claims, async (tx) => await tx`select 1/0`),
      /division by zero/,
    );
    // An open (or aborted) transaction would keep role `authenticated` (or fail here).
    const [state] = await sql`select current_user as db_role, auth.uid() as uid`;
    assert.deepEqual({ ...state }, { db_role: "postgres", uid: null });
  } finally {
    await sql.end();
  }
});

Deno.test("an expired or tampered access token is a 401 problem, never anon", async () => {
  const user = await signUpUser("tokens");
  const { url, anonKey, jwtSecret } = stackEnv();
  const expired = await new SignJWT({ ...decodeJwt(user.accessToken), exp: 1_000 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(jwtSecret));
  const last = user.accessToken.at(-2) === "A" ? "B" : "A";
  const tampered = user.accessToken.slice(0, -2) + last + user.accessToken.at(-1);
  for (const [token, detail] of [[expired, /expired/], [tampered, /invalid/]] as const) {
    const response = await fetch(`${url}/functions/v1/compose`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, apikey: anonKey },
    });
    assert.equal(response.status, 401);
    assert.match((await response.json()).detail, detail);
  }
});

Deno.test("the per-user rate limit is shared across functions: 429 with Retry-After", async () => {
  const user = await signUpUser("limit");
  const { url, anonKey } = stackEnv();
  const post = (name: string, method = "POST") =>
    fetch(`${url}/functions/v1/${name}`, {
      method,
      headers: { authorization: `Bearer ${user.accessToken}`, apikey: anonKey },
    });
  const remaining: number[] = [];
  for (let i = 0; i < 60; i++) {
    const response = await (i % 2 ? post("compose/saved", "GET") : post("preferences", "GET"));
    assert.equal(response.status, 200, `call ${i + 1} is within the limit`);
    assert.equal(response.headers.get("ratelimit-limit"), "60");
    remaining.push(Number(response.headers.get("ratelimit-remaining")));
    await response.body?.cancel();
  }
  assert.deepEqual(remaining.slice(0, 3), [59, 58, 57]);
  assert.equal(remaining.at(-1), 0);
  // A valid body: recommendations validates its body before it admits the call (as the
  // analyzers do), so an empty one would be a 422 whatever the budget.
  const refused = await fetch(`${url}/functions/v1/recommendations`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.accessToken}`, apikey: anonKey },
    body: JSON.stringify({ recommendationType: "features" }),
  });
  assert.equal(refused.status, 429);
  assert.ok(Number(refused.headers.get("retry-after")) >= 1);
  assert.equal((await refused.json()).code, "rate_limited");
  const other = await signUpUser("unlimited");
  const { error } = await other.client.functions.invoke("compose/saved", { method: "GET" });
  assert.equal(error, null, "other users keep their own budget");
});
