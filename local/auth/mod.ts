/**
 * The local Supabase Auth (GoTrue) subset that supabase-js uses for email/password:
 * signup, password and refresh-token grants, the current user, logout, and the public
 * discovery endpoints. Same paths, bodies, error codes and `auth` tables as GoTrue with
 * `supabase start`'s defaults (email confirmations off, no other providers).
 * Local development and tests only.
 */
import type { Sql } from "postgres";
import { type AuthRateLimits, readAuthConfig } from "./config.ts";
import { API_VERSION, AuthError, errorResponse, json } from "./errors.ts";
import { metadataProblem } from "./metadata.ts";
import { clientAddress, type SlidingWindowLimiter, slidingWindowLimiter } from "./rate_limit.ts";
import { findLoneSurrogate } from "./unicode.ts";
import { findNul, readBodyText } from "../../supabase/functions/_shared/body.ts";
import { transaction } from "../../supabase/functions/_shared/db.ts";
import { isDatabaseUnavailable } from "../../supabase/functions/_shared/db_unavailable.ts";
import { HttpError } from "../../supabase/functions/_shared/errors.ts";
import { signAccessToken, verifyAccessToken } from "./tokens.ts";
import {
  checkPassword,
  createSession,
  type Db,
  emailExists,
  insertUser,
  isCurrentPassword,
  loadUser,
  logout,
  rotateRefreshToken,
  sessionCreatedAt,
  setPassword,
  updateUserMetadata,
  type User,
} from "./users.ts";

export { AuthError } from "./errors.ts";
export type { AuthRateLimits } from "./config.ts";

