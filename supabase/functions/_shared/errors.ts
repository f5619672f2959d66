/**
 * The one error model of every function: an `HttpError` with a stable `code` and an HTTP
 * `status`, built by `httpError()`. Domain code throws or returns these; only the outer
 * wrapper (serve.ts) turns one into an RFC 7807 response.
 */

/** Stable codes, their HTTP status and problem title. */
export const ERROR_CODES = {
  bad_request: { status: 400, title: "Bad request" },
  malformed_json: { status: 400, title: "Malformed JSON" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Validation failed" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal_error: { status: 500, title: "Internal error" },
  not_implemented: { status: 501, title: "Not implemented" },
  service_unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure with an HTTP meaning. `errors` maps a field path to its messages. */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: {
      errors?: Record<string, string[]>;
      headers?: HeadersInit;
      [key: string]: unknown;
    } = {},
  ) {
    super(detail);
    this.name = "HttpError";
    this.status = ERROR_CODES[code].status;
    this.title = ERROR_CODES[code].title;
  }
}

/**
 * Builds an `HttpError`.
 *
 * @example Refuse a request
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { httpError } from "./errors.ts";
 *
 * const error = httpError("not_found", 'Event "e1" does not exist');
 * equal(error.status, 404); // serve.ts answers a thrown HttpError with this status
 * ```
 */
export function httpError(
  code: ErrorCode,
  detail: string,
  extra?: HttpError["extra"],
): HttpError {
  return new HttpError(code, detail, extra);
}
