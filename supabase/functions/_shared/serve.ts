/**
 * The outer wrapper of every function: request id → CORS preflight → route → authenticate →
 * handler → log → respond. It is the only place that turns an error into a response.
 */
import { type AdmissionLookup, admissionsFor, type Lookup } from "./admission_batch.ts";
import { type AuthContext, authenticateUser } from "./auth.ts";
import { preflightResponse, withCors } from "./cors.ts";
import { asService, pool, type Sql, type Tx } from "./db.ts";
import { withDeadline } from "./deadline.ts";
import { type FunctionEnv, resolveEnv } from "./env.ts";
import { HttpError, httpError } from "./errors.ts";
import { healthReport } from "./health.ts";
import { isLogged, logEvent, type LogLevel } from "./log.ts";
import { problemResponse } from "./problem.ts";
import { InFlightLimiter } from "./in_flight.ts";
import { type CachedInsightRow, type InsightKey, insightLookup } from "./insight_cache.ts";
import {
  admissionOf,
  DEFAULT_RATE_LIMIT,
  enforceRateLimit,
  limitsFor,
  rateLimitHeaders,
  type RateLimitPolicy,
  type RouteRateLimit,
} from "./rate_limit.ts";
import { refusalsFor } from "./refusals.ts";
import { requestIdOf } from "./request_id.ts";
import { jsonResponse } from "./response.ts";
import { type Route, Router } from "./router.ts";

/** What every route handler gets: who calls, config, the database, the request id. */
export interface FunctionContext {
  name: string;
  env: FunctionEnv;
  requestId: string;
  user: AuthContext;
  /** The pool (lazy: routes that never touch the database never connect). */
  db(): Sql;
  /**
   * Admits the request: its user still exists and it fits every rate limit that applies (else
   * the 401 or 429 is thrown). `lookup`, the route's first read, runs in the same service-role
   * transaction: admission and lookup cost one round trip together. A cache key of the caller's
   * is read in the admission's own statement (its entry rows are returned: none or one);
   * otherwise the query's rows are returned. serve.ts admits before the handler unless the route
   * says `admitsInHandler`; once admitted, `admit(lookup)` runs only the lookup.
   */
  admit: Admit;
}

/** `FunctionContext.admit`. */
export interface Admit {
  (): Promise<undefined>;
  (insight: InsightKey): Promise<CachedInsightRow[] | undefined>;
  <R>(lookup: (tx: Tx) => Lookup<R>): Promise<R | undefined>;
}

export type { Lookup };

export interface FunctionRoute extends Route<FunctionContext> {
  /** Only callers whose JWT carries `app_metadata.role = "admin"`. */
  admin?: boolean;
  /** A limit of its own from `RATE_LIMITS`, on top of the per-user one. */
  rateLimit?: RouteRateLimit;
  /**
   * The handler calls `ctx.admit(lookup)` itself, before any database work, so that admission
   * and its first query share one round trip. It may read and check the body first. A handler
   * that answers without admitting is admitted after it (and may then get a 429).
   */
  admitsInHandler?: boolean;
}

/**
 * The methods a function answers. Anything else (TRACE, TRACK, CONNECT, made-up verbs) is a
 * 405 before authentication: TRACE would echo credentials back, and no route uses the rest.
 */
const SERVED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW = [...SERVED_METHODS].join(", ");

/**
 * Every request is answered within this time: each database call has its own deadline, but a
 * request may make several, and a caller must never wait on a hung dependency for longer.
 */
export const REQUEST_DEADLINE_MS = 9_000;

export interface FunctionOptions {
  /** The function's name: its URL segment under /functions/v1. */
  name: string;
  routes: FunctionRoute[];
  /** Config overrides; the rest comes from the environment (resolved on first request). */
  env?: Partial<FunctionEnv>;
  /** Per-user budget shared across functions; `false` turns it off (unit tests). */
  rateLimit?: RateLimitPolicy | false;
  /** When a route's answer is given up for a 503; default `REQUEST_DEADLINE_MS`. */
  requestDeadlineMs?: number;
  /** The cap on each user's requests in flight; default one of its own (in_flight.ts). */
  inFlight?: InFlightLimiter;
}

/** The path relative to the function: hosted Supabase passes `/<name>/...`. */
export function functionPath(pathname: string, name: string): string {
  const marker = `/${name}`;
  const at = pathname.indexOf(marker);
  if (at < 0) return pathname || "/";
  const rest = pathname.slice(at + marker.length);
  if (rest !== "" && !rest.startsWith("/")) return pathname; // e.g. /compose-other
  return rest || "/";
}

/**
 * Builds a function's `fetch` handler.
 *
 * @example
 * ```ts
 * export const handler = createFunctionHandler({ name: "compose", routes: [] });
 * Deno.serve(handler);
 * ```
 */