export interface AuthOptions {
  /** A postgres.js pool connected as `postgres`, which may write the `auth` schema. */
  sql: Sql;
  /** HS256 secret for access tokens. */
  jwtSecret: string;
  /** The `iss` claim, e.g. "http://127.0.0.1:54321/auth/v1". */
  issuer: string;
  /** Access token lifetime; default 3600. */
  jwtExpirySeconds?: number;
  /** Minimum password length (in bytes, as GoTrue counts); default 6. */
  minPasswordLength?: number;
  /**
   * Requests per client address in 5 minutes; default: supabase/config.toml's
   * `[auth.rate_limit]` (a test stack that signs up many users from one address raises them).
   */
  rateLimits?: Partial<AuthRateLimits>;
  /**
   * Seconds a rotated refresh token may still be exchanged; default: config.toml's
   * `refresh_token_reuse_interval`.
   */
  refreshTokenReuseInterval?: number;
  /**
   * Longest a request may take before it is answered 503 (default 8 s): the database's own
   * timeouts cannot fire on a connection that never completes or a server that froze.
   */
  requestDeadlineMs?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

/** `client` is the address the request is rate limited under. */
type Handler = (req: Request, url: URL, client: string) => Promise<Response>;

/** Under the 10 s within which a client must get some answer, even from a lost database. */
const REQUEST_DEADLINE_MS = 8_000;

/** GoTrue counts `[auth.rate_limit]`'s sign-in and refresh limits over 5 minutes. */
const RATE_LIMIT_WINDOW_MS = 5 * 60 * 1000;
/** bcrypt ignores everything past 72 bytes, so GoTrue refuses longer passwords. */
const MAX_PASSWORD_BYTES = 72;
const AUDIENCE = "authenticated";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * Creates the handler for requests under `/auth/v1`. `subpath` is the rest of the path
 * ("/signup", "/token", ...); `remoteAddress` is the socket's peer, the rate limits' key
 * when no `X-Forwarded-For` names the client. CORS is the caller's job. Never throws:
 * failures become GoTrue-shaped error responses.
 */
export function createAuthHandler(
  opts: AuthOptions,
): (req: Request, subpath: string, remoteAddress?: string) => Promise<Response> {
  const { sql, jwtSecret: secret, issuer } = opts;
  const expiresIn = opts.jwtExpirySeconds ?? 3600;
  const minLength = opts.minPasswordLength ?? 6;
  const clock = opts.now ?? (() => new Date());
  const config = readAuthConfig();
  const limits = { ...config.rateLimits, ...opts.rateLimits };
  const reuseInterval = opts.refreshTokenReuseInterval ?? config.refreshTokenReuseInterval;
  const limiter = (limit: number) =>
    slidingWindowLimiter({
      limit,
      windowMs: RATE_LIMIT_WINDOW_MS,
      now: () => clock().getTime(),
    });
  const signInSignUps = limiter(limits.signInSignUps);
  const tokenRefresh = limiter(limits.tokenRefresh);

  /** GoTrue's answer once an address has used up a limit (counted before any work is done). */
  function rateLimit(limiter: SlidingWindowLimiter, client: string) {
    const retryAfter = limiter.take(client);
    if (retryAfter > 0) {
      throw new AuthError(429, "over_request_rate_limit", "Request rate limit reached", {}, {
        "Retry-After": String(retryAfter),
      });
    }
  }

  /** A session response (GoTrue's AccessTokenResponse) for a freshly issued refresh token. */
  async function issueSession(
    db: Db,
    s: { userId: string; sessionId: string; authenticatedAt: Date; refreshToken: string },
  ) {
    const user = await loadUser(db, s.userId);
    if (!user) throw new Error("user vanished while issuing a session");
    const { token, exp } = await signAccessToken({
      sub: user.id,
      aud: user.aud,
      role: user.role,
      email: user.email,
      phone: user.phone,
      app_metadata: claimable(user.id, "app_metadata", user.app_metadata),
      user_metadata: claimable(user.id, "user_metadata", user.user_metadata),
      session_id: s.sessionId,
      is_anonymous: user.is_anonymous,
      authenticatedAt: Math.floor(s.authenticatedAt.getTime() / 1000),
    }, { secret, issuer, expiresIn, now: clock() });
    return json(200, {
      access_token: token,
      token_type: "bearer",
      expires_in: expiresIn,
      expires_at: exp,
      refresh_token: s.refreshToken,
      user,
    });
  }

  /** GoTrue's password rules: too long is a validation error, too short a weak password. */
  function checkPasswordStrength(password: string) {
    const bytes = new TextEncoder().encode(password).length;
    if (bytes > MAX_PASSWORD_BYTES) {
      throw new AuthError(
        400,
        "validation_failed",
        `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`,
      );
    }
    if (bytes < minLength) {
      throw new AuthError(
        422,
        "weak_password",
        `Password should be at least ${minLength} characters.`,
        { weak_password: { reasons: ["length"] } },
      );
    }
  }

  /**
   * GoTrue's requireAuthentication: a valid bearer JWT whose user exists and, if it names
   * a session, whose session still exists (a logged-out token is refused).
   */
  async function authenticate(req: Request) {
    const match = /^[Bb]earer (\S+)$/.exec(req.headers.get("Authorization") ?? "");
    if (!match) {
      throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
    }
    const claims = await verifyAccessToken(match[1], { secret, now: clock() });
    if (!claims.sub) throw new AuthError(403, "bad_jwt", "invalid claim: missing sub claim");
    if (!UUID_RE.test(claims.sub)) {
      throw new AuthError(400, "bad_jwt", "invalid claim: sub claim must be a UUID");
    }
    const user = await loadUser(sql, claims.sub);
    if (!user) {
      throw new AuthError(403, "user_not_found", "User from sub claim in JWT does not exist");
    }
    let sessionId: string | null = null;
    const sid = claims.session_id;
    if (sid && sid !== "00000000-0000-0000-0000-000000000000") {
      if (!UUID_RE.test(sid)) {
        throw new AuthError(403, "bad_jwt", "invalid claim: session_id claim must be a UUID");
      }
      if (!(await sessionCreatedAt(sql, sid))) {
        throw new AuthError(
          403,
          "session_not_found",
          "Session from session_id claim in JWT does not exist",
        );
      }
      sessionId = sid;
    }
    return { user, sessionId, aud: claims.aud };
  }

  const signup: Handler = async (req, _url, client) => {
    rateLimit(signInSignUps, client);
    const body = await readBody(req);
    const rawEmail = stringField(body, "email");
    const password = stringField(body, "password");
    const phone = stringField(body, "phone");
    const data = objectField(body, "data") ?? {};
    checkMetadata(data);
    // GoTrue treats a signup without email or phone as an anonymous sign-in, which
    // `supabase start` leaves disabled.
    if (!rawEmail && !phone) {
      throw new AuthError(422, "anonymous_provider_disabled", "Anonymous sign-ins are disabled");
    }
    if (!password) {
      throw new AuthError(400, "validation_failed", "Signup requires a valid password");
    }
    checkPasswordStrength(password);
    if (rawEmail && phone) {
      throw new AuthError(
        400,
        "validation_failed",
        "Only an email address or phone number should be provided on signup.",
      );
    }
    if (phone) throw new AuthError(400, "phone_provider_disabled", "Phone signups are disabled");
    const email = validateEmail(rawEmail!);
    const now = clock();
    const created = await transaction(sql, async (tx) => {
      if (await emailExists(tx, email)) throw userExists();
      let userId: string;
      try {
        userId = await insertUser(tx, { email, password, data, now });
      } catch (err) {
        // A concurrent signup with the same address loses on the unique index.
        if ((err as { code?: string }).code === "23505") throw userExists();
        if (isDatabaseUnavailable(err)) throw err;
        // Usually a project trigger on auth.users failing: say so, as GoTrue does.
        console.error(`[auth] saving a new user failed: ${(err as Error).message}`);
        throw new AuthError(500, "unexpected_failure", "Database error saving new user");
      }
      const s = await createSession(tx, { userId, now, userAgent: req.headers.get("User-Agent") });
      return { userId, ...s };
    });
    return issueSession(sql, { ...created, authenticatedAt: now });
  };

  const passwordGrant: Handler = async (req, _url, client) => {
    rateLimit(signInSignUps, client);
    const body = await readBody(req);
    const rawEmail = stringField(body, "email");
    const phone = stringField(body, "phone");
    const password = stringField(body, "password") ?? "";
    if (rawEmail && phone) {
      throw new AuthError(
        400,
        "validation_failed",
        "Only an email address or phone number should be provided on login.",
      );
    }
    if (phone) throw new AuthError(422, "phone_provider_disabled", "Phone logins are disabled");
    if (!rawEmail) throw new AuthError(400, "validation_failed", "missing email or phone");
    const now = clock();
    const found = await checkPassword(sql, normaliseEmail(rawEmail), password, now);
    if (!found) throw invalidCredentials();
    if (found.banned) throw new AuthError(400, "user_banned", "User is banned");
    if (!found.valid) throw invalidCredentials();
    if (!found.confirmed) throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
    const s = await transaction(
      sql,
      (tx) =>
        createSession(tx, { userId: found.id, now, userAgent: req.headers.get("User-Agent") }),
    );
    return issueSession(sql, { userId: found.id, ...s, authenticatedAt: now });
  };

  const refreshGrant: Handler = async (req, _url, client) => {
    rateLimit(tokenRefresh, client);
    const body = await readBody(req);
    const token = stringField(body, "refresh_token");
    if (!token) throw new AuthError(400, "validation_failed", "refresh_token required");
    const now = clock();
    const result = await transaction(
      sql,
      (tx) => rotateRefreshToken(tx, token, now, reuseInterval),
    );
    if (result instanceof AuthError) throw result;
    return issueSession(sql, {
      userId: result.userId,
      sessionId: result.sessionId,
      authenticatedAt: result.sessionCreatedAt,
      refreshToken: result.refreshToken,
    });
  };

  const token: Handler = (req, url, client) => {
    // GoTrue reads grant_type as a form value: the query string (supabase-js) or a form body.
    switch (url.searchParams.get("grant_type")) {
      case "password":
        return passwordGrant(req, url, client);
      case "refresh_token":
        return refreshGrant(req, url, client);
      default:
        // GoTrue's exact answer: the invalid_credentials code, the OAuth error as message.
        throw new AuthError(400, "invalid_credentials", "unsupported_grant_type");
    }
  };

  const getUser: Handler = async (req) => {
    const { user, aud } = await authenticate(req);
    const firstAud = Array.isArray(aud) ? aud[0] : aud;
    if (firstAud !== AUDIENCE) {
      throw new AuthError(
        400,
        "validation_failed",
        "Token audience doesn't match request audience",
      );
    }
    return json(200, user);
  };

  const updateUser: Handler = async (req) => {
    const { user, sessionId } = await authenticate(req);
    const body = await readBody(req);
    const data = objectField(body, "data");
    if (data) checkMetadata(data);
    const password = stringField(body, "password");
    const email = stringField(body, "email");
    const phone = stringField(body, "phone");
    if (body.app_metadata != null) {
      throw new AuthError(403, "not_admin", "Updating app_metadata requires admin privileges");
    }
    // Changing either needs a confirmation message, which this server cannot send.
    if ((email && normaliseEmail(email) !== user.email) || (phone && phone !== user.phone)) {
      throw new AuthError(
        422,
        "feature_disabled",
        "Changing the email address or phone number is not supported by the local auth server",
      );
    }
    if (password !== undefined) {
      checkPasswordStrength(password);
      if (await isCurrentPassword(sql, user.id, password)) {
        throw new AuthError(
          422,
          "same_password",
          "New password should be different from the old password.",
        );
      }
    }
    const now = clock();
    await transaction(sql, async (tx) => {
      if (password !== undefined) {
        await setPassword(tx, { userId: user.id, password, sessionId, now });
      }
      if (data) await updateUserMetadata(tx, user.id, data, now);
    });
    return json(200, await loadUser(sql, user.id));
  };

  const logoutRoute: Handler = async (req, url) => {
    const scope = url.searchParams.get("scope") || "global";
    if (scope !== "global" && scope !== "local" && scope !== "others") {
      throw new AuthError(400, "validation_failed", `Unsupported logout scope "${scope}"`);
    }
    const { user, sessionId } = await authenticate(req);
    await transaction(sql, (tx) => logout(tx, user.id, sessionId, scope));
    return new Response(null, { status: 204, headers: { "X-Supabase-Api-Version": API_VERSION } });
  };

  const routes: Record<string, Record<string, Handler>> = {
    "/health": {
      GET: () =>
        Promise.resolve(json(200, {
          version: "local",
          name: "GoTrue",
          description: "GoTrue is a user registration and authentication API",
        })),
    },
    "/settings": { GET: () => Promise.resolve(json(200, SETTINGS)) },
    // GoTrue never publishes HMAC secrets; with only an HS256 key the set is empty.
    "/.well-known/jwks.json": { GET: () => Promise.resolve(json(200, { keys: [] })) },
    "/signup": { POST: signup },
    "/token": { POST: token },
    "/user": { GET: getUser, PUT: updateUser },
    "/logout": { POST: logoutRoute },
  };

  return async (req, subpath, remoteAddress) => {
    try {
      const url = new URL(req.url);
      // GoTrue's router accepts a trailing slash ("/user/").
      const path = subpath.length > 1 ? subpath.replace(/\/+$/, "") : subpath;
      const methods = routes[path];
      if (!methods) throw new AuthError(404, "not_found", "Not Found");
      const handler = methods[req.method];
      if (!handler) {
        const allow = Object.keys(methods).join(", ");
        return errorResponse(
          new AuthError(405, "method_not_allowed", "Method Not Allowed"),
          { Allow: allow },
        );
      }
      return await withinDeadline(
        handler(req, url, clientAddress(req, remoteAddress)),
        opts.requestDeadlineMs ?? REQUEST_DEADLINE_MS,
      );
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * `work`, or a DATABASE_DEADLINE error (a 503, as db.ts's own deadline) once `ms` have
 * passed; the work then finishes or fails on its own, unobserved.
 */
async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`No answer from the database within ${ms} ms`), {
            code: "DATABASE_DEADLINE",
          }),
        ),
      ms,
    );
  });
  work.catch(() => {}); // a failure after the deadline is nobody's to handle
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `GET /settings` reports: `supabase start` defaults with only email enabled. */
const SETTINGS = {
  external: Object.fromEntries(
    [
      "anonymous_users",
      "apple",
      "azure",
      "bitbucket",
      "discord",
      "facebook",
      "snapchat",
      "figma",
      "fly",
      "github",
      "gitlab",
      "google",
      "keycloak",
      "kakao",
      "linkedin",
      "linkedin_oidc",
      "notion",
      "spotify",
      "slack",
      "slack_oidc",
      "workos",
      "twitch",
      "twitter",
      "email",
      "phone",
      "zoom",
    ].map((p) => [p, p === "email"]),
  ),
  disable_signup: false,
  mailer_autoconfirm: true,
  phone_autoconfirm: false,
  sms_provider: "",
  saml_enabled: false,
};

