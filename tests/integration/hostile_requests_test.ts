/**
 * What a hostile caller tries against the functions (issue 7): odd methods, a deleted user's
 * still-valid token, Postgres text in errors, many requests in flight, a route's own limit,
 * and the heaviest analyzer bodies one account can send.
 */
import assert from "node:assert/strict";
import { createFunctionHandler } from "../../supabase/functions/_shared/serve.ts";
import { jsonResponse } from "../../supabase/functions/_shared/response.ts";
import postgres from "postgres";
import { closePools } from "../../supabase/functions/_shared/db.ts";
import {
  MAX_DEPENDENCY_EDGES,
  MAX_TASK_DEPENDENCIES,
} from "../../supabase/functions/_shared/analysis/schemas.ts";
import { MAX_IN_FLIGHT_PER_USER } from "../../supabase/functions/_shared/in_flight.ts";
import { RATE_LIMITS } from "../../supabase/functions/_shared/rate_limit.ts";
import { signUpUser, stackEnv } from "./_stack.ts";

function call(name: string, token: string | null, init: RequestInit = {}) {
  const { url, anonKey } = stackEnv();
  const headers = new Headers(init.headers);
  headers.set("apikey", anonKey);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(`${url}/functions/v1/${name}`, { ...init, headers });
}

/**
 * Sends one HTTP/1.1 request over a raw socket: `fetch` refuses to send TRACE, TRACK and
 * CONNECT itself, and an attacker's client has no such scruples.
 */
async function rawRequest(method: string, path: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(stackEnv().url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    const request = `${method} ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`;
    await conn.write(new TextEncoder().encode(request));
    let text = "";
    const buffer = new Uint8Array(16 * 1024);
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
    return { status: Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1]), text };
  } finally {
    try {
      conn.close();
    } catch { /* closed by the server */ }
  }
}

async function problem(response: Response) {
  assert.equal(response.headers.get("content-type"), "application/problem+json");
  return await response.json();
}

Deno.test("TRACE, TRACK and made-up methods are a 405 problem, never a plain 500", async () => {
  for (const method of ["TRACE", "TRACK", "PROPFIND", "BREW"]) {
    const fn = await rawRequest(method, "/functions/v1/logistics-analyzer");
    assert.equal(fn.status, 405, `${method} on a function`);
    assert.match(fn.text, /content-type: application\/problem\+json/i);
    assert.match(fn.text, /"code":"method_not_allowed"/);
    assert.match(fn.text, /allow: [^\r]*POST/i);
    // auth answers in GoTrue's error shape, as Supabase Auth does
    const auth = await rawRequest(method, "/auth/v1/token");
    assert.equal(auth.status, 405, `${method} on auth`);
    assert.match(auth.text, /"error_code":"method_not_allowed"/);
  }
});

