/**
 * The public gallery: public compositions by search (name, description and tags, through the
 * GIN index compositions_public_search_idx: never a scan), tags (all of them, the tags GIN
 * index), sorted and paginated. @module
 *
 * Read as the service role, with `is_public` always in the filter: the gallery is public rows
 * only, which is all RLS would allow here too. As the user, RLS's policy is a security barrier
 * that the text-search and array operators (not leakproof) may not be evaluated before, so
 * Postgres could use neither index: 10,000 public rows took 0.5 s a search instead of ms.
 */
import { asService } from "../_shared/db.ts";
import { literal as q } from "../_shared/inline_sql.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { pagination } from "./saved.ts";
import type { GalleryQuery } from "./schemas.ts";

/**
 * `trending`: engagement (likes, forks twice, downloads a third) over age, the way link
 * aggregators rank: a composition must keep earning attention to stay near the top.
 */
const ORDER: Record<GalleryQuery["sort"], string> = {
  recent: "c.created_at desc, c.id desc",
  popular: "c.download_count desc, c.id",
  likes: "c.like_count desc, c.id",
  trending: `(c.like_count + 2 * c.fork_count + c.download_count / 3.0)
    / power(extract(epoch from now() - c.created_at) / 3600 + 2, 1.5) desc, c.id`,
};

/** The filter of a gallery query, as SQL over `public.compositions c`. */
export function galleryFilter(query: Pick<GalleryQuery, "search" | "tags">): string {
  const where = ["c.is_public"];
  if (query.search) {
    // The exact expression of the index, so the planner uses it.
    where.push(`private.composition_search_document(c.name, c.description, c.tags)
      @@ websearch_to_tsquery('english'::regconfig, ${q(query.search)})`);
  }
  if (query.tags.length) {
    where.push(`c.tags @> array(select jsonb_array_elements_text(${q(query.tags)}::jsonb))`);
  }
  return where.join(" and ");
}

interface GalleryRow {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  tags: string[];
  like_count: number;
  fork_count: number;
  download_count: number;
  own: boolean;
  created_at: Date;
}

/** One page of the gallery and its total. */
export async function searchGallery(ctx: FunctionContext, query: GalleryQuery) {
  const where = galleryFilter(query);
  const [rows, [{ total }]] = await asService(ctx.db(), (tx) => [
    tx.unsafe<GalleryRow[]>(`select c.id::text, c.name, c.description, c.kind, c.tags,
        c.like_count, c.fork_count, c.download_count, c.user_id = ${
      q(ctx.user.userId)
    }::uuid as own, c.created_at
      from public.compositions c where ${where}
      order by ${ORDER[query.sort]}
      limit ${q(query.limit)} offset ${q((query.page - 1) * query.limit)}`),
    tx.unsafe<{ total: number }[]>(
      `select count(*)::int as total from public.compositions c where ${where}`,
    ),
  ]);
  return {
    compositions: rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      kind: row.kind,
      tags: row.tags,
      likeCount: row.like_count,
      forkCount: row.fork_count,
      downloadCount: row.download_count,
      own: row.own,
      createdAt: row.created_at.toISOString(),
    })),
    ...pagination(total, query.page, query.limit),
  };
}