const userExists = () => new AuthError(422, "user_already_exists", "User already registered");
const invalidCredentials = () =>
  new AuthError(400, "invalid_credentials", "Invalid login credentials");

/**
 * The JSON object body, at most 1 MB (413); anything else is GoTrue's 400 `bad_json`. A NUL
 * character is refused here: Postgres text cannot hold one, so it would fail as a 500 later.
 */
async function readBody(req: Request): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBodyText(req);
  } catch (err) {
    if (err instanceof HttpError) throw new AuthError(err.status, "validation_failed", err.detail);
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: ${(err as Error).message}`,
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AuthError(400, "bad_json", "Could not parse request body as JSON: not an object");
  }
  const nulAt = findNul(text, body);
  if (nulAt) {
    throw new AuthError(400, "validation_failed", `"${nulAt}" cannot contain NUL characters`);
  }
  const surrogateAt = findLoneSurrogate(text, body);
  if (surrogateAt) {
    throw new AuthError(
      400,
      "validation_failed",
      `"${surrogateAt}" contains an unpaired UTF-16 surrogate, which is not Unicode text`,
    );
  }
  return body as Record<string, unknown>;
}

/** Refuses metadata outside the bounds (see metadata.ts) with GoTrue's validation error. */
function checkMetadata(data: Record<string, unknown>) {
  const problem = metadataProblem(data);
  if (problem) throw new AuthError(400, "validation_failed", `User metadata ${problem}`);
}

/**
 * Metadata as a token claim: what is stored, unless it is outside the bounds (stored before
 * they existed, or by SQL), which would make the token huge or the signer overflow its stack.
 * Then the claim is empty, so the account still signs in; `GET /user` still shows it all.
 */
function claimable(userId: string, field: string, value: Record<string, unknown>) {
  const problem = metadataProblem(value);
  if (!problem) return value;
  console.warn(`[auth] user ${userId}: ${field} ${problem}; left out of the access token`);
  return {};
}

/** A string field; null or absent is undefined, another type is `bad_json` (as Go's decoder). */
function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v == null) return undefined;
  if (typeof v !== "string") {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: "${key}" must be a string`,
    );
  }
  return v;
}

function objectField(body: Record<string, unknown>, key: string) {
  const v = body[key];
  if (v == null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: "${key}" must be an object`,
    );
  }
  return v as Record<string, unknown>;
}

/** Addresses are stored and compared trimmed and lowercased. */
function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

function validateEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (!email) throw new AuthError(400, "validation_failed", "An email address is required");
  if (email.length > 255) {
    throw new AuthError(400, "validation_failed", "An email address is too long");
  }
  if (!EMAIL_RE.test(email)) {
    throw new AuthError(
      400,
      "validation_failed",
      "Unable to validate email address: invalid format",
    );
  }
  return email;
}

export type { User };
