/**
 * The preferences' queries. Writes, and reads of the audit log, run as the caller (`asUser`:
 * RLS decides what is theirs); the one read of the caller's own row that GET and PATCH start
 * with rides in the admission round trip. Every write names why it happened in
 * `fashionos.change_reason`, which the audit trigger copies into configuration_audit_log, so
 * the history says "update", "reset" or "rollback of <id>"; the database refuses a user's write
 * without one (migration 20261122002410: PostgREST cannot set it, so the rules here cannot be
 * bypassed by writing the table through the REST API).
 */
import type { UserClaims } from "../_shared/auth.ts";
import { asUser, type Sql, type Tx } from "../_shared/db.ts";
import { httpError } from "../_shared/errors.ts";
import { inline } from "../_shared/inline_sql.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { deepMerge, isPlainObject, type JsonObject } from "./merge.ts";
import {
  applyPreferencesPatch,
  ASSISTANT_COLUMNS,
  type AssistantSettings,
  RESET_SECTIONS,
  type ResetSection,
  type Settings,
} from "./validation.ts";

/** What GET /preferences answers. */
export interface PreferencesAnswer extends Settings {
  updatedAt: string | null;
}

type Row = Record<string, unknown> & {
  defaults: JsonObject;
  preferences: JsonObject;
  snapshot?: JsonObject;
};

/** The settings of a stored row (or an audited copy of one): the document and the columns. */
export function settingsOfRow(row: Record<string, unknown>): Settings {
  const assistant = Object.fromEntries(
    ASSISTANT_COLUMNS.map((column) => [column, row[column] ?? null]),
  ) as unknown as AssistantSettings;
  return {
    preferences: isPlainObject(row.preferences) ? row.preferences : {},
    assistant,
  };
}

/** The answer for a row: its document deep-merged over the defaults, and the columns. */
function answerOf(row: Row): PreferencesAnswer {
  const settings = settingsOfRow(row);
  return {
    preferences: deepMerge(row.defaults, settings.preferences),
    assistant: settings.assistant,
    updatedAt: row.updated_at ? new Date(row.updated_at as string).toISOString() : null,
  };
}

/**
 * The caller's row, with `snapshot` (the whole row as jsonb) for a write that must find it
 * unchanged. One statement without parameters: it can ride in the request's admission round
 * trip.
 */
function rowQuery(tx: Tx, userId: string) {
  return inline(tx)<Row[]>`
    select private.default_preferences() as defaults, p.*, to_jsonb(p) as snapshot
    from public.user_preferences p where p.user_id = ${userId}`;
}

/** Makes the caller's row with the column defaults when it is missing. */
function makeRowQuery(tx: Tx, userId: string) {
  return inline(tx)`insert into public.user_preferences (user_id) values (${userId})
    on conflict (user_id) do nothing`;
}

/**
 * Reads the caller's row in the request's admission round trip (`ctx.admit`). Admission runs as
 * the service role, so the row is named by the verified token's `sub`, never by anything in the
 * request, and the query only reads that row. A missing row (the signup trigger makes it,
 * `delete_my_data` removes it) is made as the user, as RLS lets them.
 */
async function admittedRow(ctx: FunctionContext): Promise<Row> {
  const userId = ctx.user.userId;
  const [row] = await ctx.admit((tx) => rowQuery(tx, userId)) ?? [];
  if (row) return row;
  const [, , [made]] = await asUser(ctx.db(), ctx.user.claims, (tx) => [
    reasonQuery(tx, "create"),
    makeRowQuery(tx, userId),
    rowQuery(tx, userId),
  ]);
  return made;
}

export async function readPreferences(ctx: FunctionContext): Promise<PreferencesAnswer> {
  return answerOf(await admittedRow(ctx));
}

function reasonQuery(tx: Tx, reason: string) {
  return inline(tx)`select set_config('fashionos.change_reason', ${reason}, true)`;
}

/**
 * Locks the caller's row for a read-modify-write, after naming the change's reason (first: the
 * database refuses a user's write to the row without one).
 */
async function lockRow(tx: Tx, userId: string, reason: string): Promise<Row> {
  const q = inline(tx);
  const [, , rows] = await Promise.all([
    reasonQuery(tx, reason),
    makeRowQuery(tx, userId),
    q<Row[]>`select private.default_preferences() as defaults, p.*
      from public.user_preferences p where p.user_id = ${userId} for update`,
  ]);
  return rows[0];
}

