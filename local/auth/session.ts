/** Sessions as GoTrue answers them, and the bearer check of the routes that need a user. */
import type { AuthContext } from "./context.ts";
import { AuthError, json } from "./errors.ts";
import { metadataProblem } from "./metadata.ts";
import { signAccessToken, verifyGoTrueToken } from "./tokens.ts";
import { type Db, loadUser, sessionCreatedAt, type User } from "./users.ts";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A session response (GoTrue's AccessTokenResponse) for a freshly issued refresh token. */
export async function issueSession(
  ctx: AuthContext,
  db: Db,
  s: { userId: string; sessionId: string; authenticatedAt: Date; refreshToken: string },
): Promise<Response> {
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
  }, { secret: ctx.secret, issuer: ctx.issuer, expiresIn: ctx.expiresIn, now: ctx.clock() });
  return json(200, {
    access_token: token,
    token_type: "bearer",
    expires_in: ctx.expiresIn,
    expires_at: exp,
    refresh_token: s.refreshToken,
    user,
  });
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

/**
 * GoTrue's requireAuthentication: a valid bearer JWT whose user exists and, if it names
 * a session, whose session still exists (a logged-out token is refused).
 */
export async function authenticate(
  ctx: AuthContext,
  req: Request,
): Promise<{ user: User; sessionId: string | null; aud: string | string[] | undefined }> {
  const match = /^[Bb]earer (\S+)$/.exec(req.headers.get("Authorization") ?? "");
  if (!match) {
    throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  }
  const claims = await verifyGoTrueToken(match[1], { secret: ctx.secret, now: ctx.clock() });
  if (!claims.sub) throw new AuthError(403, "bad_jwt", "invalid claim: missing sub claim");
  if (!UUID_RE.test(claims.sub)) {
    throw new AuthError(400, "bad_jwt", "invalid claim: sub claim must be a UUID");
  }
  const user = await loadUser(ctx.sql, claims.sub);
  if (!user) {
    throw new AuthError(403, "user_not_found", "User from sub claim in JWT does not exist");
  }
  let sessionId: string | null = null;
  const sid = claims.session_id;
  if (sid && sid !== "00000000-0000-0000-0000-000000000000") {
    if (!UUID_RE.test(sid)) {
      throw new AuthError(403, "bad_jwt", "invalid claim: session_id claim must be a UUID");
    }
    if (!(await sessionCreatedAt(ctx.sql, sid))) {
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
