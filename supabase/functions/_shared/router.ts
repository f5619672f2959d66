import { httpError } from "./errors.ts";

/** What a route handler receives besides the request. */
export interface RouteContext<C> {
  params: Record<string, string | undefined>;
  ctx: C;
}

export type RouteHandler<C> = (
  req: Request,
  route: RouteContext<C>,
) => Response | Promise<Response>;

export interface Route<C> {
  method: string;
  /** A URLPattern pathname relative to the function, e.g. "/" or "/events/:id". */
  path: string;
  handler: RouteHandler<C>;
  /** Routes that answer without a user token (health). Default false. */
  public?: boolean;
}

interface CompiledRoute<C> extends Route<C> {
  pattern: URLPattern;
  /** The path itself when it has no pattern syntax: matched by comparison, not URLPattern. */
  literal?: string;
}

// URLPattern syntax: a path without any of these matches only itself.
const PATTERN_SYNTAX = /[:*(){}?+\\]/;

export interface Match<C> {
  route: Route<C>;
  params: Record<string, string | undefined>;
}

/**
 * A tiny method + path router over URLPattern. `match()` throws 404 for an unknown path and
 * 405 (with `Allow`) for a known path with another method.
 */
export class Router<C> {
  #routes: CompiledRoute<C>[] = [];

  constructor(routes: Route<C>[] = []) {
    for (const route of routes) this.add(route);
  }

  add(route: Route<C>): this {
    this.#routes.push({
      ...route,
      pattern: new URLPattern({ pathname: route.path }),
      literal: PATTERN_SYNTAX.test(route.path) ? undefined : route.path,
    });
    return this;
  }

  match(method: string, pathname: string): Match<C> {
    const allowed: string[] = [];
    for (const route of this.#routes) {
      // A literal path is compared as text: URLPattern.exec costs more than the rest of the
      // routing (profiled on the cached-analysis path).
      const found = route.literal === undefined
        ? route.pattern.exec({ pathname })
        : pathname === route.literal
        ? { pathname: { groups: {} } }
        : null;
      if (!found) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        return { route, params: found.pathname.groups };
      }
      allowed.push(route.method);
    }
    if (allowed.length) {
      throw httpError("method_not_allowed", `Method ${method} is not allowed on ${pathname}`, {
        headers: { Allow: [...new Set(allowed)].join(", ") },
      });
    }
    throw httpError("not_found", `No route for ${pathname}`);
  }
}
