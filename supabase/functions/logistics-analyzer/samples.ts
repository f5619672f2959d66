/** The caller's stored samples, read under RLS, in the analyzers' shape. */
import type { Sample } from "../_shared/analysis/schemas.ts";
import { MAX_ANALYSIS_ITEMS } from "../_shared/analyzer.ts";
import type { UserClaims } from "../_shared/auth.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import { inline } from "../_shared/inline_sql.ts";
import type { DbRow } from "../_shared/rows.ts";

type SampleRow = DbRow<
  "samples",
  | "id"
  | "name"
  | "category"
  | "status"
  | "is_hero"
  | "look_id"
  | "designer"
  | "expected_at"
  | "shoot_date",
  "expected_at"
>;

export async function loadStoredSamples(sql: Sql, claims: UserClaims): Promise<Sample[]> {
  // One row over the limit tells the handler the set is too large to analyse at once.
  const rows = await asUser(
    sql,
    claims,
    (tx) =>
      inline(tx)<SampleRow[]>`select id::text, name, category, status, is_hero, look_id, designer,
              expected_at, shoot_date::text as shoot_date
       from public.samples
       where owner_id = ${claims.sub}
       order by created_at, id
       limit ${MAX_ANALYSIS_ITEMS + 1}`,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    category: row.category,
    status: row.status as Sample["status"],
    isHero: row.is_hero,
    lookId: row.look_id,
    designer: row.designer,
    expectedAt: row.expected_at?.toISOString() ?? null,
    shootDate: row.shoot_date,
  }));
}
