/**
 * POST /compose's resolution, in the compose document's order: prebuilt (shipped, or promoted
 * by the database at 10 generations) → cache (same kind and normalized inputs, 1 h) → generate
 * (the `content_generation` rate limit and the monthly quota first: prebuilt and cache hits
 * count against neither, only the per-user limit of every call). Every call past validation
 * writes one generation_history row (source, time, size, success, error code); the database
 * keeps popularity and trend from those rows.
 *
 * Round trips: a hit is one (admission, lookup and its history row in one transaction; the row
 * is written only when the admission said yes); a miss adds the limit and quota, and the write
 * of the entry with its history row.
 */
import { findBlockers } from "../_shared/analysis/blockers.ts";
import { runOfShow } from "../_shared/analysis/run_of_show.ts";
import { asService, type Tx } from "../_shared/db.ts";
import { httpError } from "../_shared/errors.ts";
import { inline, literal } from "../_shared/inline_sql.ts";
import {
  admittedInThisTransaction,
  DEFAULT_RATE_LIMIT,
  enforceRateLimit,
  limitsFor,
} from "../_shared/rate_limit.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { loadStoredEvent } from "../_shared/stored/event.ts";
import { loadStoredSamples } from "../_shared/stored/samples.ts";
import { canonicalJson, sha256Hex } from "./canonical.ts";
import { type Composition, compositionOf } from "./compose.ts";
import { generateWithModel } from "./generate.ts";
import { kitConfiguration } from "./kinds/kit_configuration.ts";
import type { Draft } from "./kinds/kind.ts";
import { productDescription } from "./kinds/product_description.ts";
import { runOfShowDocument } from "./kinds/run_of_show.ts";
import { sampleRequest } from "./kinds/sample_request.ts";
import { shootBrief } from "./kinds/shoot_brief.ts";
import { shippedComposition } from "./prebuilt.ts";
import type { ComposeRequest } from "./schemas.ts";

/** How long a generated composition is served from the cache. */
export const CACHE_TTL_SECONDS = 3600;

export type Source = "prebuilt" | "cached" | "generated";

/** What POST /compose answers. */
export interface ComposeAnswer extends Composition {
  source: Source;
  compositionHash: string;
  generationTimeMs: number;
}

/** A cache or history row's identity: kind, the inputs document, and the user it belongs to. */
interface Keyed {
  kind: string;
  /** Normalized inputs and options (plus a digest of the stored rows read, for stored kinds). */
  inputs: Record<string, unknown>;
  /** Set when the composition was built from the caller's stored rows: never shared. */
  ownerId: string | null;
}

/**
 * What a request composes from: the caller's stored rows where the kind needs them (they key
 * the cache entry), and the template's draft, rendered only on a miss.
 */
async function materialOf(
  ctx: FunctionContext,
  request: ComposeRequest,
  now: Date,
): Promise<{ render: () => Draft; stored?: unknown }> {
  const { options } = request;
  switch (request.kind) {
    case "product_description":
      return { render: () => productDescription(request.inputs, options) };
    case "shoot_brief":
      return { render: () => shootBrief(request.inputs, options) };
    case "kit_configuration":
      return { render: () => kitConfiguration(request.inputs, options) };
    case "run_of_show": {
      const inputs = request.inputs;
      if ("event" in inputs) {
        const event = inputs.event;
        return {
          render: () => runOfShowDocument({ event, draft: runOfShow(event, now) }, options),
        };
      }
      const event = await loadStoredEvent(ctx.db(), ctx.user.claims, inputs.eventId);
      if (!event) {
        throw httpError(
          "not_found",
          `Event "${inputs.eventId}" does not exist or is not shared with you`,
        );
      }
      return {
        render: () => runOfShowDocument({ event, draft: runOfShow(event, now) }, options),
        stored: event,
      };
    }
    case "sample_request": {
      const wanted = request.inputs.designer?.toLowerCase();
      const late = findBlockers(await loadStoredSamples(ctx.db(), ctx.user.claims), now)
        .filter((b) => !wanted || b.designer?.toLowerCase() === wanted)
        .map(({ name, category, daysLate, daysToShoot, isHero, reasonCodes }) => ({
          name,
          category,
          daysLate,
          daysToShoot,
          isHero,
          reasonCodes,
        }));
      if (late.length === 0) {
        const whose = request.inputs.designer ? ` from "${request.inputs.designer}"` : "";
        throw httpError("validation_failed", `You have no late samples${whose} to request`, {
          errors: { "inputs.designer": [`No late samples${whose}`] },
        });
      }
      const inputs = request.inputs;
      return { render: () => sampleRequest({ request: inputs, late }, options), stored: late };
    }
  }
}