export function createFunctionHandler(
  options: FunctionOptions,
): (req: Request) => Promise<Response> {
  const router = new Router<FunctionContext>(options.routes);
  const inFlight = options.inFlight ?? new InFlightLimiter();
  let env: FunctionEnv | undefined;

  return async function handleFunctionRequest(req: Request): Promise<Response> {
    const started = performance.now();
    const requestId = requestIdOf(req);
    env ??= resolveEnv(options.env);
    const path = functionPath(new URL(req.url).pathname, options.name);
    let userId: string | undefined;
    let limitHeaders: Record<string, string> = {};
    let release: (() => void) | undefined;
    let response: Response;
    // Preflight and health checks are most of the traffic and say nothing: debug only.
    let lineLevel: LogLevel = "info";
    try {
      if (!SERVED_METHODS.has(req.method)) {
        throw httpError("method_not_allowed", `Method ${req.method} is not allowed`, {
          headers: { Allow: ALLOW },
        });
      } else if (req.method === "OPTIONS") {
        response = preflightResponse();
        lineLevel = "debug";
      } else if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
        lineLevel = "debug";
        const report = await healthReport(env);
        response = jsonResponse(report, { status: report.status === "ok" ? 200 : 503 });
      } else {
        // Authentication comes before routing: an anonymous caller learns nothing, not
        // even which paths exist.
        const user = await authenticateUser(req, env);
        userId = user.userId;
        release = inFlight.acquire(user.userId);
        const { route, params } = router.match(req.method, path);
        const fnRoute = route as FunctionRoute;
        const policy = options.rateLimit ?? DEFAULT_RATE_LIMIT;
        const currentEnv = env;
        const refusals = refusalsFor(currentEnv.dbUrl);
        const limits = policy ? limitsFor(user.userId, policy, fnRoute.rateLimit) : [];
        // A refusal the database gave this isolate still holds: answer it before any work,
        // the handler's included, without asking the database again.
        const known = refusals.refusal(limits);
        if (known) {
          limitHeaders = rateLimitHeaders(known);
          enforceRateLimit(known);
        }
        let admitted = false;
        const admit = (async (lookup?: AdmissionLookup<unknown>) => {
          if (admitted || !policy) {
            admitted = true;
            if (!lookup) return undefined;
            const query = typeof lookup === "function"
              ? lookup
              : (tx: Tx) => insightLookup(tx, lookup);
            return await asService(pool(currentEnv.dbUrl), query);
          }
          admitted = true;
          const sentAt = refusals.now();
          const { admission: row, found } = await admissionsFor(currentEnv.dbUrl).run(
            user.userId,
            limits,
            lookup,
          );
          const admission = admissionOf(row, policy);
          if (!admission.userActive) {
            throw httpError("unauthorized", "The user of this token no longer exists", {
              headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
            });
          }
          limitHeaders = rateLimitHeaders(admission);
          refusals.remember(limits, admission, sentAt);
          enforceRateLimit(admission);
          return found;
        }) as Admit;
        if (!fnRoute.admitsInHandler) await admit();
        if (fnRoute.admin && !user.isAdmin) {
          throw httpError("forbidden", "This route is for administrators");
        }
        const ctx: FunctionContext = {
          name: options.name,
          env: currentEnv,
          requestId,
          user,
          db: () => pool(currentEnv.dbUrl),
          admit,
        };
        // The user's in-flight slot is held until the work really ends, even when the answer
        // has gone out at the deadline: what the slot bounds is work, not waiting.
        const work = Promise.resolve().then(async () => {
          const answer = await route.handler(req, { params, ctx });
          if (!admitted) await admit();
          return answer;
        });
        const held = release;
        release = undefined;
        work.finally(held).catch(() => {});
        response = await withDeadline(
          work,
          options.requestDeadlineMs ?? REQUEST_DEADLINE_MS,
          () =>
            httpError("service_unavailable", "The request took too long; try again", {
              headers: { "Retry-After": "5" },
            }),
        );
      }
    } catch (error) {
      if (!(error instanceof HttpError)) {
        // Unexpected: keep the details here, the caller only gets the request id.
        logEvent("error", "request failed", {
          fn: options.name,
          requestId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        });
      }
      response = problemResponse(error, requestId);
    } finally {
      release?.();
    }
    response.headers.set("X-Request-Id", requestId);
    for (const [name, value] of Object.entries(limitHeaders)) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    withCors(response);
    if (isLogged(lineLevel, env.logLevel)) {
      logEvent(lineLevel, "request", {
        fn: options.name,
        requestId,
        method: req.method,
        path,
        status: response.status,
        ms: Math.round(performance.now() - started),
        userId,
      });
    }
    return response;
  };
}

/** The answer of a route that a later issue fills in. */
export function notImplemented(): Response {
  throw httpError("not_implemented", "This endpoint is not implemented yet");
}

/** Routes answering 501 for every method and path, for a function whose issue is still open. */
export function notImplementedRoutes(): FunctionRoute[] {
  return ["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => ({
    method,
    path: "/*",
    handler: notImplemented,
  }));
}
