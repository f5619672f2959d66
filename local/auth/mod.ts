/**
 * The local Supabase Auth (GoTrue) subset that supabase-js uses for email/password:
 * signup, password and refresh-token grants, the current user, logout, and the public
 * discovery endpoints. Same paths, bodies, error codes and `auth` tables as GoTrue with
 * `supabase start`'s defaults (email confirmations off, no other providers).
 * Local development and tests only. One file per route; this one routes.
 */
import { withDeadline } from "../../supabase/functions/_shared/deadline.ts";
import { authContext, type AuthOptions, type Handler } from "./context.ts";
import { health, jwks, settings } from "./discovery.ts";
import { AuthError, errorResponse } from "./errors.ts";
import { logout } from "./logout.ts";
import { clientAddress } from "./rate_limit.ts";
import { signup } from "./signup.ts";
import { token } from "./token.ts";
import { getUser, updateUser } from "./user.ts";

export { AuthError } from "./errors.ts";
export type { AuthRateLimits } from "./config.ts";
export type { AuthOptions } from "./context.ts";
export type { User } from "./users.ts";

/** Under the 10 s within which a client must get some answer, even from a lost database. */
const REQUEST_DEADLINE_MS = 8_000;

const ROUTES: Record<string, Record<string, Handler>> = {
  "/health": { GET: health },
  "/settings": { GET: settings },
  "/.well-known/jwks.json": { GET: jwks },
  "/signup": { POST: signup },
  "/token": { POST: token },
  "/user": { GET: getUser, PUT: updateUser },
  "/logout": { POST: logout },
};

/**
 * Creates the handler for requests under `/auth/v1`. `subpath` is the rest of the path
 * ("/signup", "/token", ...); `remoteAddress` is the socket's peer, the rate limits' key
 * when no `X-Forwarded-For` names the client. CORS is the caller's job. Never throws:
 * failures become GoTrue-shaped error responses.
 */
export function createAuthHandler(
  opts: AuthOptions,
): (req: Request, subpath: string, remoteAddress?: string) => Promise<Response> {
  const ctx = authContext(opts);
  return async (req, subpath, remoteAddress) => {
    try {
      const url = new URL(req.url);
      // GoTrue's router accepts a trailing slash ("/user/").
      const path = subpath.length > 1 ? subpath.replace(/\/+$/, "") : subpath;
      const methods = ROUTES[path];
      if (!methods) throw new AuthError(404, "not_found", "Not Found");
      const handler = methods[req.method];
      if (!handler) {
        const allow = Object.keys(methods).join(", ");
        return errorResponse(
          new AuthError(405, "method_not_allowed", "Method Not Allowed"),
          { Allow: allow },
        );
      }
      const ms = opts.requestDeadlineMs ?? REQUEST_DEADLINE_MS;
      // A DATABASE_DEADLINE error is answered 503, as db.ts's own deadline is.
      return await withDeadline(
        handler(req, url, clientAddress(req, remoteAddress), ctx),
        ms,
        () =>
          Object.assign(new Error(`No answer from the database within ${ms} ms`), {
            code: "DATABASE_DEADLINE",
          }),
      );
    } catch (err) {
      return errorResponse(err);
    }
  };
}
