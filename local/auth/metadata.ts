/**
 * Bounds on user metadata. It is stored in auth.users and copied into every access token,
 * so an unbounded value would make every token huge, and a deeply nested one overflows the
 * call stack of the JWT signer: that user could then never sign in or refresh again.
 */

/** Largest serialized metadata object, in UTF-8 bytes. */
export const MAX_METADATA_BYTES = 16 * 1024;
/** Deepest nesting of objects and arrays; the metadata object itself is level 1. */
export const MAX_METADATA_DEPTH = 16;

/**
 * Why `value` is outside the bounds, or undefined when it is within them. Never throws and
 * never recurses deeper than the limit, whatever is stored.
 *
 * @example
 * ```ts
 * metadataProblem({ theme: "dark" }); // undefined
 * ```
 */
export function metadataProblem(value: unknown): string | undefined {
  if (nestedDeeperThan(value, MAX_METADATA_DEPTH)) {
    return `nests deeper than ${MAX_METADATA_DEPTH} levels`;
  }
  const bytes = new TextEncoder().encode(JSON.stringify(value) ?? "").length;
  if (bytes > MAX_METADATA_BYTES) {
    return `is larger than ${MAX_METADATA_BYTES} bytes (${bytes})`;
  }
  return undefined;
}

/** Whether objects and arrays nest more than `levels` deep; stops one level past it. */
function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (levels === 0) return true;
  for (const child of Object.values(value)) {
    if (nestedDeeperThan(child, levels - 1)) return true;
  }
  return false;
}
