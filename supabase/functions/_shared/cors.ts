/**
 * CORS for browser callers of the functions. The allowed headers are those supabase-js
 * sends (and x-region, idempotency-key, cache-control that our endpoints read).
 */
export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "authorization, x-client-info, apikey, content-type, x-supabase-api-version, x-region, " +
    "x-retry-count, x-request-id, idempotency-key, cache-control",
  "Access-Control-Expose-Headers":
    "x-request-id, x-relay-error, ratelimit-limit, ratelimit-remaining, ratelimit-reset, " +
    "retry-after, x-supabase-api-version",
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
