/** The caller's stored samples, read under RLS, in the analyzers' shape. */
import type { Sample } from "../analysis/schemas.ts";
import { MAX_ANALYSIS_ITEMS } from "../analyzer.ts";
import type { UserClaims } from "../auth.ts";
import { asUser, type Sql } from "../db.ts";
import { inline } from "../inline_sql.ts";
import type { DbRow } from "../rows.ts";

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
