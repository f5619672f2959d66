/**
 * The local Auth server (local/auth) against the genuine supabase-js client: what the web
 * app relies on for email/password sessions, including GoTrue's error codes.
 * Needs SUPABASE_URL and SUPABASE_ANON_KEY of a running stack; fails without them.
 */
import assert from "node:assert/strict";
import {
  type AuthError,
  createClient,
  isAuthApiError,
  isAuthSessionMissingError,
  isAuthWeakPasswordError,
  type SupabaseClient,
} from "@supabase/supabase-js";
import { decodeJwt } from "jose";
import postgres from "postgres";
import { type AuthOptions, createAuthHandler } from "../../local/auth/mod.ts";
import { checkPassword } from "../../local/auth/users.ts";
import { ADMIN_ROLE, clusterUrl } from "../../local/cluster.ts";

function need(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set: run the integration tests against a stack`);
  return value;
}

function client(url = need("SUPABASE_URL"), headers: Record<string, string> = {}): SupabaseClient {
  return createClient(url, need("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers },
  });
}

/**
 * A direct connection to the stack's database, closed after `work`; `admin` connects as the
 * local cluster's superuser (as hosted Supabase, `postgres` is not one).
 */
async function withDb<T>(work: (sql: postgres.Sql) => Promise<T>, admin = false): Promise<T> {
  const url = need("SUPABASE_DB_URL");
  const sql = postgres(admin ? clusterUrl(Number(new URL(url).port), ADMIN_ROLE) : url, {
    max: 2,
    onnotice: () => {},
  });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/**
 * A second auth server over real HTTP on the stack's database, for what the shared test stack
 * cannot show: config.toml's own rate limits (the stack raises them for the suite) and a
 * clock that can be moved past the refresh token reuse interval.
 */
async function withAuthServer(
  options: Partial<AuthOptions>,
  work: (url: string) => Promise<void>,
): Promise<void> {
  await withDb(async (sql) => {
    const auth = createAuthHandler({
      sql,
      jwtSecret: need("SUPABASE_JWT_SECRET"),
      issuer: "http://127.0.0.1/auth/v1",
      ...options,
    });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req, info) =>
        auth(req, new URL(req.url).pathname.replace(/^\/auth\/v1/, ""), info.remoteAddr.hostname),
    );
    try {
      await work(`http://127.0.0.1:${server.addr.port}`);
    } finally {
      await server.shutdown();
    }
  });
}

