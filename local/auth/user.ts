/** `GET /user` and `PUT /user`: the signed-in user, and changes to their password or metadata. */
import { transaction } from "../../supabase/functions/_shared/db.ts";
import type { Handler } from "./context.ts";
import { AuthError, json } from "./errors.ts";
import {
  checkMetadata,
  checkPasswordStrength,
  normaliseEmail,
  objectField,
  readBody,
  stringField,
} from "./request.ts";
import { authenticate } from "./session.ts";
import { isCurrentPassword, loadUser, setPassword, updateUserMetadata } from "./users.ts";

const AUDIENCE = "authenticated";

export const getUser: Handler = async (req, _url, _client, ctx) => {
  const { user, aud } = await authenticate(ctx, req);
  const firstAud = Array.isArray(aud) ? aud[0] : aud;
  if (firstAud !== AUDIENCE) {
    throw new AuthError(400, "validation_failed", "Token audience doesn't match request audience");
  }
  return json(200, user);
};

export const updateUser: Handler = async (req, _url, _client, ctx) => {
  const { user, sessionId } = await authenticate(ctx, req);
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
    checkPasswordStrength(ctx, password);
    if (await isCurrentPassword(ctx.sql, user.id, password)) {
      throw new AuthError(
        422,
        "same_password",
        "New password should be different from the old password.",
      );
    }
  }
  const now = ctx.clock();
  await transaction(ctx.sql, async (tx) => {
    if (password !== undefined) {
      await setPassword(tx, { userId: user.id, password, sessionId, now });
    }
    if (data) await updateUserMetadata(tx, user.id, data, now);
  });
  return json(200, await loadUser(ctx.sql, user.id));
};
