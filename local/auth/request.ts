/**
 * Reading and checking what a client sends to auth, with GoTrue's answers for each mistake:
 * the JSON body, its fields, addresses, passwords, metadata, and the per-address limits.
 */
import { findNul, readBodyText } from "../../supabase/functions/_shared/body.ts";
import { HttpError } from "../../supabase/functions/_shared/errors.ts";
import type { AuthContext } from "./context.ts";
import { AuthError } from "./errors.ts";
import { metadataProblem } from "./metadata.ts";
import type { SlidingWindowLimiter } from "./rate_limit.ts";
import { findLoneSurrogate } from "./unicode.ts";

/** bcrypt ignores everything past 72 bytes, so GoTrue refuses longer passwords. */
const MAX_PASSWORD_BYTES = 72;
const EMAIL_RE =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** GoTrue's answer once an address has used up a limit (counted before any work is done). */
export function rateLimit(limiter: SlidingWindowLimiter, client: string): void {
  const retryAfter = limiter.take(client);
  if (retryAfter > 0) {
    throw new AuthError(429, "over_request_rate_limit", "Request rate limit reached", {}, {
      "Retry-After": String(retryAfter),
    });
  }
}

/**
 * The JSON object body, at most 1 MB (413); anything else is GoTrue's 400 `bad_json`. A NUL
 * character is refused here: Postgres text cannot hold one, so it would fail as a 500 later.
 */
export async function readBody(req: Request): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBodyText(req);
  } catch (err) {
    if (err instanceof HttpError) throw new AuthError(err.status, "validation_failed", err.detail);
    throw err;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: ${(err as Error).message}`,
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AuthError(400, "bad_json", "Could not parse request body as JSON: not an object");
  }
  const nulAt = findNul(text, body);
  if (nulAt) {
    throw new AuthError(400, "validation_failed", `"${nulAt}" cannot contain NUL characters`);
  }
  const surrogateAt = findLoneSurrogate(text, body);
  if (surrogateAt) {
    throw new AuthError(
      400,
      "validation_failed",
      `"${surrogateAt}" contains an unpaired UTF-16 surrogate, which is not Unicode text`,
    );
  }
  return body as Record<string, unknown>;
}

/** A string field; null or absent is undefined, another type is `bad_json` (as Go's decoder). */
export function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v == null) return undefined;
  if (typeof v !== "string") {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: "${key}" must be a string`,
    );
  }
  return v;
}

/** An object field; null or absent is undefined, another type is `bad_json`. */
export function objectField(
  body: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const v = body[key];
  if (v == null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: "${key}" must be an object`,
    );
  }
  return v as Record<string, unknown>;
}

/** Refuses metadata outside the bounds (see metadata.ts) with GoTrue's validation error. */
export function checkMetadata(data: Record<string, unknown>): void {
  const problem = metadataProblem(data);
  if (problem) throw new AuthError(400, "validation_failed", `User metadata ${problem}`);
}

/** Addresses are stored and compared trimmed and lowercased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function validateEmail(raw: string): string {
  const email = normaliseEmail(raw);
  if (!email) throw new AuthError(400, "validation_failed", "An email address is required");
  if (email.length > 255) {
    throw new AuthError(400, "validation_failed", "An email address is too long");
  }
  if (!EMAIL_RE.test(email)) {
    throw new AuthError(
      400,
      "validation_failed",
      "Unable to validate email address: invalid format",
    );
  }
  return email;
}

/** GoTrue's password rules: too long is a validation error, too short a weak password. */
export function checkPasswordStrength(ctx: AuthContext, password: string): void {
  const bytes = new TextEncoder().encode(password).length;
  if (bytes > MAX_PASSWORD_BYTES) {
    throw new AuthError(
      400,
      "validation_failed",
      `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`,
    );
  }
  if (bytes < ctx.minPasswordLength) {
    throw new AuthError(
      422,
      "weak_password",
      `Password should be at least ${ctx.minPasswordLength} characters.`,
      { weak_password: { reasons: ["length"] } },
    );
  }
}
