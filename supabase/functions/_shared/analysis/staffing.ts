/** Staffing required versus assigned, per role. @module */
import { compareText } from "./_compare.ts";
import type { Staffing } from "./schemas.ts";

export interface StaffingGap {
  role: string;
  required: number;
  assigned: number;
  /** `max(required - assigned, 0)`. */
  gap: number;
}

/**
 * One line per role named in `required` or in `assigned` (a role nobody asked for shows
 * `required: 0`). The same person listed twice for the same role counts once. Sorted gaps
 * first, largest gap first, then by role name. No staffing data gives an empty list.
 *
 * @example One dresser short
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { staffingReport } from "./staffing.ts";
 *
 * deepEqual(staffingReport({
 *   required: { dresser: 2 },
 *   assigned: [{ name: "Ana", role: "dresser" }],
 * }), [{ role: "dresser", required: 2, assigned: 1, gap: 1 }]);
 * ```
 */
export function staffingReport(staffing: Staffing | null | undefined): StaffingGap[] {
  if (!staffing) return [];
  const assignedPeople = new Map<string, Set<string>>();
  for (const { name, role } of staffing.assigned) {
    const people = assignedPeople.get(role) ?? new Set<string>();
    people.add(name);
    assignedPeople.set(role, people);
  }

  // A Map, not `required[role]`: a role named "constructor" must not read Object.prototype.
  const requiredByRole = new Map(Object.entries(staffing.required));
  const roles = new Set([...requiredByRole.keys(), ...assignedPeople.keys()]);
  return [...roles]
    .map((role) => {
      const required = requiredByRole.get(role) ?? 0;
      const assigned = assignedPeople.get(role)?.size ?? 0;
      return { role, required, assigned, gap: Math.max(required - assigned, 0) };
    })
    .sort((a, b) => b.gap - a.gap || compareText(a.role, b.role));
}
