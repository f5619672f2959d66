/**
 * What the package and feature scorers read, as the caller under RLS, each in one round trip
 * (asUser pipelines the statements): aggregates, not the rows themselves.
 */
import type { UserClaims } from "../_shared/auth.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import { inline } from "../_shared/inline_sql.ts";
import type { DbRow } from "../_shared/rows.ts";
import type { FeatureSignals } from "./features.ts";
import type { PackageSignals, ServicePackage } from "./packages.ts";
import { MAX_EVENTS } from "./stored_work.ts";

type PackageRow = DbRow<
  "service_packages",
  | "id"
  | "slug"
  | "name"
  | "description"
  | "price"
  | "currency"
  | "lead_time_days"
  | "categories"
  | "includes"
  | "popularity"
  | "crew_min"
  | "crew_max"
>;
type EventRow = DbRow<"events", "name" | "starts_at" | "staffing_required", "starts_at">;

/** The catalogue is small reference data; this bounds a runaway one. */
const MAX_PACKAGES = 500;
/** Analytics rows read for usage, newest first: a feature used is seen well within these. */
const MAX_USAGE_ROWS = 5_000;
/** Counting stored work stops here: the scorer asks only whether there is any. */
const COUNT_CAP = 1_000;

/** Required headcount of an event: the sum of its `staffing_required` counts. */
export function crewOf(staffingRequired: unknown): number {
  if (!staffingRequired || typeof staffingRequired !== "object") return 0;
  let crew = 0;
  for (const count of Object.values(staffingRequired)) {
    if (typeof count === "number" && Number.isFinite(count) && count > 0) crew += count;
  }
  return crew;
}

/** The active catalogue and what the caller's samples and upcoming events say. */
export async function loadPackageInputs(
  sql: Sql,
  claims: UserClaims,
): Promise<{ catalogue: ServicePackage[]; signals: PackageSignals }> {
  const [categories, [shoot], events, packages] = await asUser(sql, claims, (tx) => [
    inline(tx)<{ category: string; n: number }[]>`select category, count(*)::int as n
       from public.samples where owner_id = ${claims.sub} group by category`,
    // The next shoot that still has pieces to shoot.
    inline(tx)<{ next: string | null }[]>`select min(shoot_date)::text as next
       from public.samples
       where owner_id = ${claims.sub} and shoot_date >= current_date
         and status in ('requested', 'in_transit', 'awaiting', 'on_set')`,
    inline(tx)<EventRow[]>`select name, starts_at, staffing_required from public.events
       where coalesce(ends_at, starts_at) >= now() order by starts_at, id limit ${MAX_EVENTS}`,
    inline(tx)<PackageRow[]>`select id::text, slug, name, description, price::float8 as price,
              currency, lead_time_days, categories, includes, popularity, crew_min, crew_max
       from public.service_packages where active order by slug limit ${MAX_PACKAGES}`,
  ]);
  return {
    catalogue: packages.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      price: row.price,
      currency: row.currency,
      leadTimeDays: row.lead_time_days,
      categories: row.categories,
      includes: row.includes,
      popularity: row.popularity,
      crewMin: row.crew_min,
      crewMax: row.crew_max,
    })),
    signals: {
      sampleCategories: Object.fromEntries(categories.map((row) => [row.category, row.n])),
      nextShootDate: shoot?.next ?? null,
      events: events.map((row) => ({
        name: row.name,
        startsAt: row.starts_at.toISOString(),
        crew: crewOf(row.staffing_required),
      })),
    },
  };
}

/** The caller's feature usage (from their analytics) and how much work each kit holds. */
export async function loadFeatureSignals(
  sql: Sql,
  claims: UserClaims,
  isAdmin: boolean,
): Promise<FeatureSignals> {
  const [usage, [work]] = await asUser(sql, claims, (tx) => [
    // An event type, and `@name` for each name its data gives (see Feature.usedBy).
    inline(tx)<{ key: string }[]>`select distinct k.key
       from (select event_type, event_data from public.analytics_events
             where user_id = ${claims.sub}
             order by created_at desc limit ${MAX_USAGE_ROWS}) a,
            lateral (values (a.event_type),
                            ('@' || (a.event_data ->> 'function')),
                            ('@' || (a.event_data ->> 'insightType')),
                            ('@' || (a.event_data ->> 'skill')),
                            ('@' || (a.event_data ->> 'feature'))) as k(key)
       where k.key is not null`,
    inline(tx)<{ logistics: number; events: number; media: number }[]>`select
       (select count(*)::int from (select 1 from public.samples
          where owner_id = ${claims.sub} limit ${COUNT_CAP}) s) as logistics,
       (select count(*)::int from (select 1 from public.events
          where coalesce(ends_at, starts_at) >= now() limit ${COUNT_CAP}) e) as events,
       (select count(*)::int from (select 1 from public.gallery_assets
          where owner_id = ${claims.sub} limit ${COUNT_CAP}) g)
       + (select count(*)::int from (select 1 from public.shot_list_items
          where owner_id = ${claims.sub} limit ${COUNT_CAP}) l) as media`,
  ]);
  return {
    usage: new Set(usage.map((row) => row.key)),
    workByKit: { logistics: work.logistics, events: work.events, media: work.media },
    isAdmin,
  };
}
