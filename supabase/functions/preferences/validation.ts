/**
 * The settings document's rules (settings-administration-module.md, UserPreferences and
 * validateUserPreferences) and the assistant columns' (assistant-backend-requirements.md,
 * table 3), applied to a PATCH: the patch's shape is checked key by key, then the orderings
 * (thresholds, quality range) on the merged result, so that every failing field is reported at
 * once. Pure: the handler reads the stored settings and writes the result.
 */
import { z } from "zod";
import { MAX_TAGS } from "../_shared/analysis/schemas.ts";
import { addFieldError, type FieldErrors, noFieldErrors } from "../_shared/body.ts";
import { deepMerge, isPlainObject, type Json, type JsonObject } from "./merge.ts";

/** The kits of the assistant (the `default_kit` column's CHECK). */
export const KITS = ["logistics", "events", "media", "compose"] as const;

/** The realtime events a user may silence (the `notification_preferences` column's keys). */
export const NOTIFICATION_EVENTS = [
  "sample_status_changed",
  "sample_added",
  "sample_removed",
  "task_status_changed",
  "task_assigned",
  "deadline_approaching",
  "asset_uploaded",
  "asset_approved",
  "asset_rejected",
] as const;

/** The assistant columns of `user_preferences`, as GET returns them. */
export interface AssistantSettings {
  default_kit: (typeof KITS)[number] | null;
  auto_suggestions_enabled: boolean;
  notification_preferences: JsonObject;
  kit_order: string[];
  favorite_actions: string[];
  conversation_history_retention_days: number;
}

export const ASSISTANT_COLUMNS = [
  "default_kit",
  "auto_suggestions_enabled",
  "notification_preferences",
  "kit_order",
  "favorite_actions",
  "conversation_history_retention_days",
] as const satisfies ReadonlyArray<keyof AssistantSettings>;

/** Everything a user sets: the settings document and the assistant columns. */
export interface Settings {
  preferences: JsonObject;
  assistant: AssistantSettings;
}

const score = z.number().min(0, "Must be from 0 to 10").max(10, "Must be from 0 to 10");
const flag = z.boolean();
const label = z.string().min(1).max(50);

const DocumentPatch = z.strictObject({
  theme: z.enum(["light", "dark", "system"]),
  sidebarCollapsed: flag,
  tableDensity: z.enum(["compact", "comfortable", "spacious"]),
  rowsPerPage: z.union([z.literal(10), z.literal(25), z.literal(50), z.literal(100)], {
    error: "Must be 10, 25, 50 or 100",
  }),
  enableAnimations: flag,
  keyboardShortcutsEnabled: flag,
  notifications: z.strictObject({
    toast: flag,
    email: flag,
    inApp: flag,
    frequency: z.enum(["immediate", "daily", "weekly"]),
    categories: z.strictObject({
      generationComplete: flag,
      approvalRequired: flag,
      errors: flag,
      systemAlerts: flag,
    }).partial(),
  }).partial(),
  defaultFilters: z.strictObject({
    tier: z.array(label).max(20).nullable(),
    status: z.array(label).max(20).nullable(),
    qualityRange: z.tuple([score, score]),
    autoApply: flag,
  }).partial(),
  exportPreferences: z.strictObject({
    defaultFormat: z.enum(["json", "jsonl", "csv", "markdown"]),
    includeMetadata: flag,
    includeQualityScores: flag,
    includeTimestamps: flag,
    includeApprovalHistory: flag,
    autoCompression: flag,
    autoCompressionThreshold: z.int().min(1).max(1_000_000),
  }).partial(),
  keyboardShortcuts: z.strictObject({
    enabled: flag,
    customBindings: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/), label)
      .refine((bindings) => Object.keys(bindings).length <= 100, "At most 100 bindings"),
  }).partial(),
  qualityThresholds: z.strictObject({
    autoApproval: score,
    flagging: score,
    minimumAcceptable: score,
  }).partial(),
  brandKeywords: z.array(z.string().min(1).max(100)).max(MAX_TAGS),
}).partial();

const AssistantPatch = z.strictObject({
  default_kit: z.enum(KITS).nullable(),
  auto_suggestions_enabled: flag,
  notification_preferences: z.strictObject(
    Object.fromEntries(NOTIFICATION_EVENTS.map((event) => [event, flag])),
  ).partial(),
  kit_order: z.array(z.enum(KITS)).min(1).max(KITS.length)
    .refine((kits) => new Set(kits).size === kits.length, "Each kit at most once"),
  favorite_actions: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "Must be an action name"))
    .max(20)
    .refine((actions) => new Set(actions).size === actions.length, "Each action at most once"),
  conversation_history_retention_days: z.int("Must be a whole number of days")
    .min(1, "Must be from 1 to 3650 days").max(3650, "Must be from 1 to 3650 days"),
}).partial();

/** The body of PATCH /preferences: the same two parts GET returns, each partial. */
export const PreferencesPatch = z.strictObject({
  preferences: DocumentPatch,
  assistant: AssistantPatch,
}).partial();

