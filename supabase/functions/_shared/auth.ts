/**
 * Who is calling: verifies the bearer JWT the way Supabase Auth issues it. HS256 tokens are
 * checked with the project's shared secret; ES256/RS256 tokens (projects with asymmetric
 * signing keys) with the project's JWKS, resolved once per isolate. A token that is present
 * but invalid is refused outright: it never falls through to a weaker mode such as anon.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWTPayload,
  jwtVerify,
} from "jose";
import type { FunctionEnv } from "./env.ts";
import { httpError } from "./errors.ts";

/** The claims Supabase Auth puts in an access token (those we rely on are required). */
export interface UserClaims extends JWTPayload {
  sub: string;
  role: string;
  email?: string;
  session_id?: string;
  app_metadata?: { role?: string; [key: string]: unknown };
  user_metadata?: Record<string, unknown>;
  is_anonymous?: boolean;
}

export interface AuthContext {
  userId: string;
  claims: UserClaims;
  token: string;
  /** Admin is an `app_metadata` claim: only the service role can set it, users cannot. */
  isAdmin: boolean;
}

const ASYMMETRIC = new Set(["ES256", "RS256"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type KeySet = ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>;
// One resolver per JWKS source per isolate: jose caches the fetched keys and refetches on an
// unknown kid (rotation), so verification costs no network round trip on the hot path.
const keySets = new Map<string, KeySet>();

function keySetFor(env: FunctionEnv): KeySet {
  const source = env.jwks ?? env.jwksUrl;
  if (!source) throw unauthorized("Asymmetric tokens are not accepted: no JWKS is configured");
  let keys = keySets.get(source);
  if (!keys) {
    keys = env.jwks
      ? createLocalJWKSet(JSON.parse(env.jwks))
      : createRemoteJWKSet(new URL(source), { cooldownDuration: 30_000 });
    keySets.set(source, keys);
  }
  return keys;
}

// The HS256 secret as a CryptoKey, imported once per secret: given raw bytes, jose imports
// them again on every verification, which was most of a token check's cost on the hot path.
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKeyFor(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    hmacKeys.set(secret, key);
  }
  return key;
}

/**
 * Tokens already verified, with their claims. A client sends the same access token on every
 * call until it refreshes it (an hour), and checking the signature again was the largest single
 * cost of a cached answer (profiled: a fifth of the function's CPU). Keyed by the whole token
 * text and the key material it was checked with, so a changed byte or another secret misses;
 * an entry serves only while the token is unexpired and for at most `VERIFIED_MAX_AGE_MS`, so a
 * key withdrawn from the JWKS stops being honoured about as soon as jose's own key cache would
 * let it. Oldest entries go first once `VERIFIED_MAX_ENTRIES` are held.
 */
const verified = new Map<string, { claims: UserClaims; verifiedAt: number }>();
export const VERIFIED_MAX_ENTRIES = 2_000;
export const VERIFIED_MAX_AGE_MS = 5 * 60_000;

function cachedClaims(cacheKey: string, now: number): UserClaims | undefined {
  const entry = verified.get(cacheKey);
  if (!entry) return undefined;
  const { exp, nbf } = entry.claims;
  if (
    now - entry.verifiedAt > VERIFIED_MAX_AGE_MS || typeof exp !== "number" || exp * 1000 <= now ||
    (typeof nbf === "number" && nbf * 1000 > now)
  ) {
    verified.delete(cacheKey);
    return undefined;
  }
  return entry.claims;
}

function rememberClaims(cacheKey: string, claims: UserClaims, now: number): UserClaims {
  if (verified.size >= VERIFIED_MAX_ENTRIES) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey, { claims, verifiedAt: now });
  return claims;
}

function unauthorized(detail: string) {
  return httpError("unauthorized", detail, { headers: { "WWW-Authenticate": "Bearer" } });
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

/**
 * Verifies a Supabase access token and returns its claims; throws a 401 `HttpError` for
 * anything else (bad signature, expired, unknown algorithm, missing `kid` on asymmetric
 * tokens, no `exp`/`sub`).
 */
export async function verifyAccessToken(token: string, env: FunctionEnv): Promise<UserClaims> {
  const now = Date.now();
  const cacheKey = `${env.jwtSecret ?? ""}\n${env.jwks ?? env.jwksUrl ?? ""}\n${token}`;
  return cachedClaims(cacheKey, now) ??
    rememberClaims(cacheKey, await verifySignedToken(token, env), now);
}

async function verifySignedToken(token: string, env: FunctionEnv): Promise<UserClaims> {
  let alg: string | undefined;
  let kid: string | undefined;
  try {
    ({ alg, kid } = decodeProtectedHeader(token));
  } catch {
    throw unauthorized("The bearer token is not a JWT");
  }
  try {
    if (alg === "HS256") {
      if (!env.jwtSecret) throw unauthorized("HS256 tokens are not accepted by this project");
      const { payload } = await jwtVerify(token, await hmacKeyFor(env.jwtSecret), {
        algorithms: ["HS256"],
        requiredClaims: ["exp"],
      });
      return payload as UserClaims;
    }
    if (alg && ASYMMETRIC.has(alg)) {
      if (!kid) throw unauthorized("The token header has no kid");
      const { payload } = await jwtVerify(token, keySetFor(env), {
        algorithms: [alg],
        requiredClaims: ["exp"],
      });
      return payload as UserClaims;
    }
  } catch (error) {
    if (error instanceof Error && error.name === "HttpError") throw error;
    const code = (error as { code?: string }).code;
    throw unauthorized(
      code === "ERR_JWT_EXPIRED" ? "The token has expired" : "The token is invalid",
    );
  }
  throw unauthorized(`Tokens signed with "${alg ?? "none"}" are not accepted`);
}

/**
 * Authenticates a signed-in user: a valid access token whose role is `authenticated` and
 * whose `sub` is a user id. The anon key is a valid JWT, but not a user: 401.
 */
export async function authenticateUser(req: Request, env: FunctionEnv): Promise<AuthContext> {
  const token = bearerToken(req);
  if (!token) throw unauthorized("A bearer token is required");
  const claims = await verifyAccessToken(token, env);
  if (claims.role !== "authenticated" || typeof claims.sub !== "string" || !UUID.test(claims.sub)) {
    throw unauthorized("A signed-in user's access token is required");
  }
  return {
    userId: claims.sub,
    claims,
    token,
    isAdmin: claims.app_metadata?.role === "admin",
  };
}

/**
 * Compares two secrets in time that depends only on their lengths, so an attacker cannot
 * learn a key byte by byte from response times.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  }
  return diff === 0;
}

/** True when the request carries the project's service-role key (system callers). */
export function hasServiceRoleKey(req: Request, env: FunctionEnv): boolean {
  const token = bearerToken(req);
  return !!token && !!env.serviceRoleKey && timingSafeEqual(token, env.serviceRoleKey);
}
