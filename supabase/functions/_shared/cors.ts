/**
 * CORS for browser callers of the functions (and, locally, of auth and REST behind the
 * gateway). The allowed headers are those supabase-js sends, postgrest-js's `prefer`, `range`
 * and profile headers included, and x-region, idempotency-key, cache-control that our endpoints
 * read; the exposed ones are those a client reads back, `content-range` (REST counts) too.
 */
export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "authorization, x-client-info, apikey, content-type, x-supabase-api-version, x-region, " +
    "x-retry-count, x-request-id, idempotency-key, cache-control, prefer, range, accept-profile, " +
    "content-profile",
  "Access-Control-Expose-Headers":
    "x-request-id, x-relay-error, ratelimit-limit, ratelimit-remaining, ratelimit-reset, " +
    "retry-after, x-supabase-api-version, content-range, preference-applied, location",
  "Access-Control-Max-Age": "86400",
};

/** Adds the CORS headers to `response` (in place) and returns it. */
export function withCors(response: Response): Response {
  for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);
  return response;
}

/** The answer to a preflight request. */
export function preflightResponse(): Response {
  return withCors(new Response(null, { status: 204 }));
}
