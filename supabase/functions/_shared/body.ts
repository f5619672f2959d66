import type { z } from "zod";
import { httpError } from "./errors.ts";

/** Largest request body any function accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the body as text, refusing more than `maxBytes` (413) without buffering the excess:
 * a declared Content-Length is checked first, then the stream is counted as it arrives.
 */
export async function readBodyText(req: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away or sent less than its Content-Length: its fault, not a 500.
      throw httpError("bad_request", "The request body ended before it was complete");
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function tooLarge(maxBytes: number) {
  return httpError("payload_too_large", `Request body is larger than ${maxBytes} bytes`);
}

/** `\u0000` not itself escaped: the only way a NUL can be in valid JSON text. */
const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

/**
 * Parses JSON text; malformed JSON is a 400. An empty body parses as `{}`. A NUL character in
 * any string or key is a 422 naming where: Postgres text and jsonb cannot hold one, so it would
 * otherwise fail later, mid-request.
 */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw httpError("malformed_json", `Cannot parse body as JSON: ${(error as Error).message}`);
  }
  const nulAt = findNul(text, value);
  if (nulAt) {
    throw httpError("validation_failed", "Text in the request body cannot contain NUL characters", {
      errors: { [nulAt]: ["Contains a NUL (\\u0000) character"] },
    });
  }
  return value;
}

/**
 * Where the first NUL character is in `value`, parsed from the JSON `text` (a dotted path, or
 * `(body)`); undefined when there is none. The text is scanned first, so a clean body costs
 * one regex pass.
 */
export function findNul(text: string, value: unknown): string | undefined {
  return ESCAPED_NUL.test(text) ? nulPath(value) ?? "(body)" : undefined;
}

/**
 * The dotted path of the first string or key holding a NUL, as `fieldErrors` names fields.
 * Iterative, depth first in key order: JSON.parse takes 100,000 levels of nesting, which
 * would overflow the call stack of a recursive walk (a 500 instead of the 422).
 */
function nulPath(root: unknown): string | undefined {
  // A path is a linked list from the leaf up, joined only for the one reported.
  type Path = { key: string; parent: Path } | null;
  const join = (path: Path) => {
    const keys: string[] = [];
    for (let at = path; at; at = at.parent) keys.push(at.key);
    return keys.reverse().join(".") || "(body)";
  };
  const stack: { value: unknown; path: Path }[] = [{ value: root, path: null }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (path?.key.includes("\0")) {
      return join({ key: path.key.replaceAll("\0", "\\u0000"), parent: path.parent });
    }
    if (typeof value === "string") {
      if (value.includes("\0")) return join(path);
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({ value: entries[i][1], path: { key: entries[i][0], parent: path } });
      }
    }
  }
  return undefined;
}

/**
 * A problem's `errors` map: field path → messages. Made without a prototype (`noFieldErrors`),
 * so that a field called `constructor` or `__proto__` is a field like any other.
 */
export type FieldErrors = Record<string, string[]>;

/** An empty `FieldErrors`. */
export function noFieldErrors(): FieldErrors {
  return Object.create(null);
}

/**
 * Adds `message` to the messages of `path`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { addFieldError, noFieldErrors } from "./body.ts";
 *
 * const errors = noFieldErrors();
 * addFieldError(errors, "constructor", "Unknown setting");
 * deepEqual({ ...errors }, { constructor: ["Unknown setting"] });
 * ```
 */
export function addFieldError(errors: FieldErrors, path: string, message: string): void {
  (errors[path] ??= []).push(message);
}

/** Turns zod issues into the problem's `errors` map: field path → messages. */
export function fieldErrors(issues: z.core.$ZodIssue[]): FieldErrors {
  const errors = noFieldErrors();
  for (const issue of issues) {
    addFieldError(errors, issue.path.length ? issue.path.join(".") : "(body)", issue.message);
  }
  return errors;
}

/** Validates `value` against `schema`: a 422 with per-field `errors` when it does not fit. */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw httpError("validation_failed", "The request body does not match the expected shape", {
      errors: fieldErrors(result.error.issues),
    });
  }
  return result.data;
}

/**
 * Reads, parses and validates a JSON body: 413 over 1 MB, 400 malformed, 422 invalid.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { z } from "zod";
 * import { readJson } from "./body.ts";
 *
 * const req = new Request("http://localhost/", { method: "POST", body: '{"name":"Ada"}' });
 * const input = await readJson(req, z.object({ name: z.string() }));
 * equal(input.name, "Ada");
 * ```
 */
export async function readJson<T extends z.ZodType>(
  req: Request,
  schema: T,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.output<T>> {
  return validate(schema, parseJson(await readBodyText(req, maxBytes)));
}
