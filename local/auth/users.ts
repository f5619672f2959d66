/**
 * The SQL side of local auth: users, identities, sessions and refresh tokens in the
 * `auth` schema, written the way GoTrue writes them so that triggers on auth.users, RLS
 * helpers and Studio-style queries see the same rows as on hosted Supabase.
 */
import type postgres from "postgres";
import type { Sql, TransactionSql } from "postgres";
import { AuthError } from "./errors.ts";
import { metadataProblem } from "./metadata.ts";
import { newRefreshToken } from "./tokens.ts";

/** A pool or an open transaction. */
export type Db = Sql | TransactionSql;

/** Metadata objects come from request JSON, so they are JSON values. */
type Json = postgres.JSONValue;

/** GoTrue's single-tenant instance id. */
const INSTANCE_ID = "00000000-0000-0000-0000-000000000000";

/** GoTrue hashes with Go's bcrypt.DefaultCost; pgcrypto's gen_salt('bf') alone gives 6. */
export const BCRYPT_COST = 10;

/**
 * A bcrypt hash of the same cost that no password is checked against for real: an unknown
 * address is compared with it, so that it costs the same time as a wrong password and the
 * answer's timing does not tell which addresses have accounts.
 */
export const DUMMY_PASSWORD_HASH = "$2a$10$yz06VXwcOZSXfUn.5QT3BOziKipfUw6RAeVZov6KWKXyxD1TaqDmG";

interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  email_confirmed_at: Date | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  is_anonymous: boolean;
}

interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

/** A user as GoTrue serialises it (`GET /user`, and `user` in a session). */
export interface User {
  id: string;
  aud: string;
  role: string;
  email: string;
  email_confirmed_at?: string;
  phone: string;
  phone_confirmed_at?: string;
  confirmed_at?: string;
  last_sign_in_at?: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  identities: Record<string, unknown>[];
  created_at: string;
  updated_at: string;
  is_anonymous: boolean;
}

const iso = (d: Date | null) => d?.toISOString();

