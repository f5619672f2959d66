/**
 * The preferences' queries, all as the caller (`asUser`: RLS decides what is theirs). Every
 * write names why it happened in `fashionos.change_reason`, which the audit trigger copies
 * into configuration_audit_log, so the history says "reset" or "rollback of <id>".
 */
import type { UserClaims } from "../_shared/auth.ts";
import { asUser, type Sql, type Tx } from "../_shared/db.ts";
import { httpError } from "../_shared/errors.ts";
import { inline } from "../_shared/inline_sql.ts";
import { type SettingsDiff } from "./diff.ts";
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

type Row = Record<string, unknown> & { defaults: JsonObject; preferences: JsonObject };

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
 * The caller's row; made with the column defaults when it is missing (the signup trigger makes
 * it, `delete_my_data` removes it). One statement: GET stays one round trip.
 */
function rowQuery(tx: Tx, userId: string) {
  return inline(tx)<Row[]>`
    with existing as (select * from public.user_preferences where user_id = ${userId}),
    made as (
      insert into public.user_preferences (user_id)
      select ${userId} where not exists (select 1 from existing)
      on conflict (user_id) do nothing
      returning *)
    select private.default_preferences() as defaults, p.*
    from (select * from existing union all select * from made) p`;
}

export async function readPreferences(sql: Sql, claims: UserClaims): Promise<PreferencesAnswer> {
  const [row] = await asUser(sql, claims, (tx) => rowQuery(tx, claims.sub));
  return answerOf(row);
}

/** Locks the caller's row for a read-modify-write, after naming the change's reason. */
async function lockRow(tx: Tx, userId: string, reason: string): Promise<Row> {
  const q = inline(tx);
  const [, , rows] = await Promise.all([
    q`insert into public.user_preferences (user_id) values (${userId})
      on conflict (user_id) do nothing`,
    q`select set_config('fashionos.change_reason', ${reason}, true)`,
    q<Row[]>`select private.default_preferences() as defaults, p.*
      from public.user_preferences p where p.user_id = ${userId} for update`,
  ]);
  return rows[0];
}

function writeSettings(tx: Tx, userId: string, next: Settings) {
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
    returning private.default_preferences() as defaults, p.*`;
}

/** PATCH: validated against what the caller sees now (defaults included), then stored. */
export async function patchPreferences(
  sql: Sql,
  claims: UserClaims,
  body: unknown,
): Promise<PreferencesAnswer> {
  const [row] = await asUser(sql, claims, async (tx) => {
    const current = answerOf(await lockRow(tx, claims.sub, "update"));
    const result = applyPreferencesPatch(current, body);
    if (!result.ok) {
      throw httpError("validation_failed", "Some preferences are not valid", {
        errors: result.errors,
      });
    }
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
  return { entry: entryOf(rows[0]), current: settingsOfRow(current) };
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

export type { SettingsDiff };