interface HistoryRow {
  source: Source;
  durationMs: number;
  responseSize: number;
  success: boolean;
  errorCode?: string;
}

/** The insert of one generation_history row (as the service role, for the caller). */
function historyInsert(tx: Tx, userId: string, keyed: Keyed, row: HistoryRow) {
  return inline(tx)`insert into public.generation_history
      (user_id, kind, inputs, generation_source, duration_ms, response_size, success, error_code)
    values (${userId}::uuid, ${keyed.kind}, ${keyed.inputs}::jsonb, ${row.source},
            ${Math.round(row.durationMs)}, ${row.responseSize}, ${row.success},
            ${row.errorCode ?? null})`;
}

/**
 * When the request is not yet admitted, a served call's history row rides in the admission's
 * transaction, written only if the admission says yes; once admitted, it is written as is.
 */
function servedCondition(userId: string, admitted: boolean): string {
  return admitted ? "true" : admittedInThisTransaction(userId);
}

interface CacheRow {
  json: string;
  prebuilt: boolean;
}

/**
 * The cache lookup of `keyed`, which also writes the hit's history row (one statement): at once
 * when the request is admitted, else only if the admission sharing its transaction admits it (a
 * refused call was not served).
 */
function cacheLookup(tx: Tx, userId: string, keyed: Keyed, elapsedMs: number, admitted: boolean) {
  // A live entry: promoted, or generated within the hour.
  const hit = `select c.answer, c.promoted_at is not null as prebuilt
      from private.composition_cache c
      where c.kind = ${literal(keyed.kind)}
        and c.inputs_hash = md5(${literal(keyed.kind)} || ':' || ${
    literal(keyed.inputs)
  }::jsonb::text)
        and c.owner_id is not distinct from ${literal(keyed.ownerId)}::uuid
        and (c.promoted_at is not null or c.expires_at > now())`;
  return tx.unsafe<CacheRow[]>(`with hit as (${hit}), logged as (
      insert into public.generation_history
        (user_id, kind, inputs, generation_source, duration_ms, response_size, success)
      select ${literal(userId)}::uuid, ${literal(keyed.kind)}, ${literal(keyed.inputs)}::jsonb,
             case when hit.prebuilt then 'prebuilt' else 'cached' end,
             ${literal(Math.round(elapsedMs))}, octet_length(hit.answer::text), true
      from hit
      where ${servedCondition(userId, admitted)}
    )
    select answer::text as json, prebuilt from hit`);
}

interface QuotaRow {
  allowed: boolean;
  used: number;
  monthly_limit: number;
  resets_on: string;
}

interface GenerationAdmissionRow extends Partial<QuotaRow> {
  admitted: boolean;
  rate_limit: number;
  remaining: number;
  reset_seconds: number;
}

/**
 * Admits one generation: the `content_generation` rate limit (5 a minute), then the monthly
 * quota, counted only when the limit admits it (an uncorrelated condition is a one-time filter:
 * the quota function does not run at all otherwise). A refusal is logged in history. Hits never
 * get here, so neither limit counts them.
 */
function admitGeneration(tx: Tx, userId: string, keyed: Keyed, elapsedMs: number) {
  const [, bucket] = limitsFor(userId, DEFAULT_RATE_LIMIT, "content_generation");
  return inline(tx)<GenerationAdmissionRow[]>`with a as materialized (
      select allowed, "limit", remaining, reset_seconds
      from public.admit_request(${userId}::uuid, ${[bucket]}::jsonb)
    ), q as materialized (
      select * from public.consume_generation_quota(${userId}::uuid)
      where exists (select 1 from a where a.allowed)
    ), refused as (
      insert into public.generation_history
        (user_id, kind, inputs, generation_source, duration_ms, response_size, success, error_code)
      select ${userId}::uuid, ${keyed.kind}, ${keyed.inputs}::jsonb, 'generated',
             ${Math.round(elapsedMs)}, 0, false,
             case when a.allowed then 'quota_exceeded' else 'rate_limited' end
      from a left join q on true
      where not a.allowed or not q.allowed
    )
    select a.allowed as admitted, a."limit" as rate_limit, coalesce(a.remaining, 0) as remaining,
           coalesce(a.reset_seconds, 0) as reset_seconds,
           q.allowed, q.used, q.monthly_limit, q.resets_on::text
    from a left join q on true`;
}

