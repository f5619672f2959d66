import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { authenticateUser, timingSafeEqual, verifyAccessToken } from "./auth.ts";
import { resolveEnv } from "./env.ts";
import { HttpError } from "./errors.ts";

const secret = "test-secret-with-at-least-32-characters!!";
const userId = "5b1c0a4e-58a7-4d5e-9a3b-6f1d2c3b4a59";
const now = () => Math.floor(Date.now() / 1000);

function hsToken(claims: Record<string, unknown>, key = secret) {
  return new SignJWT({ role: "authenticated", aud: "authenticated", ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(key));
}

const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
const jwks = JSON.stringify({
  keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }],
});
const env = resolveEnv({ jwtSecret: secret, jwks, supabaseUrl: "http://127.0.0.1:1" });

function request(token?: string) {
  return new Request("http://x/fn", { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function rejects401(promise: Promise<unknown>, detail?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 401);
    if (detail) assert.match(error.detail, detail);
    return true;
  });
}

Deno.test("authenticateUser() accepts an HS256 user token and returns its sub", async () => {
  const token = await hsToken({ sub: userId, exp: now() + 60 });
  const auth = await authenticateUser(request(token), env);
  assert.equal(auth.userId, userId);
  assert.equal(auth.isAdmin, false);
});

Deno.test("authenticateUser() reads the admin role from app_metadata only", async () => {
  const admin = await hsToken({ sub: userId, exp: now() + 60, app_metadata: { role: "admin" } });
  assert.equal((await authenticateUser(request(admin), env)).isAdmin, true);
  const selfMade = await hsToken({
    sub: userId,
    exp: now() + 60,
    user_metadata: { role: "admin" },
  });
  assert.equal((await authenticateUser(request(selfMade), env)).isAdmin, false);
});

Deno.test("authenticateUser() accepts an ES256 token verified with the JWKS", async () => {
  const token = await new SignJWT({ role: "authenticated", sub: userId })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setExpirationTime("1m")
    .sign(privateKey);
  assert.equal((await authenticateUser(request(token), env)).userId, userId);
});

Deno.test("authenticateUser() refuses missing, forged, expired and anon tokens with 401", async () => {
  await rejects401(authenticateUser(request(), env), /required/);
  await rejects401(authenticateUser(request("not-a-jwt"), env), /not a JWT/);
  const forged = await hsToken(
    { sub: userId, exp: now() + 60 },
    "another-secret-of-32-characters-or-more",
  );
  await rejects401(authenticateUser(request(forged), env), /invalid/);
  const expired = await hsToken({ sub: userId, exp: now() - 10 });
  await rejects401(authenticateUser(request(expired), env), /expired/);
  const anon = await hsToken({ role: "anon", exp: now() + 60 });
  await rejects401(authenticateUser(request(anon), env), /signed-in user/);
  const noExp = await hsToken({ sub: userId });
  await rejects401(authenticateUser(request(noExp), env));
});

Deno.test("verifyAccessToken() refuses asymmetric tokens without kid and alg none", async () => {
  const noKid = await new SignJWT({ role: "authenticated", sub: userId })
    .setProtectedHeader({ alg: "ES256" })
    .setExpirationTime("1m")
    .sign(privateKey);
  await rejects401(verifyAccessToken(noKid, env), /kid/);
  const header = btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "");
  const body = btoa(JSON.stringify({ sub: userId, role: "authenticated", exp: now() + 60 }))
    .replace(/=+$/, "");
  await rejects401(verifyAccessToken(`${header}.${body}.`, env), /"none"/);
});

Deno.test("verifyAccessToken() never accepts HS256 when no secret is configured", async () => {
  const token = await hsToken({ sub: userId, exp: now() + 60 });
  await rejects401(verifyAccessToken(token, resolveEnv({ jwks, jwtSecret: "" })), /HS256/);
});

Deno.test("timingSafeEqual() compares whole values", () => {
  assert.equal(timingSafeEqual("abc", "abc"), true);
  assert.equal(timingSafeEqual("abc", "abd"), false);
  assert.equal(timingSafeEqual("abc", "abcd"), false);
  assert.equal(timingSafeEqual("", ""), true);
});

Deno.test("verifyAccessToken() fetches a remote JWKS once and refuses unknown or forged keys", async () => {
  const rsa = await generateKeyPair("RS256", { extractable: true });
  const unpublished = await generateKeyPair("ES256", { extractable: true });
  const published = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256" }] };
  let fetches = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    fetches++;
    return Response.json(published);
  });
  try {
    const remote = resolveEnv({
      jwtSecret: "",
      jwksUrl: `http://127.0.0.1:${server.addr.port}/auth/v1/.well-known/jwks.json`,
    });
    const sign = (key: CryptoKey, alg: string, kid: string) =>
      new SignJWT({ role: "authenticated", sub: userId })
        .setProtectedHeader({ alg, kid })
        .setExpirationTime("1m")
        .sign(key);
    const first = await sign(rsa.privateKey, "RS256", "rsa-1");
    assert.equal((await verifyAccessToken(first, remote)).sub, userId);
    assert.equal((await verifyAccessToken(first, remote)).sub, userId);
    assert.equal(fetches, 1, "keys are cached per isolate");
    // A kid the project never published is refused, not verified some weaker way.
    const unknown = await sign(unpublished.privateKey, "ES256", "ec-unpublished");
    await rejects401(verifyAccessToken(unknown, remote), /invalid/);
    const forged = await sign((await generateKeyPair("ES256")).privateKey, "ES256", "rsa-1");
    await rejects401(verifyAccessToken(forged, remote), /invalid/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("verifyAccessToken() serves a verified token again only for the same key and while it is unexpired", async () => {
  const token = await hsToken({ sub: userId, exp: now() + 1 });
  assert.equal((await verifyAccessToken(token, env)).sub, userId);
  assert.equal((await verifyAccessToken(token, env)).sub, userId);
  // another secret: the remembered verification does not carry over
  const otherEnv = resolveEnv({ jwtSecret: "another-secret-of-32-characters-or-more" });
  await rejects401(verifyAccessToken(token, otherEnv), /invalid/);
  // a changed signature is another token
  const [head, body, signature] = token.split(".");
  const flipped = signature[0] === "A" ? "B" : "A";
  await rejects401(verifyAccessToken(`${head}.${body}.${flipped}${signature.slice(1)}`, env));
  // past exp the remembered claims are dropped and the token is refused as expired
  await new Promise((resolve) => setTimeout(resolve, 2_100 - (Date.now() % 1000)));
  await rejects401(verifyAccessToken(token, env), /expired/);
});