Deno.test("a deleted user's still-valid token is a 401 that names no table", async () => {
  const user = await signUpUser("deleted");
  const admin = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  await admin`delete from auth.users where id = ${user.id}`;
  await admin.end();
  {
    const response = await call("logistics-analyzer", user.accessToken, {
      method: "POST",
      body: JSON.stringify({ analysisType: "readiness" }),
    });
    assert.equal(response.status, 401);
    const text = JSON.stringify(await problem(response));
    assert.doesNotMatch(text, /users|Key \(|user_id/);
  }
});

Deno.test("Postgres message text never reaches a client", async () => {
  const user = await signUpUser("pgtext");
  // an eventId that is a uuid but not the caller's, and one Postgres cannot cast
  for (const eventId of [crypto.randomUUID(), "00000000-0000-0000-0000-00000000000g"]) {
    const response = await call("events-optimizer", user.accessToken, {
      method: "POST",
      body: JSON.stringify({ eventId }),
    });
    assert.ok(response.status >= 400 && response.status < 500, `${eventId}: ${response.status}`);
    const text = JSON.stringify(await problem(response));
    assert.doesNotMatch(text, /invalid input syntax|relation|violates|constraint|Key \(/);
  }
});

Deno.test("a user may have only a few requests in flight; the rest are 429 at once", async () => {
  const { dbUrl, jwtSecret, url } = stackEnv();
  const user = await signUpUser("inflight");
  let open = 0;
  let peak = 0;
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => letGo = resolve);
  const handler = createFunctionHandler({
    name: "in-flight-probe",
    env: { dbUrl, jwtSecret, supabaseUrl: url, logLevel: "warn" },
    routes: [{
      method: "POST",
      path: "/",
      async handler() {
        peak = Math.max(peak, ++open);
        await gate;
        open--;
        return jsonResponse({ ok: true });
      },
    }],
  });
  const request = () =>
    handler(
      new Request("http://local/in-flight-probe", {
        method: "POST",
        headers: { authorization: `Bearer ${user.accessToken}` },
      }),
    );
  try {
    const held = Array.from({ length: MAX_IN_FLIGHT_PER_USER }, request);
    // wait until every held request is inside the route (each first passes the rate limit)
    for (let wait = 0; open < MAX_IN_FLIGHT_PER_USER && wait < 1000; wait++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(open, MAX_IN_FLIGHT_PER_USER, "every held request reached the route");
    const refused = await request();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.match((await refused.json()).detail, /in progress/);
    const other = await signUpUser("inflight-other");
    const otherResponse = handler(
      new Request("http://local/in-flight-probe", {
        method: "POST",
        headers: { authorization: `Bearer ${other.accessToken}` },
      }),
    );
    for (let wait = 0; open < MAX_IN_FLIGHT_PER_USER + 1 && wait < 1000; wait++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    letGo();
    for (const response of await Promise.all([...held, otherResponse])) {
      assert.equal(response.status, 200, "held requests and other users are served");
      await response.body?.cancel();
    }
    assert.equal(peak, MAX_IN_FLIGHT_PER_USER + 1);
    const after = await request();
    assert.equal(after.status, 200, "the slots are released when the requests end");
    await after.body?.cancel();
  } finally {
    letGo();
    await closePools();
  }
});

Deno.test("a route with a limit of its own refuses beyond it; the per-user budget is kept", async () => {
  const { dbUrl, jwtSecret, url } = stackEnv();
  const user = await signUpUser("route-limit");
  const handler = createFunctionHandler({
    name: "route-limit-probe",
    env: { dbUrl, jwtSecret, supabaseUrl: url, logLevel: "warn" },
    routes: [
      {
        method: "POST",
        path: "/generate",
        rateLimit: "content_generation",
        handler: () => jsonResponse({ generated: true }),
      },
      { method: "POST", path: "/other", handler: () => jsonResponse({ ok: true }) },
    ],
  });
  const post = (path: string) =>
    handler(
      new Request(`http://local/route-limit-probe${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.accessToken}` },
      }),
    );
  try {
    const { limit } = RATE_LIMITS.content_generation;
    for (let i = 0; i < limit; i++) {
      const response = await post("/generate");
      assert.equal(response.status, 200, `generation ${i + 1}`);
      await response.body?.cancel();
    }
    const refused = await post("/generate");
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("ratelimit-limit"), String(limit));
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    await refused.body?.cancel();
    const other = await post("/other");
    assert.equal(other.status, 200, "other routes still answer");
    assert.equal(
      other.headers.get("ratelimit-remaining"),
      String(RATE_LIMITS.user.limit - limit - 1),
      "the refused generation did not use up the per-user budget",
    );
    await other.body?.cancel();
  } finally {
    await closePools();
  }
});

Deno.test("an event's dependency edges are bounded: the worst graph is a 413/422, not seconds of CPU", async () => {
  const user = await signUpUser("edges");
  const perTask = MAX_TASK_DEPENDENCIES;
  const tasks = Array.from({ length: perTask + MAX_DEPENDENCY_EDGES / perTask + 1 }, (_, i) => ({
    id: `t${i}`,
    title: "Task",
    status: "todo",
    durationMinutes: 5,
    dependsOn: i < perTask ? [] : Array.from({ length: perTask }, (_, d) => `t${d}`),
  }));
  const response = await call("events-optimizer", user.accessToken, {
    method: "POST",
    body: JSON.stringify({
      analysisType: "critical_path",
      event: {
        id: "e1",
        name: "Show",
        startsAt: "2025-03-01T18:00:00Z",
        endsAt: "2025-03-01T20:00:00Z",
        tasks,
      },
    }),
  });
  assert.equal(response.status, 422);
  const body = await problem(response);
  assert.match(body.errors["event.tasks"][0], /dependencies/);
  // a task with too many dependencies of its own
  const wide = await call("events-optimizer", user.accessToken, {
    method: "POST",
    body: JSON.stringify({
      event: {
        id: "e2",
        name: "Show",
        startsAt: "2025-03-01T18:00:00Z",
        endsAt: "2025-03-01T20:00:00Z",
        tasks: [{
          id: "t",
          title: "T",
          status: "todo",
          durationMinutes: 1,
          dependsOn: Array.from({ length: perTask + 1 }, (_, d) => `x${d}`),
        }],
      },
    }),
  });
  assert.equal(wide.status, 422);
  assert.ok((await problem(wide)).errors["event.tasks.0.dependsOn"]);
});
