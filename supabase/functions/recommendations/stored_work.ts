/**
 * The caller's stored work for `nextActions`, read under RLS through the analyzers' loaders
 * (`_shared/stored/`): samples, gallery and shot list, and the upcoming events they own or are
 * a member of.
 */
import type { UserClaims } from "../_shared/auth.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import { inline } from "../_shared/inline_sql.ts";
import { loadStoredEvent } from "../_shared/stored/event.ts";
import { loadStoredMedia } from "../_shared/stored/media.ts";
import { loadStoredSamples } from "../_shared/stored/samples.ts";
import type { UserWork } from "./next_actions.ts";

/**
 * Events looked at, soonest first: next actions are about what comes next, and each event is
 * one more query (run in parallel).
 */
export const MAX_EVENTS = 10;

/** Ids of the caller's events that have not ended, soonest first (at most `MAX_EVENTS`). */
export async function upcomingEventIds(sql: Sql, claims: UserClaims): Promise<string[]> {
  const rows = await asUser(
    sql,
    claims,
    (tx) =>
      inline(tx)<{ id: string }[]>`select id::text from public.events
       where coalesce(ends_at, starts_at) >= now()
       order by starts_at, id limit ${MAX_EVENTS}`,
  );
  return rows.map((row) => row.id);
}

/** Everything `nextActions` looks at, read as the caller. */
export async function loadUserWork(sql: Sql, claims: UserClaims): Promise<UserWork> {
  const [samples, media, eventIds] = await Promise.all([
    loadStoredSamples(sql, claims),
    loadStoredMedia(sql, claims),
    upcomingEventIds(sql, claims),
  ]);
  const events = await Promise.all(eventIds.map((id) => loadStoredEvent(sql, claims, id)));
  return {
    samples,
    assets: media.assets,
    shotList: media.shotList,
    // An event deleted between the two reads is simply not there.
    events: events.filter((event) => event !== null),
  };
}
