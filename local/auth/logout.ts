/** `POST /logout?scope=global|local|others`: ends sessions and their refresh tokens. */
import { transaction } from "../../supabase/functions/_shared/db.ts";
import type { Handler } from "./context.ts";
import { API_VERSION, AuthError } from "./errors.ts";
import { authenticate } from "./session.ts";
import { logout as endSessions } from "./users.ts";

export const logout: Handler = async (req, url, _client, ctx) => {
  const scope = url.searchParams.get("scope") || "global";
  if (scope !== "global" && scope !== "local" && scope !== "others") {
    throw new AuthError(400, "validation_failed", `Unsupported logout scope "${scope}"`);
  }
  const { user, sessionId } = await authenticate(ctx, req);
  await transaction(ctx.sql, (tx) => endSessions(tx, user.id, sessionId, scope));
  return new Response(null, { status: 204, headers: { "X-Supabase-Api-Version": API_VERSION } });
};
