/**
 * Who calls the REST API: the role and claims of the request's JWT, verified with the same
 * code the functions use. As on hosted Supabase, `Authorization: Bearer` wins and the
 * `apikey` header is the fallback: the anon key makes the caller `anon`, the service role key
 * `service_role`, a user's access token `authenticated`.
 */
import { bearerToken, verifyAccessToken } from "../../supabase/functions/_shared/auth.ts";
import type { FunctionEnv } from "../../supabase/functions/_shared/env.ts";
import { RestError } from "./errors.ts";

export type ApiRole = "anon" | "authenticated" | "service_role";
const API_ROLES = new Set<string>(["anon", "authenticated", "service_role"]);

export interface Caller {
  role: ApiRole;
  claims: Record<string, unknown>;
}

export async function callerOf(req: Request, env: Partial<FunctionEnv>): Promise<Caller> {
  const token = bearerToken(req) ?? req.headers.get("apikey");
  if (!token) throw new RestError(401, "PGRST301", "No API key found in request");
  let claims: Record<string, unknown>;
  try {
    claims = await verifyAccessToken(token, env as FunctionEnv);
  } catch (error) {
    const expired = error instanceof Error && /expired/i.test(
      (error as { detail?: string }).detail ?? error.message,
    );
    throw expired
      ? new RestError(401, "PGRST303", "JWT expired")
      : new RestError(401, "PGRST301", "JWSError JWSInvalidSignature");
  }
  const role = claims.role;
  if (typeof role !== "string" || !API_ROLES.has(role)) {
    throw new RestError(401, "PGRST301", `The JWT role "${String(role)}" is not an API role`);
  }
  return { role: role as ApiRole, claims };
}