/** Writes `next`; with `expected` (a snapshot), only if the row is still exactly that. */
function writeSettings(tx: Tx, userId: string, next: Settings, expected: JsonObject | null = null) {
  const a = next.assistant;
  return inline(tx)<Row[]>`
    update public.user_preferences p set
      preferences = ${next.preferences}::jsonb,
      default_kit = ${a.default_kit},
      auto_suggestions_enabled = ${a.auto_suggestions_enabled},
      notification_preferences = ${a.notification_preferences}::jsonb,
      kit_order = array(select jsonb_array_elements_text(${a.kit_order}::jsonb)),
      favorite_actions = array(select jsonb_array_elements_text(${a.favorite_actions}::jsonb)),
      conversation_history_retention_days = ${a.conversation_history_retention_days}
    where p.user_id = ${userId}
      and (${expected}::jsonb is null or to_jsonb(p) = ${expected}::jsonb)
    returning private.default_preferences() as defaults, p.*`;
}

function invalid(errors: Record<string, string[]>) {
  return httpError("validation_failed", "Some preferences are not valid", { errors });
}

/**
 * PATCH: validated against what the caller sees now (defaults included), then stored. The row
 * is read in the admission round trip and written in one more, on condition that it did not
 * change in between; when it did, the patch is applied again under a row lock.
 */
export async function patchPreferences(
  ctx: FunctionContext,
  body: unknown,
): Promise<PreferencesAnswer> {
  const sql = ctx.db();
  const claims = ctx.user.claims;
  const seen = await admittedRow(ctx);
  const result = applyPreferencesPatch(answerOf(seen), body);
  if (!result.ok) throw invalid(result.errors);
  const [, written] = await asUser(sql, claims, (tx) => [
    reasonQuery(tx, "update"),
    writeSettings(tx, claims.sub, result.next, seen.snapshot ?? null),
  ]);
  if (written.length) return answerOf(written[0]);
  return await patchLocked(sql, claims, body);
}

/** PATCH under a row lock: read, validate and write in one transaction. */
async function patchLocked(
  sql: Sql,
  claims: UserClaims,
  body: unknown,
): Promise<PreferencesAnswer> {
  const [row] = await asUser(sql, claims, async (tx) => {
    const current = answerOf(await lockRow(tx, claims.sub, "update"));
    const result = applyPreferencesPatch(current, body);
    if (!result.ok) throw invalid(result.errors);
    return await writeSettings(tx, claims.sub, result.next);
  });
  return answerOf(row);
}

/** Resets everything, or one section, to the defaults. */
export async function resetPreferences(
  sql: Sql,
  claims: UserClaims,
  section: ResetSection | undefined,
): Promise<PreferencesAnswer> {
  const [row] = await asUser(sql, claims, async (tx) => {
    await lockRow(tx, claims.sub, section ? `reset ${section}` : "reset");
    const q = inline(tx);
    if (!section) {
      return await q<Row[]>`
        update public.user_preferences p set
          preferences = private.default_preferences(),
          default_kit = default, auto_suggestions_enabled = default,
          notification_preferences = default, kit_order = default, favorite_actions = default,
          conversation_history_retention_days = default
        where p.user_id = ${claims.sub}
        returning private.default_preferences() as defaults, p.*`;
    }
    if (section === "assistant") {
      return await q<Row[]>`
        update public.user_preferences p set
          default_kit = default, auto_suggestions_enabled = default,
          notification_preferences = default, kit_order = default, favorite_actions = default,
          conversation_history_retention_days = default
        where p.user_id = ${claims.sub}
        returning private.default_preferences() as defaults, p.*`;
    }
    // The section's keys go back to their defaults; a key without a default is removed.
    const keys: readonly string[] = RESET_SECTIONS[section];
    return await q<Row[]>`
      update public.user_preferences p set
        preferences = (p.preferences - array(select jsonb_array_elements_text(${keys}::jsonb)))
          || (select coalesce(jsonb_object_agg(d.key, d.value), '{}'::jsonb)
              from jsonb_each(private.default_preferences()) d
              where d.key in (select jsonb_array_elements_text(${keys}::jsonb)))
      where p.user_id = ${claims.sub}
      returning private.default_preferences() as defaults, p.*`;
  });
  return answerOf(row);
}

