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
    const { done, value } = await reader.read();
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

/** Parses JSON text; malformed JSON is a 400. An empty body parses as `{}`. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw httpError("malformed_json", `Cannot parse body as JSON: ${(error as Error).message}`);
  }
}

/** Turns zod issues into the problem's `errors` map: field path → messages. */
export function fieldErrors(issues: z.core.$ZodIssue[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.join(".") : "(body)";
    (errors[key] ??= []).push(issue.message);
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
 * const input = await readJson(req, z.object({ name: z.string() }));
 * ```
 */
export async function readJson<T extends z.ZodType>(
  req: Request,
  schema: T,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.output<T>> {
  return validate(schema, parseJson(await readBodyText(req, maxBytes)));
}
