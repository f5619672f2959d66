/**
 * Who may do what on a channel, decided as hosted Realtime decides it: a JWT signed with the
 * project's secret authenticates (whatever its issuer; `sub` need not be a uuid), and a private
 * channel is authorized by the RLS policies on realtime.messages, evaluated as the joining user
 * with `realtime.topic()` set to the topic. Done once per join and per token change, never per
 * message: the answer is kept on the channel.
 */
import { jwtVerify } from "jose";
import { type Sql, transaction } from "../../supabase/functions/_shared/db.ts";

export type Claims = Record<string, unknown> & { role: string; exp: number };

/** Why a token was refused, worded as hosted Realtime words it. */
export class TokenError extends Error {}

/** The roles a token may act as: the API roles, as PostgREST's authenticator allows. */
const API_ROLES = new Set(["anon", "authenticated", "service_role"]);

const encoder = new TextEncoder();

export async function verifyToken(
  token: string,
  secret: string,
  now = new Date(),
): Promise<Claims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ["HS256"],
      // Expiry is checked below, to answer with hosted's words.
      currentDate: new Date(0),
    }));
  } catch {
    throw new TokenError("InvalidJWTToken: Invalid token");
  }
  const { role, exp } = payload;
  if (typeof exp !== "number") {
    throw new TokenError("InvalidJWTToken: Fields `role` and `exp` are required in JWT");
  }
  if (typeof role !== "string") {
    throw new TokenError("InvalidJWTToken: Fields `role` and `exp` are required in JWT");
  }
  const seconds = Math.floor(now.getTime() / 1000);
  if (exp <= seconds) {
    throw new TokenError(`InvalidJWTToken: Token has expired ${seconds - exp} seconds ago`);
  }
  if (!API_ROLES.has(role)) throw new TokenError(`InvalidJWTToken: Role "${role}" is not allowed`);
  return payload as Claims;
}

export interface Permissions {
  readBroadcast: boolean;
  readPresence: boolean;
  writeBroadcast: boolean;
  writePresence: boolean;
}

export const PUBLIC_PERMISSIONS: Permissions = {
  readBroadcast: true,
  readPresence: true,
  writeBroadcast: true,
  writePresence: true,
};

/** Thrown to roll the probe transaction back with its answer. */
class Answer {
  constructor(readonly permissions: Permissions) {}
}

/**
 * The caller's rights on a private `topic`, in one transaction that is always rolled back:
 * probe rows are inserted (as the server, which owns the table), then read back and inserted
 * again as the caller's role with their claims, so every select and insert policy decides.
 * Rolled back, the probes never reach a subscriber (the NOTIFY trigger fires only on commit).
 */
export async function authorize(sql: Sql, claims: Claims, topic: string): Promise<Permissions> {
  if (!API_ROLES.has(claims.role)) throw new TokenError(`Role "${claims.role}" is not allowed`);
  try {
    await transaction(sql, async (tx) => {
      const [broadcastId, presenceId] = [crypto.randomUUID(), crypto.randomUUID()];
      await tx`
        insert into realtime.messages (id, topic, extension, private)
        values (${broadcastId}, ${topic}, 'broadcast', true), (${presenceId}, ${topic}, 'presence', true)`;
      await tx`
        select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
               set_config('request.jwt.claim.sub', ${String(claims.sub ?? "")}, true),
               set_config('request.jwt.claim.role', ${claims.role}, true),
               set_config('realtime.topic', ${topic}, true),
               set_config('role', ${claims.role}, true)`;
      const visible = await tx<{ extension: string }[]>`
        select extension from realtime.messages where id in (${broadcastId}, ${presenceId})`;
      const canInsert = async (extension: string) => {
        await tx`savepoint probe`;
        try {
          await tx`insert into realtime.messages (topic, extension, private)
                   values (${topic}, ${extension}, true)`;
          return true;
        } catch (error) {
          if ((error as { code?: string }).code !== "42501") throw error;
          return false;
        } finally {
          await tx`rollback to savepoint probe`;
        }
      };
      throw new Answer({
        readBroadcast: visible.some((r) => r.extension === "broadcast"),
        readPresence: visible.some((r) => r.extension === "presence"),
        writeBroadcast: await canInsert("broadcast"),
        writePresence: await canInsert("presence"),
      });
    });
  } catch (outcome) {
    if (outcome instanceof Answer) return outcome.permissions;
    throw outcome;
  }
  throw new Error("unreachable: the probe transaction always answers");
}
