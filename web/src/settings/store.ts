/**
 * The caller's settings, shared by every part of the page that shows or changes them. Changes
 * are applied at once on screen and saved 300 ms after the last of a burst, as one PATCH; a
 * 422 leaves the values on screen with the messages beside their fields. Other tabs hear each
 * saved answer over a BroadcastChannel and show it without a reload.
 */
import { type ApiError, callFunction } from "../api.ts";
import { readClientConfig } from "../config.ts";
import { supabase } from "../supabase.ts";
import { setTheme, type ThemeChoice, themeChosenAt } from "../theme.ts";
import { deepMerge, type JsonObject } from "./merge.ts";

export interface PreferencesAnswer {
  preferences: JsonObject;
  assistant: JsonObject;
  updatedAt: string | null;
}

export type SaveStatus = "idle" | "saving" | "saved" | "invalid" | "failed";

export interface SettingsState {
  answer: PreferencesAnswer | null;
  loadError: ApiError | null;
  status: SaveStatus;
  /** Field path ("preferences.rowsPerPage") -> messages, from the last 422. */
  errors: Record<string, string[]>;
  message: string | null;
}

export const SAVE_DELAY_MS = 300;

let state: SettingsState = {
  answer: null,
  loadError: null,
  status: "idle",
  errors: {},
  message: null,
};
let pending: JsonObject = {};
let timer: ReturnType<typeof setTimeout> | undefined;
let loading: Promise<void> | null = null;
const listeners = new Set<(state: SettingsState) => void>();
const channel = typeof BroadcastChannel === "function"
  ? new BroadcastChannel("fashionos.settings")
  : null;

function set(next: Partial<SettingsState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener(state);
}

function applyTheme(answer: PreferencesAnswer, onlyIfNewer: boolean) {
  const theme = answer.preferences.theme;
  if (theme !== "light" && theme !== "dark" && theme !== "system") return;
  // On load, a choice made on this device after the last save stays (its save may still be
  // on its way); a newer save from elsewhere applies.
  if (onlyIfNewer && !(Date.parse(answer.updatedAt ?? "") > themeChosenAt())) return;
  setTheme(theme as ThemeChoice);
}

/** A saved answer: shown here, applied, and told to the other tabs. */
function adopt(answer: PreferencesAnswer, announce: boolean, loaded = false) {
  // Changes not saved yet stay on screen over the saved answer.
  set({ answer: Object.keys(pending).length ? mergePending(answer) : answer });
  if (!Object.keys(pending).length) applyTheme(answer, loaded);
  if (announce) channel?.postMessage({ type: "answer", answer });
}

// Leaving the page with a change not saved yet: send it anyway (keepalive outlives the page).
let accessToken: string | null = null;
let watchingToken = false;
addEventListener("pagehide", () => {
  const config = readClientConfig();
  if (!Object.keys(pending).length || !accessToken || !config) return;
  clearTimeout(timer);
  fetch(`${config.url}/functions/v1/preferences`, {
    method: "PATCH",
    keepalive: true,
    headers: {
      "Content-Type": "application/json",
      apikey: config.anonKey,
      Authorization: `Bearer ${accessToken}`,
    },
    body: JSON.stringify(pending),
  }).catch(() => {});
  pending = {};
});

function mergePending(answer: PreferencesAnswer) {
  return deepMerge(answer as unknown as JsonObject, pending) as unknown as PreferencesAnswer;
}

channel?.addEventListener("message", (event: MessageEvent) => {
  if (event.data?.type === "answer") adopt(event.data.answer as PreferencesAnswer, false);
});

export function settingsState(): SettingsState {
  return state;
}

export function onSettings(listener: (state: SettingsState) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Loads once per page (again after `reloadSettings`). */
export function loadSettings(): Promise<void> {
  if (!watchingToken) {
    watchingToken = true;
    supabase().auth.getSession().then(({ data }) =>
      accessToken = data.session?.access_token ?? null
    );
    supabase().auth.onAuthStateChange((_event, session) =>
      accessToken = session?.access_token ?? null
    );
  }
  loading ??= callFunction<PreferencesAnswer>("preferences", { method: "GET" }).then(
    ({ data, error }) => {
      if (data) {
        set({ loadError: null });
        adopt(data, false, true);
      } else set({ loadError: error });
    },
  );
  return loading;
}

export function reloadSettings(): Promise<void> {
  loading = null;
  return loadSettings();
}

/** A change from a control: on screen now, saved after the burst. */
export function changeSettings(patch: JsonObject) {
  pending = deepMerge(pending, patch);
  if (state.answer) set({ answer: mergePending(state.answer) });
  const errors = { ...state.errors };
  for (const path of Object.keys(errors)) if (pathIn(patch, path)) delete errors[path];
  set({ errors, status: "saving", message: null });
  schedule();
}

function pathIn(patch: JsonObject, path: string): boolean {
  let node: unknown = patch;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || !(key in node)) return false;
    node = (node as JsonObject)[key];
  }
  return true;
}

let saving = false;

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(flush, SAVE_DELAY_MS);
}

async function flush() {
  timer = undefined;
  // One save at a time: a burst during a save goes out when it returns.
  if (saving || !Object.keys(pending).length) return;
  const body = pending;
  pending = {};
  saving = true;
  const { data, error } = await callFunction<PreferencesAnswer>("preferences", {
    method: "PATCH",
    body,
  });
  saving = false;
  const more = Object.keys(pending).length > 0;
  if (data) {
    set({ status: more ? "saving" : "saved", errors: {} });
    adopt(data, true);
  } else {
    // Keep the rejected values pending: fixing one field resends the others with it.
    pending = deepMerge(body, pending);
    if (error?.status === 422) {
      set({
        status: "invalid",
        errors: error.fields ?? {},
        message: "Fix the highlighted field to save.",
      });
    } else {
      set({ status: "failed", message: error?.message ?? "Not saved." });
    }
    return;
  }
  if (more && !timer) schedule();
}

/** Reset a section (or everything), then show and announce the answer. */
export async function resetSettings(section?: string): Promise<ApiError | null> {
  const { data, error } = await callFunction<PreferencesAnswer>("preferences/reset", {
    body: section ? { section } : {},
  });
  if (data) {
    pending = {};
    set({ errors: {}, status: "saved", message: null });
    adopt(data, true);
  }
  return error;
}

/** Restore the settings as they were before an audited change. */
export async function rollbackSettings(auditId: string): Promise<ApiError | null> {
  const { data, error } = await callFunction<PreferencesAnswer>("preferences/rollback", {
    body: { auditId },
  });
  if (data) {
    pending = {};
    set({ errors: {}, status: "saved", message: null });
    adopt(data, true);
  }
  return error;
}