/** The 429 problem of an exhausted quota: the limit, what was used and when it resets. */
export function quotaProblem(quota: QuotaRow, now: Date) {
  const resetsAt = new Date(`${quota.resets_on}T00:00:00Z`);
  const retryAfter = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
  return httpError(
    "rate_limited",
    `The monthly quota of ${quota.monthly_limit} generations is used up; it resets on ${quota.resets_on}`,
    {
      reason: "generation_quota_exceeded",
      limit: quota.monthly_limit,
      used: quota.used,
      resetsAt: resetsAt.toISOString(),
      headers: { "Retry-After": String(retryAfter) },
    },
  );
}

/** Stores a generated answer for an hour (a promoted entry stays as it is) and logs it. */
function storeGenerated(tx: Tx, userId: string, keyed: Keyed, json: string, history: HistoryRow) {
  return [
    inline(tx)`insert into private.composition_cache (kind, inputs, owner_id, answer, expires_at)
      values (${keyed.kind}, ${keyed.inputs}::jsonb, ${keyed.ownerId}::uuid, ${json}::jsonb,
              now() + make_interval(secs => ${CACHE_TTL_SECONDS}))
      on conflict on constraint composition_cache_key do update
        set answer = excluded.answer, created_at = now(), expires_at = excluded.expires_at
        where composition_cache.promoted_at is null`,
    // After the entry: its history row may promote it (the popularity trigger).
    historyInsert(tx, userId, keyed, history),
  ];
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

function answerOf(
  composition: Composition & { compositionHash?: string },
  source: Source,
  started: number,
): ComposeAnswer {
  return {
    content: composition.content,
    alternatives: composition.alternatives,
    qualityScore: composition.qualityScore,
    keywords: composition.keywords,
    source,
    compositionHash: composition.compositionHash ?? sha256Hex(composition.content),
    generationTimeMs: elapsed(started),
  };
}

/** Resolves one compose request (see the module doc). */
export async function resolveComposition(
  req: Request,
  ctx: FunctionContext,
  request: ComposeRequest,
  started: number,
): Promise<ComposeAnswer> {
  const userId = ctx.user.userId;
  const now = new Date();
  const shareable = !(request.kind === "sample_request" ||
    (request.kind === "run_of_show" && "eventId" in request.inputs));
  const base = { inputs: request.inputs, options: request.options };

  if (shareable) {
    const shipped = shippedComposition(request.kind, request.inputs, request.options);
    if (shipped) {
      const keyed = { kind: request.kind, inputs: base, ownerId: null };
      const answer = answerOf(shipped, "prebuilt", started);
      // Admission and the history row in one round trip (the row only if admitted).
      await ctx.admit((tx) =>
        tx.unsafe(`insert into public.generation_history
            (user_id, kind, inputs, generation_source, duration_ms, response_size, success)
          select ${literal(userId)}::uuid, ${literal(keyed.kind)}, ${literal(keyed.inputs)}::jsonb,
                 'prebuilt', ${literal(Math.round(answer.generationTimeMs))},
                 ${literal(JSON.stringify(answer).length)}, true
          where ${servedCondition(userId, false)}`)
      );
      return answer;
    }
  } else {
    // Admitted before the stored rows are read: a refused caller costs no reads.
    await ctx.admit();
  }

  const { render, stored } = await materialOf(ctx, request, now);
  const keyed: Keyed = {
    kind: request.kind,
    // The stored rows' digest keys the entry: a change to them is a new composition.
    inputs: stored === undefined ? base : { ...base, data: sha256Hex(canonicalJson(stored)) },
    ownerId: shareable ? null : userId,
  };
  // The lookup logs its hit in the same statement (stored kinds were admitted above).
  const admitted = !shareable;
  const [hit] =
    await ctx.admit((tx) => cacheLookup(tx, userId, keyed, elapsed(started), admitted)) ?? [];
  if (hit) {
    return answerOf(JSON.parse(hit.json), hit.prebuilt ? "prebuilt" : "cached", started);
  }

  const [admission] = await asService(
    ctx.db(),
    (tx) => admitGeneration(tx, userId, keyed, elapsed(started)),
  );
  enforceRateLimit({
    allowed: admission.admitted,
    limit: admission.rate_limit,
    remaining: admission.remaining,
    resetSeconds: admission.reset_seconds,
  });
  if (!admission.allowed) throw quotaProblem(admission as QuotaRow, now);

  const draft = render();
  const generated = await generateWithModel(req, ctx, request, draft) ?? compositionOf(draft);
  const answer = answerOf(generated, "generated", started);
  const { source: _s, generationTimeMs: _t, ...kept } = answer;
  const json = JSON.stringify(kept);
  await asService(ctx.db(), (tx) =>
    storeGenerated(tx, userId, keyed, json, {
      source: "generated",
      durationMs: answer.generationTimeMs,
      responseSize: json.length,
      success: true,
    }));
  return answer;
}
