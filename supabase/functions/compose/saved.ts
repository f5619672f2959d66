/**
 * Saved compositions, as the caller under RLS: save (dedupe by content hash, tier limits from
 * the database's trigger), list, read, change, delete, fork, like, bookmark and download.
 * Anything the caller may not see, or may not change, is a 404: whether it exists is not theirs
 * to learn. @module
 */
import { asUser, type Tx } from "../_shared/db.ts";
import { httpError } from "../_shared/errors.ts";
import { literal } from "../_shared/inline_sql.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { sha256Hex } from "./canonical.ts";
import type { SaveRequest, UpdateRequest } from "./schemas.ts";

/** The columns a saved composition is answered with. */
const COLUMNS = `id::text, user_id::text, name, description, kind, inputs, content, content_hash,
  tags, is_public, is_template, like_count, fork_count, download_count, parent_id::text,
  created_at, updated_at`;

export interface CompositionRow {
  id: string;
  user_id: string;
  name: string;
  description: string | null;
  kind: string;
  inputs: Record<string, unknown>;
  content: unknown;
  content_hash: string;
  tags: string[];
  is_public: boolean;
  is_template: boolean;
  like_count: number;
  fork_count: number;
  download_count: number;
  parent_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A row in the API's shape. */
export function savedComposition(row: CompositionRow) {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    inputs: row.inputs,
    content: row.content,
    contentHash: row.content_hash,
    tags: row.tags,
    isPublic: row.is_public,
    isTemplate: row.is_template,
    likeCount: row.like_count,
    forkCount: row.fork_count,
    downloadCount: row.download_count,
    parentId: row.parent_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type SavedComposition = ReturnType<typeof savedComposition>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id; one that is not a uuid names nothing, so it is a 404 like any unknown id. */
export function compositionId(id: string | undefined): string {
  if (!id || !UUID.test(id)) throw notFound(id ?? "");
  return id.toLowerCase();
}

function notFound(id: string) {
  return httpError("not_found", `Composition "${id}" does not exist or is not shared with you`);
}

/**
 * The database's tier-limit refusal (SQLSTATE PT403, raised by compositions_enforce_tier_limits
 * with a detail written for people) as a 403 naming the limit; anything else unchanged.
 */
export function tierLimitProblem(error: unknown): unknown {
  const pg = error as { code?: string; detail?: string };
  if (pg?.code !== "PT403") return error;
  const detail = pg.detail ?? "A tier limit was reached";
  const limit = /public/.test(detail) ? "public_compositions" : "saved_compositions";
  const max = Number(detail.match(/allows (\d+)/)?.[1] ?? NaN);
  return httpError("forbidden", detail, {
    reason: "tier_limit_exceeded",
    limit,
    ...(Number.isFinite(max) ? { max } : {}),
  });
}

function asCaller<T>(ctx: FunctionContext, work: (tx: Tx) => T) {
  return asUser(ctx.db(), ctx.user.claims, work).catch((error) => {
    throw tierLimitProblem(error);
  });
}

/** A value as an SQL literal (dollar-quoted text, checked numbers: inline_sql.ts). */
const q = literal;
/** A uuid literal; ids reach here checked (`compositionId`, the token's `sub`). */
const uuid = (id: string) => `${q(id)}::uuid`;

/** Saves a composition; an identical content already saved by the caller is a 409. */
export async function saveComposition(ctx: FunctionContext, body: SaveRequest) {
  const me = uuid(ctx.user.userId);
  const hash = q(sha256Hex(body.content));
  const [inserted, existing] = await asCaller(ctx, (tx) => [
    tx.unsafe<CompositionRow[]>(`insert into public.compositions
        (user_id, name, description, kind, inputs, content, content_hash, tags, is_public)
      values (${me}, ${q(body.name)}, ${q(body.description ?? null)}, ${q(body.kind)},
              ${q(body.inputs)}::jsonb, to_jsonb(${q(body.content)}::text), ${hash},
              array(select jsonb_array_elements_text(${q(body.tags)}::jsonb)), ${q(body.isPublic)})
      on conflict on constraint compositions_user_content_hash_unique do nothing
      returning ${COLUMNS}`),
    tx.unsafe<{ id: string }[]>(`select id::text from public.compositions
      where user_id = ${me} and content_hash = ${hash}`),
  ]);
  if (inserted[0]) return savedComposition(inserted[0]);
  throw httpError("conflict", "You have already saved a composition with this content", {
    reason: "duplicate_composition",
    existingId: existing[0]?.id,
  });
}

/** One page of the caller's own compositions, newest first. */
export async function listOwn(ctx: FunctionContext, page: number, limit: number) {
  const me = uuid(ctx.user.userId);
  const [rows, [{ total }]] = await asCaller(ctx, (tx) => [
    tx.unsafe<CompositionRow[]>(`select ${COLUMNS} from public.compositions where user_id = ${me}
       order by created_at desc, id desc limit ${q(limit)} offset ${q((page - 1) * limit)}`),
    tx.unsafe<{ total: number }[]>(
      `select count(*)::int as total from public.compositions where user_id = ${me}`,
    ),
  ]);
  return { compositions: rows.map(savedComposition), ...pagination(total, page, limit) };
}

/** `{total, page, limit, pages}`. */
export function pagination(total: number, page: number, limit: number) {
  return { total, page, limit, pages: Math.ceil(total / limit) };
}

/** A composition the caller can see (own, organization's or public). */
export async function readComposition(ctx: FunctionContext, id: string) {
  const [row] = await asCaller(
    ctx,
    (tx) =>
      tx.unsafe<CompositionRow[]>(
        `select ${COLUMNS} from public.compositions where id = ${uuid(id)}`,
      ),
  );
  if (!row) throw notFound(id);
  return savedComposition(row);
}

/** Changes the caller's own composition (making it public is held to the tier's limit). */
export async function updateComposition(ctx: FunctionContext, id: string, body: UpdateRequest) {
  const sets: string[] = [];
  if (body.name !== undefined) sets.push(`name = ${q(body.name)}`);
  if (body.description !== undefined) sets.push(`description = ${q(body.description)}`);
  if (body.tags !== undefined) {
    sets.push(`tags = array(select jsonb_array_elements_text(${q(body.tags)}::jsonb))`);
  }
  if (body.isPublic !== undefined) sets.push(`is_public = ${q(body.isPublic)}`);
  const [row] = await asCaller(
    ctx,
    (tx) =>
      tx.unsafe<CompositionRow[]>(`update public.compositions set ${sets.join(", ")}
       where id = ${uuid(id)} and user_id = ${uuid(ctx.user.userId)} returning ${COLUMNS}`),
  );
  if (!row) throw notFound(id);
  return savedComposition(row);
}

/** Deletes the caller's own composition. */
export async function deleteComposition(ctx: FunctionContext, id: string): Promise<void> {
  const rows = await asCaller(ctx, (tx) =>
    tx.unsafe(`delete from public.compositions
       where id = ${uuid(id)} and user_id = ${uuid(ctx.user.userId)} returning id`));
  if (rows.length === 0) throw notFound(id);
}

/**
 * Forks a public composition into the caller's own (private) ones; a private one, even the
 * caller's organization's, is a 404. The database counts the fork (record_fork).
 */
export async function forkComposition(ctx: FunctionContext, id: string, name?: string) {
  const me = uuid(ctx.user.userId);
  const source = `from public.compositions s where s.id = ${uuid(id)} and s.is_public`;
  const [inserted, found] = await asCaller(ctx, (tx) => [
    tx.unsafe<CompositionRow[]>(`insert into public.compositions
        (user_id, name, description, kind, inputs, content, content_hash, tags, parent_id)
      select ${me}, ${name === undefined ? "left(s.name || ' (fork)', 200)" : q(name)},
             s.description, s.kind, s.inputs, s.content, s.content_hash, s.tags, s.id
      ${source}
      on conflict on constraint compositions_user_content_hash_unique do nothing
      returning ${COLUMNS}`),
    tx.unsafe<{ id: string }[]>(`select s.id::text ${source}`),
  ]);
  if (inserted[0]) return savedComposition(inserted[0]);
  if (!found[0]) throw notFound(id);
  throw httpError("conflict", "You have already saved a composition with this content", {
    reason: "duplicate_composition",
  });
}

export type Interaction = "like" | "bookmark";

/**
 * Adds (`on`) or removes the caller's like or bookmark of a composition they can see; doing it
 * twice changes nothing. Answers the state and the composition's like count.
 */
export async function setInteraction(
  ctx: FunctionContext,
  id: string,
  type: Interaction,
  on: boolean,
) {
  const me = uuid(ctx.user.userId);
  const target = uuid(id);
  const change = on
    ? `insert into public.composition_interactions (user_id, composition_id, interaction_type)
       select ${me}, c.id, ${q(type)} from public.compositions c where c.id = ${target}
       on conflict on constraint composition_interactions_unique do nothing`
    : `delete from public.composition_interactions
       where user_id = ${me} and composition_id = ${target} and interaction_type = ${q(type)}`;
  const [, [row]] = await asCaller(ctx, (tx) => [
    tx.unsafe(change),
    tx.unsafe<{ like_count: number }[]>(
      `select like_count from public.compositions where id = ${target}`,
    ),
  ]);
  if (!row) throw notFound(id);
  return type === "like"
    ? { id, liked: on, likeCount: row.like_count }
    : { id, bookmarked: on, likeCount: row.like_count };
}

/** Counts a download of a composition the caller can see and answers its content. */
export async function downloadComposition(ctx: FunctionContext, id: string) {
  const [[counted], [row]] = await asCaller(ctx, (tx) => [
    tx.unsafe<{ download_count: number }[]>(
      `select public.record_composition_download(${uuid(id)}) as download_count`,
    ),
    tx.unsafe<Pick<CompositionRow, "name" | "kind" | "content" | "content_hash">[]>(
      `select name, kind, content, content_hash from public.compositions where id = ${uuid(id)}`,
    ),
  ]);
  if (!row) throw notFound(id);
  return {
    id,
    name: row.name,
    kind: row.kind,
    content: row.content,
    contentHash: row.content_hash,
    downloadCount: counted.download_count,
  };
}
