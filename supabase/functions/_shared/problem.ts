import { HttpError } from "./errors.ts";

/** Base of the `type` URI of every problem; the code is appended. */
export const PROBLEM_TYPE_BASE = "https://fashionos.app/problems/";

/**
 * Renders an error as an RFC 7807 `application/problem+json` response. Anything that is
 * not an `HttpError` is an internal error: its message and stack stay in the server log.
 */
export function problemResponse(error: unknown, requestId: string): Response {
  const known = error instanceof HttpError
    ? error
    : new HttpError("internal_error", "An unexpected error occurred; quote the request id");
  const { errors, headers, ...rest } = known.extra;
  const body = {
    type: PROBLEM_TYPE_BASE + known.code,
    title: known.title,
    status: known.status,
    detail: known.detail,
    code: known.code,
    ...(errors ? { errors } : {}),
    ...rest,
    requestId,
  };
  const responseHeaders = new Headers(headers);
  responseHeaders.set("Content-Type", "application/problem+json");
  return new Response(JSON.stringify(body), { status: known.status, headers: responseHeaders });
}
