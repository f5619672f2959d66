/**
 * The local API gateway: one fetch handler standing in for Supabase's Kong on :54321.
 * `/functions/v1/<name>/...` dispatches in-process to the function's handler with the URL
 * the edge runtime would give it (`/<name>/...`); `/auth/v1` goes to the GoTrue subset.
 */
import { preflightResponse, withCors } from "../supabase/functions/_shared/cors.ts";
import { HttpError, httpError } from "../supabase/functions/_shared/errors.ts";
import { logEvent } from "../supabase/functions/_shared/log.ts";
import { problemResponse } from "../supabase/functions/_shared/problem.ts";
import { requestIdOf } from "../supabase/functions/_shared/request_id.ts";
import type { FunctionHandler } from "./functions.ts";

export interface GatewayOptions {
  functions: Map<string, FunctionHandler>;
  /** `remoteAddress`: the socket's peer, which auth rate limits when no proxy names the client. */
  auth: (req: Request, subpath: string, remoteAddress?: string) => Promise<Response>;
  /** Later services (rest, realtime) register here by path prefix, e.g. "/rest/v1". */
  services?: Map<
    string,
    (req: Request, subpath: string, remoteAddress?: string) => Promise<Response>
  >;
}

const FORBIDDEN_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

function problem(req: Request, error: unknown): Response {
  const requestId = requestIdOf(req);
  const response = problemResponse(error, requestId);
  response.headers.set("X-Request-Id", requestId); // as every function response does
  return withCors(response);
}

export function createGateway(
  options: GatewayOptions,
): (req: Request, info?: Deno.ServeHandlerInfo) => Promise<Response> {
  const services = new Map(options.services);
  services.set("/auth/v1", options.auth);

  return async function gateway(req: Request, info?: Deno.ServeHandlerInfo): Promise<Response> {
    try {
      return await route(req, (info?.remoteAddr as Deno.NetAddr | undefined)?.hostname);
    } catch (error) {
      // Never Deno's plain-text 500: one problem+json shape, the details in our log only.
      if (!(error instanceof HttpError)) {
        logEvent("error", "gateway failed", {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
      return problem(req, error);
    }
  };

  async function route(req: Request, remoteAddress?: string): Promise<Response> {
    const url = new URL(req.url);
    const fn = url.pathname.match(/^\/functions\/v1\/([^/]+)(\/.*)?$/);
    if (fn) {
      const handler = options.functions.get(fn[1]);
      if (!handler) return problem(req, httpError("not_found", `No function named "${fn[1]}"`));
      // Methods the Fetch standard forbids (TRACE, TRACK, CONNECT) cannot be put in a Request
      // to forward; no function serves them.
      if (FORBIDDEN_METHODS.has(req.method.toUpperCase())) {
        return problem(
          req,
          httpError("method_not_allowed", `Method ${req.method} is not allowed`, {
            headers: { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" },
          }),
        );
      }
      const inner = new URL(`/${fn[1]}${fn[2] ?? ""}${url.search}`, url);
      // Method, headers and body only: copying the client's abort signal makes Deno warn
      // about its legacy abort behaviour on every response.
      return await handler(
        new Request(inner, { method: req.method, headers: req.headers, body: req.body }),
      );
    }
    for (const [prefix, service] of services) {
      if (url.pathname === prefix || url.pathname.startsWith(prefix + "/")) {
        if (req.method === "OPTIONS") return preflightResponse();
        const response = await service(
          req,
          url.pathname.slice(prefix.length) || "/",
          remoteAddress,
        );
        // A websocket upgrade (101) goes back untouched: it cannot be copied into a new Response.
        if (response.status === 101) return response;
        return withCors(new Response(response.body, response));
      }
    }
    return problem(req, httpError("not_found", `Nothing is served at ${url.pathname}`));
  }
}
