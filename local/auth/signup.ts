/** `POST /signup`: a new e-mail/password user, signed in at once (confirmations are off). */
import { transaction } from "../../supabase/functions/_shared/db.ts";
import { isDatabaseUnavailable } from "../../supabase/functions/_shared/db_unavailable.ts";
import type { Handler } from "./context.ts";
import { AuthError } from "./errors.ts";
import {
  checkMetadata,
  checkPasswordStrength,
  objectField,
  rateLimit,
  readBody,
  stringField,
  validateEmail,
} from "./request.ts";
import { issueSession } from "./session.ts";
import { createSession, emailExists, insertUser } from "./users.ts";

const userExists = () => new AuthError(422, "user_already_exists", "User already registered");

export const signup: Handler = async (req, _url, client, ctx) => {
  rateLimit(ctx.signInSignUps, client);
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
  checkPasswordStrength(ctx, password);
  if (rawEmail && phone) {
    throw new AuthError(
      400,
      "validation_failed",
      "Only an email address or phone number should be provided on signup.",
    );
  }
  if (phone) throw new AuthError(400, "phone_provider_disabled", "Phone signups are disabled");
  const email = validateEmail(rawEmail!);
  const now = ctx.clock();
  const created = await transaction(ctx.sql, async (tx) => {
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
  return issueSession(ctx, ctx.sql, { ...created, authenticatedAt: now });
};
