/**
 * The compose bench's data: public compositions for the gallery (the compose document's
 * "10,000 configurations"), spread over the bench users, whose tier allows that many.
 */
import { type Sql, transaction } from "../../supabase/functions/_shared/db.ts";
import type { BenchUser } from "./users.ts";

/** Public compositions in the gallery during the bench. */
export const PUBLIC_COMPOSITIONS = 10_000;

/** Public compositions one user may keep on the enterprise tier (the tier-limit trigger's). */
const PUBLIC_PER_USER = 100;

/** The fewest bench users the gallery's compositions fit between. */
export const MIN_BENCH_USERS = Math.ceil(PUBLIC_COMPOSITIONS / PUBLIC_PER_USER);

/** Words the gallery's names and descriptions are made of; a search for one finds about 1 in 8. */
export const GALLERY_WORDS = [
  "linen",
  "silk",
  "denim",
  "wool",
  "leather",
  "cotton",
  "velvet",
  "cashmere",
];

/**
 * Gives the users `total` public compositions between them (as `postgres`: the counters are
 * seeded too), after raising their tier to enterprise (100 public, 10,000 generations a month).
 */
export async function givePublicCompositions(sql: Sql, users: readonly BenchUser[], total: number) {
  const ids = users.map((user) => user.id);
  await sql`insert into public.profiles (id, tier) select unnest(${ids}::uuid[]), 'enterprise'
    on conflict (id) do update set tier = 'enterprise'`;
  const perUser = Math.ceil(total / users.length);
  // 250 rows a statement, each in a transaction of its own without the pool's 4 s statement
  // timeout: every row runs the tier-limit trigger and the search index's text analysis, which
  // takes seconds on a loaded machine.
  const step = Math.max(1, Math.floor(250 / perUser));
  for (let i = 0; i < ids.length; i += step) {
    await transaction(sql, async (tx) => {
      await tx`set local statement_timeout = 0`;
      await tx`
      insert into public.compositions (user_id, name, description, kind, content, content_hash,
                                       tags, is_public, like_count, download_count, created_at)
      select owner,
             initcap(w.word) || ' look ' || n,
             'A ' || w.word || ' brief for the ' || (array['resort', 'winter', 'bridal'])[1 + n % 3] || ' collection',
             'shoot_brief',
             to_jsonb('Brief ' || owner || ' ' || n),
             md5(owner::text || n),
             array[w.word, (array['resort', 'winter', 'bridal'])[1 + n % 3]],
             true,
             (n * 7919) % 50,
             (n * 104729) % 200,
             now() - make_interval(hours => n)
      from unnest(${ids.slice(i, i + step)}::uuid[]) with ordinality as u(owner, k),
           generate_series(1, ${perUser}) as n,
           lateral (select (${GALLERY_WORDS}::text[])[1 + (n + k::int) % ${GALLERY_WORDS.length}] as word) w
      where (k - 1 + ${i}) * ${perUser} + n <= ${total}`;
    }, { deadlineMs: 120_000 });
  }
}
