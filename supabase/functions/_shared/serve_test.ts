import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { httpError } from "./errors.ts";
import { InFlightLimiter, MAX_IN_FLIGHT_PER_USER } from "./in_flight.ts";
import { createFunctionHandler, functionPath, notImplementedRoutes } from "./serve.ts";

const secret = "serve-test-secret-of-at-least-32-chars";
// Port 9 (discard) on loopback: nothing listens, so health must report the database down.
const env = {
  jwtSecret: secret,
  dbUrl: "postgresql://u:p@127.0.0.1:9/none",
  logLevel: "warn" as const,
};
const userId = "0f8fad5b-d9cb-469f-a165-70867728950e";

const handler = createFunctionHandler({
  name: "demo",
  env,
  rateLimit: false, // needs the database: covered by the integration tests
  routes: [
    { method: "GET", path: "/whoami", handler: (_req, { ctx }) => Response.json(ctx.user.userId) },
    { method: "GET", path: "/boom", handler: () => Promise.reject(new Error("secret detail")) },
    { method: "GET", path: "/gone", handler: () => Promise.reject(httpError("not_found", "gone")) },
    { method: "GET", path: "/admin", admin: true, handler: () => new Response("ok") },
    ...notImplementedRoutes(),
  ],
});

const token = await new SignJWT({ sub: userId, role: "authenticated" })
  .setProtectedHeader({ alg: "HS256" })
  .setExpirationTime("1m")
  .sign(new TextEncoder().encode(secret));

function call(path: string, init: RequestInit & { auth?: boolean } = {}) {
  const headers = new Headers(init.headers);
  if (init.auth !== false) headers.set("authorization", `Bearer ${token}`);
  return handler(new Request(`http://x/demo${path}`, { ...init, headers }));
}

Deno.test("functionPath() strips the function's own segment only", () => {
  assert.equal(functionPath("/demo/a/b", "demo"), "/a/b");
  assert.equal(functionPath("/demo", "demo"), "/");
  assert.equal(functionPath("/functions/v1/demo/x", "demo"), "/x");
  assert.equal(functionPath("/demo-other/x", "demo"), "/demo-other/x");
});

Deno.test("handler answers 401 problem before routing when there is no token", async () => {
  const response = await call("/nowhere", { auth: false });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  const body = await response.json();
  assert.equal(body.code, "unauthorized");
  assert.equal(body.requestId, response.headers.get("x-request-id"));
});

Deno.test("handler passes the user from the JWT to the route", async () => {
  const response = await call("/whoami");
  assert.equal(await response.json(), userId);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
});

Deno.test("handler echoes a sane X-Request-Id and replaces an odd one", async () => {
  const echoed = await call("/whoami", { headers: { "x-request-id": "abc-123" } });
  assert.equal(echoed.headers.get("x-request-id"), "abc-123");
  await echoed.body?.cancel();
  const replaced = await call("/whoami", { headers: { "x-request-id": "bad id <script>" } });
  assert.match(replaced.headers.get("x-request-id")!, /^[0-9a-f-]{36}$/);
  await replaced.body?.cancel();
});

Deno.test("handler hides internal errors behind a 500 problem", async () => {
  const response = await call("/boom");
  assert.equal(response.status, 500);
  const text = await response.text();
  assert.ok(!text.includes("secret detail"));
  assert.ok(!text.includes("at "), "no stack trace");
});

Deno.test("handler renders HttpErrors, 501 placeholders and admin checks", async () => {
  assert.equal((await (await call("/gone")).json()).status, 404);
  const placeholder = await call("/anything", { method: "POST" });
  assert.equal(placeholder.status, 501);
  await placeholder.body?.cancel();
  const admin = await call("/admin");
  assert.equal(admin.status, 403);
  await admin.body?.cancel();
});

