/**
 * Access tokens (HS256 JWTs with the claims hosted Supabase Auth issues) and opaque
 * refresh tokens.
 */
import { jwtVerify, SignJWT } from "jose";
import { AuthError } from "./errors.ts";

/** What goes into an access token besides the timing claims. */
export interface AccessClaims {
  sub: string;
  aud: string;
  role: string;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  session_id: string;
  is_anonymous: boolean;
  /** When the session was authenticated (seconds), for the `amr` entry. */
  authenticatedAt: number;
}

/** The claims of a verified access token that this server relies on. */
export interface VerifiedClaims {
  sub?: string;
  aud?: string | string[];
  session_id?: string;
}

const encoder = new TextEncoder();

/**
 * Signs an access token valid for `expiresIn` seconds from `now`. Returns the token and
 * its `exp` (the session's `expires_at`).
 */
export async function signAccessToken(
  claims: AccessClaims,
  opts: { secret: string; issuer: string; expiresIn: number; now: Date },
): Promise<{ token: string; exp: number }> {
  const iat = Math.floor(opts.now.getTime() / 1000);
  const exp = iat + opts.expiresIn;
  const { authenticatedAt, ...rest } = claims;
  // No `kid`: GoTrue signs with the legacy HS256 secret without one, which also tells
  // supabase-js's getClaims() to ask /user instead of looking for a JWKS key.
  const token = await new SignJWT({
    ...rest,
    aal: "aal1",
    amr: [{ method: "password", timestamp: authenticatedAt }],
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(opts.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(encoder.encode(opts.secret));
  return { token, exp };
}

/**
 * GoTrue's own check of an access token: HS256 signature and expiry only (issuer and audience
 * are not checked here). Throws GoTrue's 403 `bad_jwt` otherwise.
 */
export async function verifyGoTrueToken(
  token: string,
  opts: { secret: string; now: Date },
): Promise<VerifiedClaims> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(opts.secret), {
      algorithms: ["HS256"],
      currentDate: opts.now,
    });
    return payload as VerifiedClaims;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AuthError(
      403,
      "bad_jwt",
      `invalid JWT: unable to parse or verify signature, ${reason}`,
    );
  }
}

/**
 * A new refresh token: 16 random bytes, base64url (22 characters). Opaque to clients,
 * like GoTrue's short random strings; it is only ever looked up in auth.refresh_tokens.
 */
export function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}
