/**
 * Lone UTF-16 surrogates: JSON may spell them (`"\ud800"`), but they are not Unicode text.
 * Postgres jsonb refuses the escape (a 500 mid-request) and UTF-8 encoding silently turns
 * them into U+FFFD (a password that is not what the client sent), so they are refused up
 * front.
 */

/** A `\uD800`–`\uDFFF` escape: the only way a lone surrogate reaches decoded request text. */
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * Where the first string or key with a lone surrogate is in `value`, parsed from the JSON
 * `text` (a dotted path, or `(body)`); undefined when there is none. Paired surrogates
 * (emoji) are fine. The text is scanned first, so a body without such escapes costs one
 * regex pass.
 *
 * @example
 * ```ts
 * const text = '{"data":{"name":"\\ud800"}}';
 * findLoneSurrogate(text, JSON.parse(text)); // "data.name"
 * ```
 */
export function findLoneSurrogate(text: string, value: unknown): string | undefined {
  return ESCAPED_SURROGATE.test(text) ? surrogatePath(value) : undefined;
}

interface Visit {
  value: unknown;
  key?: string;
  parent?: Visit;
}

/**
 * Iterative, so a deeply nested body cannot overflow the call stack; each visit links to its
 * parent, so the path is built only for the string that is found.
 */
function surrogatePath(root: unknown): string | undefined {
  const pending: Visit[] = [{ value: root }];
  while (pending.length) {
    const visit = pending.pop()!;
    if (typeof visit.value === "string") {
      if (!visit.value.isWellFormed()) return pathOf(visit);
    } else if (visit.value !== null && typeof visit.value === "object") {
      for (const [key, child] of Object.entries(visit.value)) {
        if (!key.isWellFormed()) return pathOf({ value: key, key: "(key)", parent: visit });
        pending.push({ value: child, key, parent: visit });
      }
    }
  }
  return undefined;
}

/** The dotted path to `visit`, cut at 200 characters (the nesting may be very deep). */
function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let v: Visit | undefined = visit; v?.key !== undefined; v = v.parent) keys.push(v.key);
  return keys.reverse().join(".").slice(0, 200) || "(body)";
}
