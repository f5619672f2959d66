/**
 * Row types for the functions' SQL, derived from the generated `Database` type, so that a
 * renamed or retyped column fails `deno check` instead of a request.
 */
import type { Database, Tables } from "./database.types.ts";

type PublicTable = keyof Database["public"]["Tables"];

/**
 * Columns `K` of table `T` as postgres.js returns them: the timestamp columns listed in `D`
 * arrive as `Date` (the generated type says `string`, which is what PostgREST sends).
 *
 * @example
 * ```ts
 * type Sample = DbRow<"samples", "id" | "expected_at", "expected_at">;
 * ```
 */
export type DbRow<T extends PublicTable, K extends keyof Tables<T>, D extends K = never> = {
  [P in K]: P extends D ? Date | Extract<Tables<T>[P], null> : Tables<T>[P];
};
