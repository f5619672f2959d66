/** `POST /token`: the password and refresh-token grants. */
import { transaction } from "../../supabase/functions/_shared/db.ts";
import type { Handler } from "./context.ts";
import { AuthError } from "./errors.ts";
import { normaliseEmail, rateLimit, readBody, stringField } from "./request.ts";
import { issueSession } from "./session.ts";
import { checkPassword, createSession, rotateRefreshToken } from "./users.ts";

const invalidCredentials = () =>
  new AuthError(400, "invalid_credentials", "Invalid login credentials");

const passwordGrant: Handler = async (req, _url, client, ctx) => {
  rateLimit(ctx.signInSignUps, client);
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
  const now = ctx.clock();
  const found = await checkPassword(ctx.sql, normaliseEmail(rawEmail), password, now);
  if (!found) throw invalidCredentials();
  if (found.banned) throw new AuthError(400, "user_banned", "User is banned");
  if (!found.valid) throw invalidCredentials();
  if (!found.confirmed) throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
  const s = await transaction(
    ctx.sql,
    (tx) => createSession(tx, { userId: found.id, now, userAgent: req.headers.get("User-Agent") }),
  );
  return issueSession(ctx, ctx.sql, { userId: found.id, ...s, authenticatedAt: now });
};

const refreshGrant: Handler = async (req, _url, client, ctx) => {
  rateLimit(ctx.tokenRefresh, client);
  const body = await readBody(req);
  const token = stringField(body, "refresh_token");
  if (!token) throw new AuthError(400, "validation_failed", "refresh_token required");
  const now = ctx.clock();
  const result = await transaction(
    ctx.sql,
    (tx) => rotateRefreshToken(tx, token, now, ctx.refreshTokenReuseInterval),
  );
  if (result instanceof AuthError) throw result;
  return issueSession(ctx, ctx.sql, {
    userId: result.userId,
    sessionId: result.sessionId,
    authenticatedAt: result.sessionCreatedAt,
    refreshToken: result.refreshToken,
  });
};

export const token: Handler = (req, url, client, ctx) => {
  // GoTrue reads grant_type as a form value: the query string (supabase-js) or a form body.
  switch (url.searchParams.get("grant_type")) {
    case "password":
      return passwordGrant(req, url, client, ctx);
    case "refresh_token":
      return refreshGrant(req, url, client, ctx);
    default:
      // GoTrue's exact answer: the invalid_credentials code, the OAuth error as message.
      throw new AuthError(400, "invalid_credentials", "unsupported_grant_type");
  }
};
