/**
 * Responses as PostgREST writes them: JSON arrays (or one object for
 * `Accept: application/vnd.pgrst.object+json`, or CSV for `text/csv`), `Content-Range`
 * with the total when `Prefer: count=...` asked for it.
 */
import { RestError } from "./errors.ts";

export type Accept = "array" | "object" | "csv";

/** What the `Accept` header asks for; PostgREST answers 406 for media types it lacks. */
export function acceptOf(header: string | null): Accept {
  const value = (header ?? "").toLowerCase();
  if (value.startsWith("application/vnd.pgrst.object")) return "object";
  if (value.startsWith("text/csv")) return "csv";
  if (
    value === "" || value.includes("*/*") || value.includes("application/json") ||
    value.startsWith("application/vnd.pgrst.array")
  ) return "array";
  throw new RestError(
    406,
    "PGRST107",
    `None of these media types are available: ${header}`,
  );
}

/** One statement's answer: the page as JSON text, its size and the total (when counted). */
export interface Page {
  body: string;
  page: number;
  total: number | null;
}

/** The 406 PostgREST answers `.single()` with when there is not exactly one row. */
export function singleRowError(rows: number): RestError {
  return new RestError(
    406,
    "PGRST116",
    "Cannot coerce the result to a single JSON object",
    `The result contains ${rows} rows`,
  );
}

function csv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const header = Object.keys(rows[0]);
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return "";
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header.join(","), ...rows.map((r) => header.map((k) => cell(r[k])).join(","))]
    .join("\n");
}

/** The body and headers for `page` in the requested representation. */
export function pageBody(page: Page, accept: Accept): { body: string; contentType: string } {
  if (accept === "object") {
    if (page.page !== 1) throw singleRowError(page.page);
    const [row] = JSON.parse(page.body);
    return {
      body: JSON.stringify(row),
      contentType: "application/vnd.pgrst.object+json; charset=utf-8",
    };
  }
  if (accept === "csv") {
    return { body: csv(JSON.parse(page.body)), contentType: "text/csv; charset=utf-8" };
  }
  return { body: page.body, contentType: "application/json; charset=utf-8" };
}

/** `0-24/100`; `*` stands for an unknown total, or for the range of an empty page. */
export function contentRange(offset: number, page: number, total: number | null): string {
  const range = page === 0 ? "*" : `${offset}-${offset + page - 1}`;
  return `${range}/${total ?? "*"}`;
}
