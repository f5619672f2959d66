/**
 * `Idempotency-Key` for mutations (api-hardening-specifications.md), over the
 * claim/complete/release_idempotency_key SQL: a request that carries a key runs at most once per
 * (user, function, key) for 24 hours. A replay of the same request gets the first response byte
 * for byte (plus `Idempotent-Replayed: true`); the same key with another method, path or body is
 * a 409, as is a replay while the first request is still running.
 *
 * Only a 2xx answer is kept. A request that fails (any thrown error, or a non-2xx response)
 * releases its key, so the client may retry with the same key: a 4xx says the request itself was
 * refused, and a 5xx or 503 should be retried anyway.
 *
 * Usage: read the body as text first (the stream can be read once), then wrap the work.
 *
 * @example
 * ```ts ignore
 * handler: async (req, { ctx }) => {
 *   const text = await readBodyText(req);
 *   return withIdempotency(req, ctx, text, async () => {
 *     const body = validate(SaveRequestSchema, parseJson(text));
 *     return jsonResponse(await save(ctx, body), { status: 201 });
 *   });
 * }
 * ```
 */
import { createHash } from "node:crypto";
import { asService } from "./db.ts";
import { httpError } from "./errors.ts";
import { inline } from "./inline_sql.ts";
import { logEvent } from "./log.ts";
import type { FunctionContext } from "./serve.ts";

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** What the idempotency_keys table accepts as a key. */
const KEY = /^[A-Za-z0-9_-]{1,255}$/;

/** Response headers kept with the body and sent again on a replay. */
const KEPT_HEADERS = ["content-type", "location"];

/**
 * The request's `Idempotency-Key`, or undefined when it has none. A key the table cannot hold
 * is a 400: silently running the request without its protection would defeat the point.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { idempotencyKeyOf } from "./idempotency.ts";
 *
 * const req = new Request("http://x/", { headers: { "Idempotency-Key": "order-42" } });
 * equal(idempotencyKeyOf(req), "order-42");
 * ```
 */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!KEY.test(key)) {
    throw httpError(
      "bad_request",
      "Idempotency-Key must be 1 to 255 letters, digits, hyphens or underscores",
      { errors: { "Idempotency-Key": ["Must match ^[A-Za-z0-9_-]{1,255}$"] } },
    );
  }
  return key;
}

/**
 * What makes two requests "the same" under one key: method, path with query, and the body's
 * text. SHA-256, base64url.
 */
export function requestFingerprint(req: Request, bodyText: string): string {
  const url = new URL(req.url);
  return createHash("sha256")
    .update(`${req.method} ${url.pathname}${url.search}\n`)
    .update(bodyText)
    .digest("base64url");
}

/** A stored response, as the table keeps it. */
export interface StoredResponse {
  status: number;
  /** The body's exact text (kept as a JSON string, so that jsonb cannot reorder it). */
  body: string;
  headers: Record<string, string>;
}

/** Reads a response into what is stored, and a copy of it to send. */
export async function captureResponse(
  response: Response,
): Promise<{ stored: StoredResponse; response: Response }> {
  const body = response.status === 204 || response.status === 304 ? "" : await response.text();
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return {
    stored: { status: response.status, body, headers },
    response: new Response(body === "" ? null : body, {
      status: response.status,
      headers: response.headers,
    }),
  };
}

/**
 * The response a replay gets: the stored status, headers and body text.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { replayResponse } from "./idempotency.ts";
 *
 * const replay = replayResponse({ status: 201, body: '{"id":1}', headers: {} });
 * equal(await replay.text(), '{"id":1}');
 * equal(replay.headers.get("Idempotent-Replayed"), "true");
 * ```
 */
export function replayResponse(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set("Idempotent-Replayed", "true");
  return new Response(stored.body === "" ? null : stored.body, { status: stored.status, headers });
}

interface ClaimRow {
  outcome: "new" | "replay" | "conflict" | "in_progress";
  response_status: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
}

/**
 * Runs `run` under the request's `Idempotency-Key` (see the module doc); without a key it just
 * runs. Keys are scoped to the user and the function (`ctx.name`), so one key cannot name two
 * different mutations of one function. The claim is the request's admission query when the
 * route admits in its handler (one round trip for both).
 */
export async function withIdempotency(
  req: Request,
  ctx: FunctionContext,
  bodyText: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const key = idempotencyKeyOf(req);
  if (key === undefined) return await run();
  const userId = ctx.user.userId;
  const scope = ctx.name;
  const fingerprint = requestFingerprint(req, bodyText);
  const [claim] =
    await ctx.admit((tx) =>
      inline(tx)<ClaimRow[]>`select outcome, response_status, response_body, response_headers
      from public.claim_idempotency_key(${userId}::uuid, ${scope}, ${key}, ${fingerprint},
                                        ${IDEMPOTENCY_TTL_SECONDS})`
    ) ?? [];
  switch (claim?.outcome) {
    case "replay":
      return replayResponse({
        status: claim.response_status ?? 200,
        body: typeof claim.response_body === "string" ? claim.response_body : "",
        headers: claim.response_headers ?? {},
      });
    case "conflict":
      throw httpError(
        "conflict",
        "This Idempotency-Key was already used for a different request",
        { reason: "idempotency_key_reused" },
      );
    case "in_progress":
      throw httpError("conflict", "A request with this Idempotency-Key is still in progress", {
        reason: "idempotency_key_in_progress",
        headers: { "Retry-After": "1" },
      });
  }
  const release = () =>
    asService(
      ctx.db(),
      (tx) => inline(tx)`select public.release_idempotency_key(${userId}::uuid, ${scope}, ${key})`,
    ).catch(
      (error) => logEvent("warn", "idempotency key not released", { error: String(error) }),
    );
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await release();
    throw error;
  }
  if (response.status < 200 || response.status > 299) {
    await release();
    return response;
  }
  const captured = await captureResponse(response);
  const { status, body, headers } = captured.stored;
  // A completion that fails leaves the key "in progress" until it expires: a retry then gets
  // 409 rather than running the mutation twice.
  await asService(
    ctx.db(),
    (tx) =>
      inline(tx)`select public.complete_idempotency_key(${userId}::uuid, ${scope}, ${key},
      ${status}, to_jsonb(${body}::text), ${headers}::jsonb)`,
  ).catch((error) => logEvent("warn", "idempotency key not completed", { error: String(error) }));
  return captured.response;
}
