/**
 * The PostgREST query language as supabase-js writes it, parsed into plain values: `select=`
 * (columns, `*`, `alias:col`, casts, embedded relations), filters (`col=op.value`, `not.`,
 * `or=(...)`/`and=(...)`), `order=`, `limit`/`offset` and the `Range` header, and `Prefer`.
 * Pure: nothing here knows the schema; names are checked against the schema cache later.
 */
import { parseError } from "./errors.ts";

/** Casts a `select=` item may ask for: cheap, and safe to write into SQL from this list only. */
export const CASTS = new Set([
  "text",
  "int",
  "int4",
  "int8",
  "integer",
  "bigint",
  "numeric",
  "float8",
  "real",
  "boolean",
  "bool",
  "date",
  "timestamptz",
  "uuid",
  "json",
  "jsonb",
]);

export type SelectItem =
  | { kind: "star" }
  | { kind: "column"; name: string; alias?: string; cast?: string }
  | {
    kind: "embed";
    relation: string;
    alias?: string;
    hint?: string;
    inner: boolean;
    select: SelectItem[];
  };

export const OPERATORS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "in",
  "is",
  "cs",
  "cd",
  "ov",
  "fts",
  "plfts",
  "phfts",
  "wfts",
] as const;
export type Operator = typeof OPERATORS[number];
const OPERATOR_SET = new Set<string>(OPERATORS);

export type Condition =
  | {
    kind: "filter";
    column: string;
    negate: boolean;
    op: Operator;
    /** A list for `in`, text otherwise. */
    value: string | string[];
    /** The text search configuration of `fts(english).…`. */
    config?: string;
  }
  | { kind: "and" | "or"; negate: boolean; items: Condition[] };

export interface OrderTerm {
  column: string;
  descending: boolean;
  nulls?: "first" | "last";
}

export interface Prefer {
  return: "representation" | "minimal" | "headers-only";
  count?: "exact" | "planned" | "estimated";
  resolution?: "merge-duplicates" | "ignore-duplicates";
  missingDefault: boolean;
  maxAffected?: number;
  strict: boolean;
}

/** Splits `text` at top-level commas, outside parentheses and double quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") {
      if (--depth < 0) throw parseError(`Unexpected ")" in "${text}"`);
    } else if (!quoted && depth === 0 && c === ",") {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || quoted) throw parseError(`Unbalanced parentheses or quotes in "${text}"`);
  parts.push(text.slice(start));
  return parts;
}

/** `"a b"` → `a b`; a bare name must be a plain identifier. */
function identifier(raw: string, context: string): string {
  const text = raw.trim();
  if (/^"(?:[^"\\]|\\.)+"$/.test(text)) return text.slice(1, -1).replace(/\\(.)/g, "$1");
  if (/^[\p{L}_][\p{L}\p{N}_$ -]*$/u.test(text)) return text;
  throw parseError(`"${text}" is not a valid name in ${context}`);
}

/** Parses `select=`: `id, name:title, owner:profiles!owner_id(full_name), total::text`. */
export function parseSelect(text: string | null, depth = 0): SelectItem[] {
  if (text === null || text.trim() === "") return [{ kind: "star" }];
  if (depth > 3) throw parseError("Embedding is limited to three levels");
  return splitTopLevel(text).map((raw) => {
    const item = raw.trim();
    if (item === "*") return { kind: "star" as const };
    const open = item.indexOf("(");
    if (open > 0 && item.endsWith(")")) {
      let head = item.slice(0, open);
      let alias: string | undefined;
      const colon = head.indexOf(":");
      if (colon > 0) {
        alias = identifier(head.slice(0, colon), "select");
        head = head.slice(colon + 1);
      }
      const [relation, ...marks] = head.split("!");
      const inner = marks.includes("inner");
      const hints = marks.filter((m) => m !== "inner" && m !== "left");
      if (hints.length > 1) throw parseError(`Too many hints in "${item}"`);
      return {
        kind: "embed" as const,
        relation: identifier(relation, "select"),
        alias,
        hint: hints[0] === undefined ? undefined : identifier(hints[0], "select"),
        inner,
        select: parseSelect(item.slice(open + 1, -1), depth + 1),
      };
    }
    const match = item.match(/^(?:([^:]+):(?!:))?(.+?)(?:::([a-z0-9]+))?$/);
    if (!match) throw parseError(`"${item}" is not a valid select item`);
    const [, alias, name, cast] = match;
    if (cast !== undefined && !CASTS.has(cast)) {
      throw parseError(`Casting to "${cast}" is not supported`);
    }
    if (name.includes("->")) throw parseError(`JSON paths are not supported in "${item}"`);
    return {
      kind: "column" as const,
      name: identifier(name, "select"),
      alias: alias === undefined ? undefined : identifier(alias, "select"),
      cast,
    };
  });
}