/** One entry of the history. */
export interface AuditEntry {
  id: string;
  changedAt: string;
  changedBy: string | null;
  reason: string | null;
  before: Settings;
  after: Settings;
}

type AuditRow = {
  id: string;
  changed_at: Date;
  changed_by: string | null;
  change_reason: string | null;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  total?: string;
};

function entryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    changedAt: new Date(row.changed_at).toISOString(),
    changedBy: row.changed_by,
    reason: row.change_reason,
    before: settingsOfRow(row.old_values ?? {}),
    after: settingsOfRow(row.new_values ?? {}),
  };
}

// Every audit query names the caller's own preference changes: an admin may read every audit
// row (RLS), but the history and rollback of /preferences are the caller's.

/** A page of the caller's preference changes, newest first, and how many there are. */
export async function readHistory(
  sql: Sql,
  claims: UserClaims,
  page: number,
  limit: number,
): Promise<{ entries: AuditEntry[]; total: number }> {
  const rows = await asUser(sql, claims, (tx) =>
    inline(tx)<AuditRow[]>`
      select a.id, a.changed_at, a.changed_by, a.change_reason, a.old_values, a.new_values,
             count(*) over () as total
      from public.configuration_audit_log a
      where a.config_type = 'user_preference' and a.owner_id = ${claims.sub}
      order by a.changed_at desc, a.id
      limit ${limit} offset ${(page - 1) * limit}`);
  let total = Number(rows[0]?.total ?? 0);
  if (!rows.length && page > 1) {
    // Past the last page: the window count is not there to read, so count on its own.
    const [{ count }] = await asUser(sql, claims, (tx) =>
      inline(tx)<{ count: string }[]>`
        select count(*) from public.configuration_audit_log a
        where a.config_type = 'user_preference' and a.owner_id = ${claims.sub}`);
    total = Number(count);
  }
  return { entries: rows.map(entryOf), total };
}

/** One of the caller's preference changes; someone else's (or none) is a 404. */
export async function readAuditEntry(
  sql: Sql,
  claims: UserClaims,
  auditId: string,
): Promise<{ entry: AuditEntry; current: Settings }> {
  const [rows, [current]] = await asUser(sql, claims, (tx) => [
    inline(tx)<AuditRow[]>`
      select a.id, a.changed_at, a.changed_by, a.change_reason, a.old_values, a.new_values
      from public.configuration_audit_log a
      where a.id = ${auditId} and a.config_type = 'user_preference'
        and a.owner_id = ${claims.sub}`,
    rowQuery(tx, claims.sub),
  ]);
  if (!rows.length) throw auditNotFound(auditId);
  return { entry: entryOf(rows[0]), current: settingsOfRow(current ?? {}) };
}

function auditNotFound(auditId: string) {
  return httpError("not_found", `Change "${auditId}" is not in your preference history`);
}

/**
 * Restores the settings as they were just before change `auditId`, which undoes it and every
 * later change. The restore is an update like any other, so it is audited too (reason
 * "rollback of <id>") and can itself be rolled back.
 */
export async function rollbackPreferences(
  sql: Sql,
  claims: UserClaims,
  auditId: string,
): Promise<{ answer: PreferencesAnswer; before: Settings; after: Settings }> {
  const [row, before] = await asUser(sql, claims, async (tx) => {
    const locked = await lockRow(tx, claims.sub, `rollback of ${auditId}`);
    const [target] = await inline(tx)<AuditRow[]>`
      select a.id, a.changed_at, a.changed_by, a.change_reason, a.old_values, a.new_values
      from public.configuration_audit_log a
      where a.id = ${auditId} and a.config_type = 'user_preference'
        and a.owner_id = ${claims.sub}`;
    if (!target?.old_values) throw auditNotFound(auditId);
    const restored = settingsOfRow(target.old_values);
    const [written] = await writeSettings(tx, claims.sub, restored);
    return [written, settingsOfRow(locked)] as const;
  });
  return { answer: answerOf(row), before, after: settingsOfRow(row) };
}