export type PreferencesPatch = z.output<typeof PreferencesPatch>;

export type { FieldErrors };
const add = addFieldError;

/** zod issues as field → messages; an unknown key is named itself, not its parent. */
function issuesToErrors(issues: z.core.$ZodIssue[], errors: FieldErrors): void {
  for (const issue of issues) {
    const at = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add(errors, at ? `${at}.${key}` : key, "Unknown setting");
    } else {
      add(errors, at || "(body)", issue.message);
    }
  }
}

const number = (value: Json | undefined): number | undefined =>
  typeof value === "number" && value >= 0 && value <= 10 ? value : undefined;

/**
 * The ordering rules on the merged document. `patched` says which fields the request named:
 * a broken order is reported on the field that was sent (the other one did not change).
 */
function orderingErrors(merged: JsonObject, patched: JsonObject, errors: FieldErrors): void {
  const thresholds = isPlainObject(merged.qualityThresholds) ? merged.qualityThresholds : {};
  const sent = isPlainObject(patched.qualityThresholds) ? patched.qualityThresholds : {};
  const pairs = [["autoApproval", "flagging"], ["flagging", "minimumAcceptable"]] as const;
  for (const [upper, lower] of pairs) {
    const high = number(thresholds[upper]);
    const low = number(thresholds[lower]);
    if (high === undefined || low === undefined || high >= low) continue;
    if (lower in sent && !(upper in sent)) {
      add(errors, `preferences.qualityThresholds.${lower}`, `Must be at most ${upper} (${high})`);
    } else {
      add(errors, `preferences.qualityThresholds.${upper}`, `Must be at least ${lower} (${low})`);
    }
  }
  const filters = isPlainObject(merged.defaultFilters) ? merged.defaultFilters : {};
  const range = filters.qualityRange;
  if (Array.isArray(range) && range.length === 2) {
    const [min, max] = [number(range[0]), number(range[1])];
    if (min !== undefined && max !== undefined && min > max) {
      add(
        errors,
        "preferences.defaultFilters.qualityRange",
        "The minimum must not exceed the maximum",
      );
    }
  }
}

export type PatchResult = { ok: true; next: Settings } | { ok: false; errors: FieldErrors };

/**
 * Applies a PATCH body to the stored settings: the next settings, or every failing field.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { applyPreferencesPatch, type Settings } from "./validation.ts";
 *
 * const current = {
 *   preferences: { qualityThresholds: { autoApproval: 8, flagging: 6, minimumAcceptable: 4 } },
 *   assistant: {},
 * } as unknown as Settings;
 * const result = applyPreferencesPatch(current, {
 *   preferences: { rowsPerPage: 30, qualityThresholds: { flagging: 9 } },
 * });
 * equal(result.ok, false);
 * if (!result.ok) {
 *   deepEqual(Object.keys(result.errors).sort(), [
 *     "preferences.qualityThresholds.flagging",
 *     "preferences.rowsPerPage",
 *   ]);
 * }
 * ```
 */
export function applyPreferencesPatch(current: Settings, body: unknown): PatchResult {
  const errors = noFieldErrors();
  const parsed = PreferencesPatch.safeParse(body);
  if (!parsed.success) issuesToErrors(parsed.error.issues, errors);
  // Orderings are checked on what the result would be, also when some other field failed:
  // the caller learns every problem in one answer. Only a body that is an object merges.
  const raw = isPlainObject(body) ? body : {};
  const patchedDocument = isPlainObject(raw.preferences) ? raw.preferences : {};
  const preferences = deepMerge(current.preferences, patchedDocument);
  orderingErrors(preferences, patchedDocument, errors);
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };

  const assistantPatch = (parsed.data.assistant ?? {}) as Partial<AssistantSettings>;
  const assistant: AssistantSettings = { ...current.assistant, ...assistantPatch };
  if (assistantPatch.notification_preferences) {
    assistant.notification_preferences = deepMerge(
      current.assistant.notification_preferences,
      assistantPatch.notification_preferences,
    );
  }
  return { ok: true, next: { preferences, assistant } };
}

/**
 * What `POST /preferences/reset {section}` resets: the top-level keys of the document for each
 * section of the settings view, or `assistant` for the assistant columns.
 */
export const RESET_SECTIONS = {
  display: [
    "theme",
    "sidebarCollapsed",
    "tableDensity",
    "rowsPerPage",
    "enableAnimations",
  ],
  notifications: ["notifications"],
  defaultFilters: ["defaultFilters"],
  exportPreferences: ["exportPreferences"],
  keyboardShortcuts: ["keyboardShortcuts", "keyboardShortcutsEnabled"],
  qualityThresholds: ["qualityThresholds"],
  brandKeywords: ["brandKeywords"],
  assistant: [],
} as const satisfies Record<string, readonly string[]>;

export type ResetSection = keyof typeof RESET_SECTIONS;

export const ResetBody = z.strictObject({
  section: z.enum(Object.keys(RESET_SECTIONS) as [ResetSection, ...ResetSection[]]).optional(),
});