// GoTrue omits unset timestamps (omitempty) and sends "" for a missing email or phone.
function toUser(u: UserRow, identities: IdentityRow[]): User {
  const user: User = {
    id: u.id,
    aud: u.aud ?? "authenticated",
    role: u.role ?? "authenticated",
    email: u.email ?? "",
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? "",
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmed_at: iso(u.confirmed_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: identities.map((i) => ({
      identity_id: i.id,
      id: i.provider_id,
      user_id: i.user_id,
      identity_data: i.identity_data,
      provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      email: i.email ?? undefined,
    })),
    created_at: iso(u.created_at) ?? "",
    updated_at: iso(u.updated_at) ?? "",
    is_anonymous: u.is_anonymous,
  };
  return JSON.parse(JSON.stringify(user)); // drops the undefined (omitted) fields
}

/** Loads a user with its identities, or null if there is no such user. */
export async function loadUser(db: Db, id: string): Promise<User | null> {
  const [u] = await db<UserRow[]>`
    select id, aud, role, email, phone, email_confirmed_at, phone_confirmed_at, confirmed_at,
           last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
           is_anonymous
    from auth.users where id = ${id}`;
  if (!u) return null;
  const identities = await db<IdentityRow[]>`
    select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at,
           updated_at, email
    from auth.identities where user_id = ${id} order by created_at`;
  return toUser(u, identities);
}

/** Whether an e-mail address is taken (case-insensitively, as the unique index is). */
export async function emailExists(db: Db, email: string): Promise<boolean> {
  const rows = await db`
    select 1 from auth.users where lower(email) = ${email} and is_sso_user = false`;
  return rows.length > 0;
}

/**
 * Creates a confirmed email/password user and its email identity, as GoTrue does on
 * signup with e-mail confirmations off. The password is bcrypt-hashed by pgcrypto.
 */
export async function insertUser(
  db: Db,
  p: { email: string; password: string; data: Record<string, unknown>; now: Date },
): Promise<string> {
  const id = crypto.randomUUID();
  const appMeta = { provider: "email", providers: ["email"] };
  // GoTrue's Confirm() adds email_verified to the metadata the client sent.
  const userMeta = { ...p.data, email_verified: true };
  // The identity keeps the provider's own claims first; client data only fills gaps.
  const identityData = {
    ...p.data,
    sub: id,
    email: p.email,
    email_verified: false,
    phone_verified: false,
  };
  await db`
    insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_sso_user, is_anonymous
    ) values (
      ${INSTANCE_ID}, ${id}, 'authenticated', 'authenticated', ${p.email},
      extensions.crypt(${p.password}, extensions.gen_salt('bf', ${BCRYPT_COST})), ${p.now},
      ${db.json(appMeta)}, ${db.json(userMeta as Json)}, ${p.now}, ${p.now}, false, false
    )`;
  await db`
    insert into auth.identities (
      id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at
    ) values (
      ${crypto.randomUUID()}, ${id}, ${id}, ${db.json(identityData as Json)}, 'email',
      ${p.now}, ${p.now}, ${p.now}
    )`;
  return id;
}

/**
 * Looks up an email/password user and checks the password in SQL. Returns null when
 * there is no such user. Exactly one bcrypt comparison runs in every case: a user without
 * a bcrypt hash, or no user at all, is compared with DUMMY_PASSWORD_HASH (and never valid).
 */
export async function checkPassword(
  db: Db,
  email: string,
  password: string,
  now: Date,
): Promise<{ id: string; valid: boolean; confirmed: boolean; banned: boolean } | null> {
  // The outer join yields one row even for an unknown address, so crypt() runs once either
  // way; the CASE keeps it away from stored values that are not bcrypt hashes (bad salts).
  const [row] = await db<
    { id: string | null; valid: boolean; confirmed: boolean; banned: boolean }[]
  >`
    select u.id,
           coalesce(extensions.crypt(${password},
                      case when u.encrypted_password like '$2%' then u.encrypted_password
                           else ${DUMMY_PASSWORD_HASH} end) = u.encrypted_password,
                    false) as valid,
           u.email_confirmed_at is not null as confirmed,
           coalesce(u.banned_until > ${now}, false) as banned
    from (values (1)) as one (x)
    left join auth.users u on lower(u.email) = ${email} and u.is_sso_user = false`;
  return row?.id ? { ...row, id: row.id } : null;
}

/** Whether `password` is the user's current password. */
export async function isCurrentPassword(db: Db, userId: string, password: string) {
  const [row] = await db<{ same: boolean }[]>`
    select coalesce(encrypted_password like '$2%'
             and encrypted_password = extensions.crypt(${password}, encrypted_password), false)
           as same
    from auth.users where id = ${userId}`;
  return row?.same ?? false;
}

/** Sets a new password and revokes every other session, as GoTrue's UpdatePassword does. */
export async function setPassword(
  db: Db,
  p: { userId: string; password: string; sessionId: string | null; now: Date },
) {
  await db`
    update auth.users
    set encrypted_password = extensions.crypt(${p.password}, extensions.gen_salt('bf', ${BCRYPT_COST})),
        updated_at = ${p.now}
    where id = ${p.userId}`;
  await logout(db, p.userId, p.sessionId, p.sessionId ? "others" : "global");
}

/**
 * Merges `data` into user_metadata: a null value deletes its key (GoTrue's rule). The result
 * must stay within the metadata bounds (400 otherwise), or repeated updates could grow it
 * past them.
 */
export async function updateUserMetadata(
  db: Db,
  userId: string,
  data: Record<string, unknown>,
  now: Date,
) {
  const [row] = await db<{ raw_user_meta_data: Record<string, unknown> | null }[]>`
    select raw_user_meta_data from auth.users where id = ${userId} for update`;
  const merged: Record<string, unknown> = { ...(row?.raw_user_meta_data ?? {}) };
  for (const [key, value] of Object.entries(data)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const problem = metadataProblem(merged);
  if (problem) throw new AuthError(400, "validation_failed", `User metadata ${problem}`);
  await db`
    update auth.users set raw_user_meta_data = ${db.json(merged as Json)}, updated_at = ${now}
    where id = ${userId}`;
}

/** A session row and its first refresh token. Records the sign-in time on the user. */
export async function createSession(
  db: Db,
  p: { userId: string; now: Date; userAgent: string | null },
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = crypto.randomUUID();
  const refreshToken = newRefreshToken();
  await db`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at, user_agent)
    values (${sessionId}, ${p.userId}, ${p.now}, ${p.now}, 'aal1',
            ${p.now}::timestamptz at time zone 'UTC', ${p.userAgent})`;
  await db`
    insert into auth.refresh_tokens
      (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
    values (${INSTANCE_ID}, ${refreshToken}, ${p.userId}, false, ${p.now}, ${p.now}, null,
            ${sessionId})`;
  await db`update auth.users set last_sign_in_at = ${p.now} where id = ${p.userId}`;
  await db`
    update auth.identities set last_sign_in_at = ${p.now}
    where user_id = ${p.userId} and provider = 'email'`;
  return { sessionId, refreshToken };
}

/** The outcome of a successful refresh. */
export interface Rotation {
  userId: string;
  sessionId: string;
  sessionCreatedAt: Date;
  refreshToken: string;
}

/**
 * Exchanges a refresh token for its successor (rotation). Must run in a transaction:
 * the token row is locked, so concurrent refreshes of one token take turns.
 * Refusals are returned, not thrown, so that the transaction still commits the
 * revocation below.
 *
 * A revoked token is GoTrue's reuse case. Within `reuseIntervalSeconds` of its rotation
 * (a client that lost the answer, or two tabs refreshing at once) it is honoured as GoTrue
 * does: with the session's current token when it is that token's parent, else with a new
 * child. Later, or once nothing in the session is active any more, it is a possible theft:
 * refused, and every token of the session revoked. (GoTrue also honours the current token's
 * parent after the interval; this server does not, so a replay is always caught in the end.)
 */
export async function rotateRefreshToken(
  tx: Db,
  token: string,
  now: Date,
  reuseIntervalSeconds: number,
): Promise<Rotation | AuthError> {
  const [row] = await tx<
    {
      id: string;
      revoked: boolean;
      updated_at: Date | null;
      user_id: string;
      session_id: string | null;
      session_created_at: Date | null;
      not_after: Date | null;
    }[]
  >`
    select t.id, t.revoked, t.updated_at, t.user_id, t.session_id,
           s.created_at as session_created_at, s.not_after
    from auth.refresh_tokens t left join auth.sessions s on s.id = t.session_id
    where t.token = ${token}
    for update of t`;
  if (!row) {
    return new AuthError(
      400,
      "refresh_token_not_found",
      "Invalid Refresh Token: Refresh Token Not Found",
    );
  }
  if (!row.session_id || !row.session_created_at) {
    return new AuthError(400, "session_not_found", "Invalid Refresh Token: No Valid Session Found");
  }
  if (row.not_after && row.not_after <= now) {
    return new AuthError(400, "session_expired", "Invalid Refresh Token: Session Expired");
  }
  const session = {
    userId: row.user_id,
    sessionId: row.session_id,
    sessionCreatedAt: row.session_created_at,
  };
  if (row.revoked) {
    const [active] = await tx<{ token: string; parent: string | null }[]>`
      select token, parent from auth.refresh_tokens
      where session_id = ${row.session_id} and revoked = false
      order by id desc limit 1`;
    const reusableUntil = (row.updated_at?.getTime() ?? 0) + reuseIntervalSeconds * 1000;
    if (!active || now.getTime() > reusableUntil) {
      await tx`
        update auth.refresh_tokens set revoked = true, updated_at = ${now}
        where session_id = ${row.session_id} and revoked = false`;
      return new AuthError(
        400,
        "refresh_token_already_used",
        "Invalid Refresh Token: Already Used",
      );
    }
    if (active.parent === token) {
      await markRefreshed(tx, row.session_id, now);
      return { ...session, refreshToken: active.token };
    }
  }
  const refreshToken = newRefreshToken();
  if (!row.revoked) {
    await tx`
      update auth.refresh_tokens set revoked = true, updated_at = ${now} where id = ${row.id}`;
  }
  await tx`
    insert into auth.refresh_tokens
      (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
    values (${INSTANCE_ID}, ${refreshToken}, ${row.user_id}, false, ${now}, ${now}, ${token},
            ${row.session_id})`;
  await markRefreshed(tx, row.session_id, now);
  return { ...session, refreshToken };
}

async function markRefreshed(tx: Db, sessionId: string, now: Date) {
  await tx`
    update auth.sessions
    set updated_at = ${now}, refreshed_at = ${now}::timestamptz at time zone 'UTC'
    where id = ${sessionId}`;
}

/** When a session was created, or null if it is gone (logged out). */
export async function sessionCreatedAt(db: Db, sessionId: string): Promise<Date | null> {
  const [row] = await db<{ created_at: Date }[]>`
    select created_at from auth.sessions where id = ${sessionId}`;
  return row?.created_at ?? null;
}

/**
 * Ends sessions: `global` all of the user's, `local` this one, `others` all but this
 * one. Deleting a session cascades to its refresh tokens, so they can no longer be used.
 * A token without a session (sessionId null) logs out everywhere.
 */
export async function logout(
  db: Db,
  userId: string,
  sessionId: string | null,
  scope: "global" | "local" | "others",
) {
  if (!sessionId || scope === "global") {
    await db`delete from auth.sessions where user_id = ${userId}`;
    await db`update auth.refresh_tokens set revoked = true where user_id = ${userId}`;
  } else if (scope === "local") {
    await db`delete from auth.sessions where id = ${sessionId}`;
  } else {
    await db`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  }
}