/** One value of an `in.(...)` list: quoted values may hold commas and parentheses. */
function listValues(text: string): string[] {
  if (!text.startsWith("(") || !text.endsWith(")")) {
    throw parseError(`"in" needs a list in parentheses, got "${text}"`);
  }
  const inside = text.slice(1, -1);
  if (inside === "") return [];
  return splitTopLevel(inside).map(unquote);
}

function unquote(value: string): string {
  return /^".*"$/s.test(value) ? value.slice(1, -1).replace(/\\(.)/g, "$1") : value;
}

/** `[not.]op[(config)].value` for `column`. */
export function parseFilter(column: string, text: string): Condition {
  let rest = text;
  let negate = false;
  if (rest.startsWith("not.")) {
    negate = true;
    rest = rest.slice(4);
  }
  const dot = rest.indexOf(".");
  if (dot < 0) throw parseError(`"${text}" is not a filter: expected operator.value`);
  let op = rest.slice(0, dot);
  const value = rest.slice(dot + 1);
  let config: string | undefined;
  const fts = op.match(/^(fts|plfts|phfts|wfts)\(([a-z_]+)\)$/);
  if (fts) [, op, config] = fts;
  if (!OPERATOR_SET.has(op)) throw parseError(`Unknown operator "${op}"`, `in filter "${text}"`);
  if (op === "is" && !["null", "not_null", "true", "false", "unknown"].includes(value)) {
    throw parseError(`"is" takes null, not_null, true, false or unknown, got "${value}"`);
  }
  return {
    kind: "filter",
    column,
    negate,
    op: op as Operator,
    value: op === "in" ? listValues(value) : unquote(value),
    config,
  };
}

/** `or=(a.eq.1,and(b.gt.2,c.is.null))`: the items of a logic tree. */
export function parseLogic(kind: "and" | "or", negate: boolean, text: string): Condition {
  if (!text.startsWith("(") || !text.endsWith(")")) {
    throw parseError(`"${kind}" needs its conditions in parentheses`);
  }
  const items = splitTopLevel(text.slice(1, -1)).map((raw): Condition => {
    const item = raw.trim();
    const nested = item.match(/^(not\.)?(and|or)(\(.*\))$/s);
    if (nested) return parseLogic(nested[2] as "and" | "or", !!nested[1], nested[3]);
    const dot = item.indexOf(".");
    if (dot <= 0) throw parseError(`"${item}" is not a condition`);
    return parseFilter(identifier(item.slice(0, dot), kind), item.slice(dot + 1));
  });
  return { kind, negate, items };
}

/** `order=status.desc.nullslast,name`. */
export function parseOrder(text: string): OrderTerm[] {
  return splitTopLevel(text).map((raw) => {
    const [name, ...modifiers] = raw.trim().split(".");
    const term: OrderTerm = { column: identifier(name, "order"), descending: false };
    for (const modifier of modifiers) {
      if (modifier === "desc") term.descending = true;
      else if (modifier === "asc") term.descending = false;
      else if (modifier === "nullsfirst") term.nulls = "first";
      else if (modifier === "nullslast") term.nulls = "last";
      else throw parseError(`Unknown order modifier "${modifier}"`);
    }
    return term;
  });
}