/** `levels` objects nested in one another. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

const PASSWORD = "correct-horse-battery";
const uniqueEmail = (label: string) =>
  `auth-${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;

async function signUp(label: string) {
  const c = client();
  const email = uniqueEmail(label);
  const { data, error } = await c.auth.signUp({ email, password: PASSWORD });
  assert.equal(error, null);
  assert.ok(data.session && data.user, "signUp returns a session (confirmations are off)");
  return { client: c, email, session: data.session, user: data.user };
}

function assertApiError(error: AuthError | null, status: number, code: string) {
  assert.ok(error, `expected an error with code ${code}`);
  assert.ok(isAuthApiError(error), `expected AuthApiError, got ${error.name}: ${error.message}`);
  assert.equal(error.status, status);
  assert.equal(error.code, code);
}

Deno.test("signUp creates distinct confirmed users with a session each", async () => {
  const a = await signUp("a");
  const b = await signUp("b");
  assert.notEqual(a.user.id, b.user.id);
  for (const u of [a, b]) {
    assert.equal(u.user.email, u.email);
    assert.equal(u.user.aud, "authenticated");
    assert.ok(u.user.email_confirmed_at);
    assert.deepEqual(u.user.app_metadata, { provider: "email", providers: ["email"] });
    assert.equal(u.user.identities?.length, 1);
    assert.equal(u.user.identities?.[0].provider, "email");
    assert.equal(u.session.token_type, "bearer");
    assert.ok(u.session.expires_in >= 300);
    assert.ok(u.session.refresh_token);
  }
});

Deno.test("signInWithPassword returns a session whose JWT has Supabase's claims", async () => {
  const { email, user } = await signUp("signin");
  // Addresses are compared case-insensitively, as GoTrue does.
  const { data, error } = await client().auth.signInWithPassword({
    email: email.toUpperCase(),
    password: PASSWORD,
  });
  assert.equal(error, null);
  assert.equal(data.user?.id, user.id);
  const claims = decodeJwt(data.session!.access_token);
  assert.equal(claims.sub, user.id);
  assert.equal(claims.role, "authenticated");
  assert.equal(claims.aud, "authenticated");
  assert.equal(claims.email, email);
  assert.equal(claims.aal, "aal1");
  assert.equal(claims.is_anonymous, false);
  assert.equal(typeof claims.session_id, "string");
  assert.deepEqual((claims.app_metadata as { provider: string }).provider, "email");
  assert.ok(typeof claims.exp === "number" && typeof claims.iat === "number");
});

Deno.test("refreshSession rotates the refresh token within one session", async () => {
  const { session } = await signUp("refresh");
  const c = client();
  const { data, error } = await c.auth.refreshSession({ refresh_token: session.refresh_token });
  assert.equal(error, null);
  assert.ok(data.session);
  assert.notEqual(data.session.refresh_token, session.refresh_token);
  assert.equal(
    decodeJwt(data.session.access_token).session_id,
    decodeJwt(session.access_token).session_id,
  );

  const unknown = await client().auth.refreshSession({ refresh_token: "not-a-real-token" });
  assertApiError(unknown.error, 400, "refresh_token_not_found");
});

Deno.test("two parallel refreshes of one session both get its new refresh token", async () => {
  const { session } = await signUp("parallel");
  const [a, b] = await Promise.all(
    [client(), client()].map((c) =>
      c.auth.refreshSession({ refresh_token: session.refresh_token })
    ),
  );
  assert.equal(a.error, null);
  assert.equal(b.error, null);
  assert.equal(a.data.session!.refresh_token, b.data.session!.refresh_token);
  // The session lives on: its current token still refreshes.
  const next = await client().auth.refreshSession({ refresh_token: a.data.session!.refresh_token });
  assert.equal(next.error, null);
});

Deno.test("a rotated refresh token is honoured within the reuse interval, refused after", async () => {
  let now = Date.now();
  await withAuthServer({ now: () => new Date(now), refreshTokenReuseInterval: 10 }, async (url) => {
    const signedUp = await client(url).auth.signUp({
      email: uniqueEmail("reuse"),
      password: PASSWORD,
    });
    assert.equal(signedUp.error, null);
    const first = signedUp.data.session!.refresh_token;
    const rotated = await client(url).auth.refreshSession({ refresh_token: first });
    assert.equal(rotated.error, null);
    const current = rotated.data.session!.refresh_token;

    // A client that lost the answer retries: GoTrue answers with the session's current token.
    now += 5_000;
    const retried = await client(url).auth.refreshSession({ refresh_token: first });
    assert.equal(retried.error, null);
    assert.equal(retried.data.session!.refresh_token, current);
    assert.equal(
      decodeJwt(retried.data.session!.access_token).session_id,
      decodeJwt(signedUp.data.session!.access_token).session_id,
    );

    // Past the interval a replay is a possible theft: refused, and the whole session with it.
    now += 6_000;
    const replayed = await client(url).auth.refreshSession({ refresh_token: first });
    assertApiError(replayed.error, 400, "refresh_token_already_used");
    const afterTheft = await client(url).auth.refreshSession({ refresh_token: current });
    assertApiError(afterTheft.error, 400, "refresh_token_already_used");
  });
});

Deno.test("a wrong password or unknown address is invalid_credentials", async () => {
  const { email } = await signUp("wrongpw");
  const wrong = await client().auth.signInWithPassword({ email, password: "not-the-password" });
  assertApiError(wrong.error, 400, "invalid_credentials");
  assert.equal(wrong.data.session, null);
  const unknown = await client().auth.signInWithPassword({
    email: uniqueEmail("nobody"),
    password: PASSWORD,
  });
  assertApiError(unknown.error, 400, "invalid_credentials");
});

Deno.test("signing up an existing address is user_already_exists", async () => {
  const { email } = await signUp("dup");
  const { data, error } = await client().auth.signUp({
    email: ` ${email.toUpperCase()} `,
    password: PASSWORD,
  });
  assertApiError(error, 422, "user_already_exists");
  assert.equal(data.session, null);
});

Deno.test("a short password is an AuthWeakPasswordError", async () => {
  const { error } = await client().auth.signUp({ email: uniqueEmail("weak"), password: "abc" });
  assert.ok(isAuthWeakPasswordError(error), `expected AuthWeakPasswordError, got ${error}`);
  assert.equal(error.status, 422);
  assert.deepEqual(error.reasons, ["length"]);
});

Deno.test("a NUL character or an oversized body is a 4xx AuthApiError, never a 500", async () => {
  const nulPassword = await client().auth.signUp({
    email: uniqueEmail("nul"),
    password: "pass\u0000word",
  });
  assert.ok(isAuthApiError(nulPassword.error), `expected AuthApiError, got ${nulPassword.error}`);
  assert.equal(nulPassword.error.status, 400);
  const nulMetadata = await client().auth.signUp({
    email: uniqueEmail("nul"),
    password: "password-123",
    options: { data: { note: "a\u0000b" } },
  });
  assert.equal(nulMetadata.error?.status, 400);
  const huge = await client().auth.signUp({
    email: uniqueEmail("huge"),
    password: "password-123",
    options: { data: { note: "x".repeat(2 * 1024 * 1024) } },
  });
  assert.equal(huge.error?.status, 413);
});

Deno.test("getUser returns the signed-in user, from the session or a given JWT", async () => {
  const { client: c, session, user } = await signUp("getuser");
  const fromSession = await c.auth.getUser();
  assert.equal(fromSession.error, null);
  assert.equal(fromSession.data.user?.id, user.id);
  const fromJwt = await client().auth.getUser(session.access_token);
  assert.equal(fromJwt.error, null);
  assert.equal(fromJwt.data.user?.email, user.email);
  // The anon key is a valid JWT but names no user.
  const anon = await client().auth.getUser(need("SUPABASE_ANON_KEY"));
  assertApiError(anon.error, 403, "bad_jwt");
});

Deno.test("updateUser merges user_metadata and changes the password", async () => {
  const { client: c, email } = await signUp("update");
  const first = await c.auth.updateUser({ data: { display_name: "Ada", theme: "dark" } });
  assert.equal(first.error, null);
  assert.equal(first.data.user?.user_metadata.display_name, "Ada");
  const second = await c.auth.updateUser({ data: { theme: null } });
  assert.equal(second.error, null);
  assert.equal(second.data.user?.user_metadata.display_name, "Ada");
  assert.equal("theme" in (second.data.user?.user_metadata ?? {}), false);
  const fetched = await c.auth.getUser();
  assert.equal(fetched.data.user?.user_metadata.display_name, "Ada");

  const changed = await c.auth.updateUser({ password: "a-new-password" });
  assert.equal(changed.error, null);
  const oldPw = await client().auth.signInWithPassword({ email, password: PASSWORD });
  assertApiError(oldPw.error, 400, "invalid_credentials");
  const newPw = await client().auth.signInWithPassword({ email, password: "a-new-password" });
  assert.equal(newPw.error, null);
});

Deno.test("after signOut the old access and refresh tokens are refused", async () => {
  const { client: c, session } = await signUp("signout");
  const { error } = await c.auth.signOut();
  assert.equal(error, null);
  const { data: after } = await c.auth.getSession();
  assert.equal(after.session, null);

  const user = await client().auth.getUser(session.access_token);
  assert.ok(
    isAuthSessionMissingError(user.error),
    `expected AuthSessionMissingError (session_not_found), got ${user.error}`,
  );
  const refreshed = await client().auth.refreshSession({ refresh_token: session.refresh_token });
  assertApiError(refreshed.error, 400, "refresh_token_not_found");
});

Deno.test("sign-ins and sign-ups past config.toml's sign_in_sign_ups are a 429", async () => {
  await withAuthServer({}, async (url) => {
    const attempt = () =>
      client(url).auth.signInWithPassword({
        email: uniqueEmail("flood"),
        password: "wrong-password",
      });
    for (let i = 0; i < 30; i++) {
      assertApiError((await attempt()).error, 400, "invalid_credentials");
    }
    assertApiError((await attempt()).error, 429, "over_request_rate_limit");
    const signUp = await client(url).auth.signUp({
      email: uniqueEmail("flood"),
      password: PASSWORD,
    });
    assertApiError(signUp.error, 429, "over_request_rate_limit");

    // GoTrue's body, and when to come back.
    const raw = await fetch(`${url}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "a@example.test", password: "x" }),
    });
    assert.equal(raw.status, 429);
    assert.ok(Number(raw.headers.get("Retry-After")) > 0);
    const body = await raw.json();
    assert.equal(body.code, "over_request_rate_limit");
    assert.equal(body.error_code, "over_request_rate_limit");
    assert.equal(body.msg, "Request rate limit reached");

    // Limits are per client address: another one (as a proxy reports it) is not affected.
    const other = await client(url, { "X-Forwarded-For": "203.0.113.9" }).auth.signInWithPassword({
      email: uniqueEmail("other"),
      password: "wrong-password",
    });
    assertApiError(other.error, 400, "invalid_credentials");
  });
});

Deno.test("refreshes past config.toml's token_refresh are a 429", async () => {
  await withAuthServer({}, async (url) => {
    const c = client(url);
    // A different token each time: supabase-js does not resend one that just failed.
    const refresh = () =>
      c.auth.refreshSession({ refresh_token: `not-a-real-token-${crypto.randomUUID()}` });
    for (let i = 0; i < 150; i++) {
      assertApiError((await refresh()).error, 400, "refresh_token_not_found");
    }
    assertApiError((await refresh()).error, 429, "over_request_rate_limit");
  });
});

Deno.test("passwords are hashed with bcrypt cost 10, as GoTrue does", async () => {
  const { client: c, user } = await signUp("bcrypt");
  const hash = () =>
    withDb(async (sql) =>
      (await sql`select encrypted_password from auth.users where id = ${user.id}`)[0]
        .encrypted_password as string
    );
  assert.match(await hash(), /^\$2[aby]\$10\$/);
  assert.equal((await c.auth.updateUser({ password: "another-password" })).error, null);
  assert.match(await hash(), /^\$2[aby]\$10\$/);
});

Deno.test("an unknown address costs the same bcrypt work as a wrong password", async () => {
  const { email } = await signUp("timing");
  // Counted, not timed: the number of crypt() calls each sign-in check makes (counting them
  // needs track_functions, which only a superuser may set).
  const cryptCalls = (address: string) =>
    withDb((sql) =>
      sql.begin(async (tx) => {
        await tx`set local track_functions = 'all'`;
        const found = await checkPassword(tx, address, "wrong-password", new Date());
        assert.ok(!found?.valid);
        const [row] = await tx`
          select coalesce(sum(calls), 0)::int as calls from pg_stat_xact_user_functions
          where funcname = 'crypt'`;
        return row.calls as number;
      }), true);
  assert.equal(await cryptCalls(email), 1);
  assert.equal(await cryptCalls(uniqueEmail("nobody")), 1);
});

Deno.test("user metadata over 16 levels deep or 16 KB is refused with a 400", async () => {
  const tooDeep = await client().auth.signUp({
    email: uniqueEmail("deep"),
    password: PASSWORD,
    options: { data: nested(17) },
  });
  assertApiError(tooDeep.error, 400, "validation_failed");
  const tooBig = await client().auth.signUp({
    email: uniqueEmail("big"),
    password: PASSWORD,
    options: { data: { note: "x".repeat(16 * 1024) } },
  });
  assertApiError(tooBig.error, 400, "validation_failed");

  const ok = await client().auth.signUp({
    email: uniqueEmail("bounds"),
    password: PASSWORD,
    options: { data: nested(16) },
  });
  assert.equal(ok.error, null);
  const c = client();
  await c.auth.setSession(ok.data.session!);
  assertApiError((await c.auth.updateUser({ data: nested(17) })).error, 400, "validation_failed");
  // The limit applies to what is stored: two halves that fit alone do not fit together.
  assert.equal((await c.auth.updateUser({ data: { a: "x".repeat(9_000) } })).error, null);
  const merged = await c.auth.updateUser({ data: { b: "x".repeat(9_000) } });
  assertApiError(merged.error, 400, "validation_failed");
});

Deno.test("metadata 5,000 levels deep cannot brick an account", async () => {
  const { client: c, email, user } = await signUp("brick");
  let deep = "1";
  for (let i = 0; i < 5_000; i++) deep = `{"a":${deep}}`;
  const { data } = await c.auth.getSession();
  const put = await fetch(`${need("SUPABASE_URL")}/auth/v1/user`, {
    method: "PUT",
    headers: {
      Authorization: `Bearer ${data.session!.access_token}`,
      "Content-Type": "application/json",
    },
    body: `{"data":${deep}}`,
  });
  assert.equal(put.status, 400);
  await put.body?.cancel();

  // Stored anyway (by an older server, or by SQL): sign-in and refresh still work.
  await withDb((sql) =>
    sql`update auth.users set raw_user_meta_data = ${`{"a":${deep}}`}::jsonb where id = ${user.id}`
  );
  const signIn = await client().auth.signInWithPassword({ email, password: PASSWORD });
  assert.equal(signIn.error, null);
  const refreshed = await client().auth.refreshSession({
    refresh_token: signIn.data.session!.refresh_token,
  });
  assert.equal(refreshed.error, null);
  const fetched = await client().auth.getUser(refreshed.data.session!.access_token);
  assert.equal(fetched.error, null);
  assert.equal(fetched.data.user?.id, user.id);
});

Deno.test("a lone surrogate anywhere in a request is a 400, never a 500", async () => {
  const inData = await client().auth.signUp({
    email: uniqueEmail("surrogate"),
    password: PASSWORD,
    options: { data: { name: "a\ud800b" } },
  });
  assertApiError(inData.error, 400, "validation_failed");
  const inPassword = await client().auth.signUp({
    email: uniqueEmail("surrogate"),
    password: "pass\udc00word",
  });
  assertApiError(inPassword.error, 400, "validation_failed");
  const { client: c } = await signUp("surrogate");
  const update = await c.auth.updateUser({ data: { ["\udfff"]: 1 } });
  assertApiError(update.error, 400, "validation_failed");
});
