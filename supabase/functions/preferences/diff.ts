/**
 * What changed between two settings documents, path by path: the history's diff and the
 * rollback preview. Objects are walked key by key; arrays and scalars are compared as values
 * (a changed list is one change, with the whole list before and after).
 */
import { isPlainObject, type Json } from "./merge.ts";

export interface SettingsDiff {
  added: Array<{ path: string; value: Json }>;
  removed: Array<{ path: string; value: Json }>;
  changed: Array<{ path: string; before: Json; after: Json }>;
}

/** Deep equality of JSON values (key order does not matter). */
export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length &&
      keys.every((key) => key in b && sameJson(a[key], b[key]));
  }
  return false;
}

/**
 * The added, removed and changed paths from `before` to `after`, each list sorted by path.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { diffSettings } from "./diff.ts";
 *
 * deepEqual(diffSettings({ theme: "dark", rowsPerPage: 25 }, { theme: "light", density: "compact" }), {
 *   added: [{ path: "density", value: "compact" }],
 *   removed: [{ path: "rowsPerPage", value: 25 }],
 *   changed: [{ path: "theme", before: "dark", after: "light" }],
 * });
 * ```
 */
export function diffSettings(before: unknown, after: unknown): SettingsDiff {
  const diff: SettingsDiff = { added: [], removed: [], changed: [] };
  // JSON values: settings as read from jsonb, or about to be written as it.
  walk(before as Json, after as Json, "", diff);
  // jsonb keeps keys in its own order; sorted paths read (and compare) the same every time.
  for (const list of [diff.added, diff.removed, diff.changed]) {
    list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  return diff;
}

function walk(before: Json, after: Json, path: string, diff: SettingsDiff): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in after)) diff.removed.push({ path: at, value: before[key] });
      else if (!(key in before)) diff.added.push({ path: at, value: after[key] });
      else walk(before[key], after[key], at, diff);
    }
  } else if (!sameJson(before, after)) {
    diff.changed.push({ path: path || "(document)", before, after });
  }
}

/** Every path the diff names, sorted: the short form the history lists. */
export function changedPaths(diff: SettingsDiff): string[] {
  return [...diff.added, ...diff.removed, ...diff.changed].map((c) => c.path).sort();
}