Deno.test("handler answers preflight without a token", async () => {
  const response = await call("/whoami", { method: "OPTIONS", auth: false });
  assert.equal(response.status, 204);
  assert.match(response.headers.get("access-control-allow-headers")!, /apikey/);
});

Deno.test("health answers without a token and reports 503 when the database is down", async () => {
  const response = await call("/health", { auth: false });
  assert.equal(response.status, 503);
  const body = await response.json();
  assert.equal(body.status, "degraded");
  assert.equal(body.checks.database.status, "down");
  assert.ok(!JSON.stringify(body).includes("u:p@"), "the URL never leaks");
});

Deno.test("a route that does not answer in time is a 503 problem; its in-flight slot waits for the work", async () => {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => finish = resolve);
  const userRequestsInFlight = new InFlightLimiter();
  const slow = createFunctionHandler({
    name: "slow",
    env,
    rateLimit: false,
    requestDeadlineMs: 20,
    inFlight: userRequestsInFlight,
    routes: [{
      method: "GET",
      path: "/",
      handler: async () => {
        await finished;
        return new Response("late");
      },
    }],
  });
  const response = await slow(
    new Request("http://x/slow", { headers: { authorization: `Bearer ${token}` } }),
  );
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "5");
  assert.equal((await response.json()).code, "service_unavailable");
  assert.equal(userRequestsInFlight.count(userId), 1, "the work still holds its slot");
  finish();
  await finished;
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(userRequestsInFlight.count(userId), 0, "released when the work ends");
});

/** The request lines `handle` writes for each call, at `logLevel`. */
async function requestLines(logLevel: string, paths: Array<[string, RequestInit]>) {
  const logged = createFunctionHandler({
    name: "demo",
    env: { ...env, logLevel: logLevel as typeof env.logLevel },
    rateLimit: false,
    routes: [{ method: "GET", path: "/whoami", handler: () => new Response("me") }],
  });
  const lines: Array<{ level: string; path: string }> = [];
  const original = console.log;
  console.log = (line: string) => lines.push(JSON.parse(line));
  try {
    for (const [path, init] of paths) {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      await (await logged(new Request(`http://x/demo${path}`, { ...init, headers }))).body
        ?.cancel();
    }
  } finally {
    console.log = original;
  }
  return lines.map((line) => `${line.level} ${line.path}`);
}

const calls: Array<[string, RequestInit]> = [
  ["/whoami", { method: "OPTIONS" }],
  ["/health", {}],
  ["/whoami", {}],
];

Deno.test("handler logs one line per request at info, preflight and health only at debug", async () => {
  assert.deepEqual(await requestLines("info", calls), ["info /whoami"]);
  assert.deepEqual(await requestLines("debug", calls), [
    "debug /whoami",
    "debug /health",
    "info /whoami",
  ]);
  assert.deepEqual(await requestLines("warn", calls), []);
  assert.deepEqual(await requestLines("error", calls), []);
});

Deno.test("each function has its own in-flight cap, as its own isolates have on the platform", async () => {
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => letGo = resolve);
  const gated = (name: string) =>
    createFunctionHandler({
      name,
      env,
      rateLimit: false,
      routes: [{
        method: "GET",
        path: "/",
        handler: async () => {
          await gate;
          return new Response("ok");
        },
      }],
    });
  const [busy, other] = [gated("busy"), gated("other")];
  const call = (handler: (req: Request) => Promise<Response>, name: string) =>
    handler(new Request(`http://x/${name}`, { headers: { authorization: `Bearer ${token}` } }));
  const held = Array.from({ length: MAX_IN_FLIGHT_PER_USER }, () => call(busy, "busy"));
  const refused = await call(busy, "busy");
  assert.equal(refused.status, 429, "the busy function's cap is reached");
  await refused.body?.cancel();
  const elsewhere = call(other, "other");
  letGo();
  assert.equal((await elsewhere).status, 200, "another function still answers");
  for (const response of await Promise.all(held)) await response.body?.cancel();
});