function nonNegativeInteger(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw parseError(`"${what}" must be a non-negative integer`);
  return Number(text);
}

/** The rows asked for by `limit`/`offset` and the `Range: a-b` header (the narrower wins). */
export function parseRange(
  limit: string | null,
  offset: string | null,
  rangeHeader: string | null,
): { offset: number; limit?: number } {
  let from = offset === null ? 0 : nonNegativeInteger(offset, "offset");
  let count = limit === null ? undefined : nonNegativeInteger(limit, "limit");
  const range = rangeHeader?.match(/^\s*(\d{1,15})-(\d{0,15})\s*$/);
  if (rangeHeader && !range) throw parseError(`"${rangeHeader}" is not a valid Range`);
  if (range) {
    const start = Number(range[1]);
    const end = range[2] === "" ? undefined : Number(range[2]);
    if (end !== undefined && end < start) {
      throw parseError(`Range ${rangeHeader} ends before it starts`);
    }
    from = Math.max(from, start);
    const rangeCount = end === undefined ? undefined : end - start + 1;
    count = count === undefined ? rangeCount : Math.min(count, rangeCount ?? count);
  }
  return { offset: from, limit: count };
}

/** The `Prefer` headers (supabase-js appends several, comma-joined). */
export function parsePrefer(header: string | null): Prefer {
  const prefer: Prefer = { return: "minimal", missingDefault: false, strict: false };
  for (const raw of (header ?? "").split(",")) {
    const [key, value] = raw.trim().split("=");
    if (key === "return" && ["representation", "minimal", "headers-only"].includes(value)) {
      prefer.return = value as Prefer["return"];
    } else if (key === "count" && ["exact", "planned", "estimated"].includes(value)) {
      prefer.count = value as Prefer["count"];
    } else if (
      key === "resolution" && ["merge-duplicates", "ignore-duplicates"].includes(value)
    ) {
      prefer.resolution = value as Prefer["resolution"];
    } else if (key === "missing" && value === "default") prefer.missingDefault = true;
    else if (key === "handling" && value === "strict") prefer.strict = true;
    else if (key === "max-affected" && /^\d{1,9}$/.test(value)) prefer.maxAffected = Number(value);
  }
  return prefer;
}

/** Query parameters that are not filters. */
const RESERVED = new Set(["select", "order", "limit", "offset", "on_conflict", "columns"]);

export interface Filters {
  /** Conditions on the requested relation. */
  root: Condition[];
  /** Conditions on embedded relations, by their name or alias (`samples.status=eq.shot`). */
  embedded: Map<string, Condition[]>;
}

/**
 * The filters of a query string; `skip` names parameters that are something else (the
 * arguments of a GET rpc).
 */
export function parseFilters(params: URLSearchParams, skip = new Set<string>()): Filters {
  const filters: Filters = { root: [], embedded: new Map() };
  for (const [key, value] of params) {
    if (RESERVED.has(key) || skip.has(key)) continue;
    // `or`, `not.or`, `tasks.or`, `tasks.not.or` (an embed named "not" is not supported).
    const logic = key.match(/^(?:(?!not\.)([^.]+)\.)?(not\.)?(and|or)$/);
    let target = filters.root;
    let condition: Condition;
    if (logic) {
      condition = parseLogic(logic[3] as "and" | "or", !!logic[2], value);
      if (logic[1]) target = embeddedList(filters, identifier(logic[1], "filter"));
    } else {
      const parts = key.split(".");
      if (parts.length > 2) throw parseError(`"${key}" is not a column or embedded column`);
      if (parts.length === 2) target = embeddedList(filters, identifier(parts[0], "filter"));
      condition = parseFilter(identifier(parts.at(-1)!, "filter"), value);
    }
    target.push(condition);
  }
  return filters;
}

function embeddedList(filters: Filters, name: string): Condition[] {
  let list = filters.embedded.get(name);
  if (!list) filters.embedded.set(name, list = []);
  return list;
}
