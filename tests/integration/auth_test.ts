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

function need(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set: run the integration tests against a stack`);
  return value;
}

function client(): SupabaseClient {
  return createClient(need("SUPABASE_URL"), need("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false },
  });
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

Deno.test("refreshSession rotates the refresh token and refuses the old one", async () => {
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

  const reused = await client().auth.refreshSession({ refresh_token: session.refresh_token });
  assertApiError(reused.error, 400, "refresh_token_already_used");

  const unknown = await client().auth.refreshSession({ refresh_token: "not-a-real-token" });
  assertApiError(unknown.error, 400, "refresh_token_not_found");
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
