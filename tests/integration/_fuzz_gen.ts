/**
 * The request generator of the fuzz pass (issue 7): pure, seeded and reproducible. The same
 * seed and context give the same requests in the same order, so a failure reported as
 * "seed S, request I" is replayed with `FUZZ_SEED=S`. The test (fuzz_test.ts) does the I/O:
 * it turns a token kind into a token, sends the request and judges the answer.
 *
 * @module
 */

import { mulberry32 } from "../_random.ts";

export { mulberry32 };

/** Choices drawn from one seeded stream. */
export class Rng {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }
  float(): number {
    return this.#next();
  }
  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.#next() * max);
  }
  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** One of `weighted`'s keys, each as likely as its weight. */
  weighted<K extends string>(weighted: Record<K, number>): K {
    const entries = Object.entries(weighted) as [K, number][];
    let roll = this.#next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}

/**
 * How the test authenticates a request. `user` and `member` are genuine sessions (a fuzz
 * account; `member` may read the victim's event); every other kind is a forgery or no token.
 */
export type TokenKind =
  | "none"
  | "user"
  | "member"
  | "anon_key"
  | "service_key"
  | "alg_none"
  | "wrong_secret"
  | "expired"
  | "victim_forged"
  | "service_role_forged"
  | "hs512"
  | "rs256_no_kid"
  | "huge"
  | "garbage";

/** The tokens that carry a genuine session: only these may ever see a 2xx on a user route. */
export const GENUINE_TOKENS: ReadonlySet<TokenKind> = new Set(["user", "member"]);

export type FuzzBody =
  | { kind: "none" }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array<ArrayBuffer> }
  /** Sent chunked (no Content-Length), `bytes` in all. */
  | { kind: "stream"; bytes: number };

export interface FuzzRequest {
  index: number;
  service: "functions" | "auth";
  /** What the stats group by: "functions/compose", "auth/token?password", ... */
  route: string;
  method: string;
  /** Path and query under the API root, e.g. "/functions/v1/compose/health". */
  path: string;
  headers: Record<string, string>;
  token: TokenKind;
  /** Which fuzz account a `user`/`expired` token belongs to. */
  account: number;
  body: FuzzBody;
  /** `raw`: written to a socket, for what `fetch` refuses to send (TRACE, a lying length). */
  transport: "fetch" | "raw";
  /** Raw only: a Content-Length larger than the bytes sent (then the write side is closed). */
  declaredLength?: number;
  /** What was generated, for the failure report. */
  note: string;
}

/** What the generator needs to know about the stack under test. */
export interface FuzzContext {
  seed: number;
  /** URL names of the functions, e.g. "logistics-analyzer". */
  functions: readonly string[];
  /** Fuzz accounts (genuine sessions the test rotates through). */
  accounts: number;
  accountEmail(account: number): string;
  accountPassword: string;
  victimEmail: string;
  /** An event of the victim's that the `member` account may read. */
  victimEventId: string;
}

/** Text in an error body that means internals leaked: Postgres messages, stack frames. */
export const LEAK_MARKERS = [
  "violates",
  'relation "',
  "syntax error at",
  "Key (",
  "invalid input syntax",
  "duplicate key value",
  "SQLSTATE",
  ".ts:",
  "    at ",
  "TypeError",
  "RangeError",
  "ReferenceError",
];

/** Strings an attacker tries first: SQL, HTML, template and path tricks, numeric oddities. */
export const HOSTILE_STRINGS = [
  "' or 1=1 --",
  "'; drop table public.samples; --",
  '" or ""="',
  "1; select pg_sleep(10)",
  "$$; select pg_sleep(10); $$",
  "$tag$ x $tag$",
  "E'\\x41'",
  "\\",
  "\\\\u0000",
  "</script><script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "{{7*7}}",
  "${7*7}",
  "${jndi:ldap://x/a}",
  "../../../../etc/passwd",
  "%00",
  "%2e%2e%2f",
  "null",
  "undefined",
  "NaN",
  "-0",
  "0x10",
  "1e309",
  "__proto__",
  "constructor",
  "",
  " ",
];

/** Well-formed but unusual Unicode (each is valid UTF-16 and valid UTF-8). */
export const UNICODE_STRINGS = [
  "\u202egnp.exe",
  "\u200f\u200e\u200b\u2060",
  "\ufeffbom",
  "👗🧵👠",
  "👩‍👩‍👧‍👦",
  "e\u0301".repeat(500),
  "\uffff\ufffe",
  "𝕏𝔽𝕠𝕤",
  "مجموعة الأزياء",
  "時装撮影",
  "Z̷̢̛a̸l̶g̵o̶",
  "\u2028\u2029",
  "\t\r\n\v\f",
];

/**
 * JSON escapes that only raw JSON text can carry: lone and reversed surrogates, NUL. `JSON.stringify`
 * would turn a lone surrogate into the same escape, but a NUL it writes as `\u0000` too; these
 * are written into the text as they are.
 */
export const RAW_ESCAPES = [
  "\\ud800",
  "\\udfff",
  "\\udc00\\ud800",
  "\\ud83d",
  "\\u0000",
  "a\\u0000b",
];

/** Byte sequences that are not UTF-8: overlong forms, encoded surrogates, past U+10FFFF, cut. */
export const INVALID_UTF8: readonly number[][] = [
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xff],
  [0xfe, 0xfe],
  [0xc3],
  [0x80, 0x80],
];

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=fuzz",
  "application/xml",
  "application/problem+json",
  "*/*",
  "garbage",
  "", // none
];

const BROKEN_JSON = [
  "{",
  "}",
  '{"analysisType":',
  '{"analysisType":"all",}',
  "{'analysisType':'all'}",
  '{"a":1}{"b":2}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":1e999999}',
  '{"a":01}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"unterminated}',
  "/* comment */ {}",
  "[1,2,",
  "nul",
  "tru",
  '"just a string"',
  "null",
  "[]",
  "123",
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
  '{"analysisType":"all","analysisType":"readiness"}',
];

const ODD_METHODS = ["PROPFIND", "BREW", "M-SEARCH", "FOO", "post", "patch", "MKCOL"];
/** Methods `fetch` refuses to send: only a raw socket can. */
const FORBIDDEN_METHODS = ["TRACE", "TRACK", "CONNECT"];

const SAMPLE_STATUSES = ["requested", "in_transit", "awaiting", "on_set", "shot", "returned"];
const TASK_STATUSES = ["todo", "in_progress", "blocked", "done"];

/** A random string of `length` characters from a mixed alphabet. */
function randomString(rng: Rng, length: number): string {
  const alphabet = "abcXYZ019 _-./'\"<>&;$%éß中👗\u200b";
  const chars = [...alphabet];
  let out = "";
  for (let i = 0; i < length; i++) out += rng.pick(chars);
  return out;
}

function longString(rng: Rng): string {
  const unit = rng.pick(["x", "é", "中", "👗", "' or 1=1 -- ", "<b>"]);
  return unit.repeat(Math.ceil(rng.range(1_000, 100_000) / unit.length));
}

/** Nested arrays or objects, `depth` levels (built without recursion). */
export function nested(depth: number, kind: "array" | "object", leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** Deep nesting written as text: `JSON.stringify` cannot write 100,000 levels. */
export function nestedText(depth: number, kind: "array" | "object", leaf = "1"): string {
  return kind === "array"
    ? "[".repeat(depth) + leaf + "]".repeat(depth)
    : '{"a":'.repeat(depth) + leaf + "}".repeat(depth);
}

function isoInstant(rng: Rng): string {
  return new Date(Date.UTC(2025, rng.int(12), rng.range(1, 28), rng.int(24), rng.int(60)))
    .toISOString();
}

/** A value of the wrong kind, or the right kind with a hostile content. */
function hostileValue(rng: Rng): unknown {
  switch (rng.int(10)) {
    case 0:
      return rng.pick([0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0, 525_601, 1e-320]);
    case 1:
      return rng.pick([true, false, null, [], {}, [1, "a", null], { x: 1 }]);
    case 2:
    case 3:
      return rng.pick(HOSTILE_STRINGS);
    case 4:
      return rng.pick(UNICODE_STRINGS);
    case 5:
      return longString(rng);
    case 6:
      return nested(rng.range(10, 1500), rng.pick(["array", "object"] as const));
    case 7:
      return Array.from({ length: rng.range(0, 300) }, () => rng.pick(HOSTILE_STRINGS));
    default:
      return randomString(rng, rng.range(0, 40));
  }
}

/** A random JSON value of bounded size. */
function randomJson(rng: Rng, depth = 0): unknown {
  const roll = rng.int(depth > 3 ? 4 : 7);
  if (roll < 4) return hostileValue(rng);
  if (roll < 6) {
    const obj: Record<string, unknown> = {};
    for (let i = rng.int(6); i > 0; i--) {
      obj[
        rng.chance(0.5)
          ? rng.pick(["analysisType", "event", "sampleList", "data", "email"])
          : randomString(rng, rng.range(1, 12))
      ] = randomJson(rng, depth + 1);
    }
    return obj;
  }
  return Array.from({ length: rng.int(6) }, () => randomJson(rng, depth + 1));
}

function sample(rng: Rng, i: number) {
  return {
    id: `s${i}`,
    name: `Sample ${i}`,
    category: rng.pick(["dresses", "shoes", "outerwear"]),
    status: rng.pick(SAMPLE_STATUSES),
    isHero: rng.chance(0.2),
    expectedAt: rng.chance(0.7) ? isoInstant(rng) : null,
    shootDate: rng.chance(0.5) ? "2025-06-01" : undefined,
    lookId: `L${rng.int(5)}`,
    designer: rng.chance(0.5) ? "Maison Arlo" : undefined,
  };
}

function task(rng: Rng, i: number) {
  return {
    id: `t${i}`,
    title: `Task ${i}`,
    status: rng.pick(TASK_STATUSES),
    durationMinutes: rng.range(0, 240),
    dependsOn: i > 0 && rng.chance(0.5) ? [`t${rng.int(i)}`] : [],
    deadline: rng.chance(0.5) ? isoInstant(rng) : null,
    requiredRole: rng.chance(0.5) ? rng.pick(["dresser", "runner"]) : undefined,
    phase: rng.pick(["setup", "show", "teardown"]),
  };
}

function asset(rng: Rng, i: number) {
  return {
    id: `a${i}`,
    lookId: `L${rng.int(5)}`,
    shotType: rng.pick(["front", "back", "detail"]),
    width: rng.range(800, 6000),
    height: rng.range(800, 6000),
    sharpness: rng.float(),
    exposure: rng.float() * 4 - 2,
    tags: rng.chance(0.5) ? ["editorial"] : undefined,
    status: rng.pick(["pending", "approved", "rejected"]),
  };
}

/** A body that fits the function's request schema (schemas.ts), or any object for the others. */
function validBody(rng: Rng, fn: string, ctx: FuzzContext, member: boolean): unknown {
  const n = rng.range(0, 25);
  switch (fn) {
    case "logistics-analyzer":
      return {
        analysisType: rng.pick(["readiness", "blockers", "batching", "all"]),
        ...(rng.chance(0.8)
          ? { sampleList: Array.from({ length: n }, (_, i) => sample(rng, i)) }
          : {}),
      };
    case "events-optimizer": {
      const analysisType = rng.pick(["critical_path", "staffing", "run_of_show", "all"]);
      if (member || rng.chance(0.15)) return { analysisType, eventId: ctx.victimEventId };
      return {
        analysisType,
        event: {
          id: "e1",
          name: "Show",
          startsAt: "2025-03-01T18:00:00Z",
          endsAt: "2025-03-01T22:00:00Z",
          tasks: Array.from({ length: n }, (_, i) => task(rng, i)),
          staffing: {
            required: { dresser: rng.range(0, 6), runner: rng.range(0, 3) },
            assigned: [{ name: "Ana", role: "dresser" }],
          },
        },
      };
    }
    case "media-scorer":
      return {
        analysisType: rng.pick(["quality", "missing", "selects", "all"]),
        ...(rng.chance(0.8) ? { assets: Array.from({ length: n }, (_, i) => asset(rng, i)) } : {}),
        ...(rng.chance(0.5)
          ? { shotList: [{ id: "x1", lookId: "L1", shotType: "front", quantity: 2 }] }
          : {}),
        topN: rng.range(1, 20),
        ...(rng.chance(0.3) ? { brandKeywords: ["editorial", "minimal"] } : {}),
      };
    default:
      return rng.chance(0.5) ? { message: "What is late for Friday's shoot?" } : randomJson(rng);
  }
}

/** Every path to a value inside `value` (objects and arrays), the root excluded. */
export function valuePaths(value: unknown, limit = 2_000): string[][] {
  const paths: string[][] = [];
  const stack: [unknown, string[]][] = [[value, []]];
  while (stack.length && paths.length < limit) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    for (const [key, child] of Object.entries(node)) {
      const at = [...path, key];
      paths.push(at);
      stack.push([child, at]);
    }
  }
  return paths;
}

/** One mutation of `value` in place: a field replaced, removed, or an unknown one added. */
function mutate(rng: Rng, value: unknown): string {
  const paths = valuePaths(value);
  if (!paths.length || value === null || typeof value !== "object") return "unchanged";
  const path = rng.pick(paths);
  let parent = value as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  const roll = rng.int(10);
  if (roll === 0 && !Array.isArray(parent)) {
    delete parent[last];
    return `${path.join(".")} removed`;
  }
  if (roll === 1) {
    const key = rng.pick(["__proto__", "constructor", "extra", "analysisTYPE", "id\u0301"]);
    Object.defineProperty(parent, key, {
      value: hostileValue(rng),
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return `${[...path.slice(0, -1), key].join(".")} added`;
  }
  const replacement = hostileValue(rng);
  parent[last] = replacement;
  return `${path.join(".")} <- ${describe(replacement)}`;
}

function describe(value: unknown): string {
  if (typeof value === "string") {
    return value.length > 40 ? `string(${value.length})` : JSON.stringify(value);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40
    ? `${Array.isArray(value) ? "array" : typeof value}(${text.length})`
    : text;
}

const PLACEHOLDER = "@@FUZZ@@";

/** Puts a marker string somewhere in `value`, so raw text or bytes can replace it later. */
function plantMarker(rng: Rng, value: unknown): unknown {
  const paths = valuePaths(value).filter((path) => path.length > 0);
  if (!paths.length || value === null || typeof value !== "object") return PLACEHOLDER;
  const path = rng.pick(paths);
  let parent = value as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[path[path.length - 1]] = `x${PLACEHOLDER}y`;
  return value;
}

interface BodyChoice {
  body: FuzzBody;
  contentType: string;
  note: string;
}

/** The body of a request that carries one, in one of the ways a client can get it wrong. */
function makeBody(rng: Rng, shape: () => unknown): BodyChoice {
  const mode = rng.weighted({
    valid: 30,
    mutated: 25,
    random: 8,
    rawEscape: 7,
    invalidUtf8: 5,
    broken: 7,
    deep: 6,
    empty: 3,
    form: 3,
    oversized: 2,
    chunked: 1,
  });
  const json = "application/json";
  switch (mode) {
    case "valid":
      return {
        body: { kind: "text", text: JSON.stringify(shape()) },
        contentType: json,
        note: "valid",
      };
    case "mutated": {
      const value = shape();
      const notes = Array.from({ length: rng.range(1, 3) }, () => mutate(rng, value));
      return {
        body: { kind: "text", text: JSON.stringify(value) },
        contentType: json,
        note: notes.join("; "),
      };
    }
    case "random": {
      const value = randomJson(rng);
      return {
        body: { kind: "text", text: JSON.stringify(value) ?? "null" },
        contentType: json,
        note: `random ${describe(value)}`,
      };
    }
    case "rawEscape": {
      const escape = rng.pick(RAW_ESCAPES);
      const text = JSON.stringify(plantMarker(rng, shape())).replace(PLACEHOLDER, escape);
      return { body: { kind: "text", text }, contentType: json, note: `raw escape ${escape}` };
    }
    case "invalidUtf8": {
      const bad = rng.pick(INVALID_UTF8);
      const [before, after] = JSON.stringify(plantMarker(rng, shape())).split(PLACEHOLDER);
      const encoder = new TextEncoder();
      const bytes = new Uint8Array([
        ...encoder.encode(before),
        ...bad,
        ...encoder.encode(after ?? ""),
      ]);
      return {
        body: { kind: "bytes", bytes },
        contentType: json,
        note: `invalid UTF-8 ${bad.map((b) => b.toString(16)).join(" ")}`,
      };
    }
    case "broken": {
      const text = rng.chance(0.5)
        ? rng.pick(BROKEN_JSON)
        : JSON.stringify(shape()).slice(0, -rng.range(1, 5));
      return {
        body: { kind: "text", text },
        contentType: json,
        note: `broken JSON ${describe(text)}`,
      };
    }
    case "deep": {
      // Mostly thousands of levels; now and then far more (the body stays under 1 MB).
      const depth = rng.chance(0.15) ? rng.range(100_000, 250_000) : rng.range(1_000, 20_000);
      const kind = rng.pick(["array", "object"] as const);
      const leaf = rng.pick(['"x"', '"\\u0000"', '"\\ud800"', "1", "null"]);
      const field = rng.pick([
        "sampleList",
        "event",
        "assets",
        "data",
        "email",
        "password",
        "tasks",
      ]);
      const text = `{"analysisType":"all","${field}":${nestedText(depth, kind, leaf)}}`;
      return {
        body: { kind: "text", text },
        contentType: json,
        note: `${depth} levels of ${kind} in ${field}, leaf ${leaf}`,
      };
    }
    case "empty":
      return {
        body: { kind: rng.chance(0.5) ? "none" : "text", text: "" } as FuzzBody,
        contentType: rng.chance(0.5) ? json : "",
        note: "empty",
      };
    case "form": {
      const form = rng.pick([
        "analysisType=all&sampleList=1",
        "email=a%40b.test&password=secret123",
        '--fuzz\r\nContent-Disposition: form-data; name="analysisType"\r\n\r\nall\r\n--fuzz--\r\n',
        "analysisType[]=' or 1=1 --",
      ]);
      return {
        body: { kind: "text", text: form },
        contentType: rng.pick(CONTENT_TYPES),
        note: `form ${describe(form)}`,
      };
    }
    case "oversized": {
      const size = rng.range(1024 * 1024 + 1, 2 * 1024 * 1024);
      const text = `{"analysisType":"all","pad":"${"x".repeat(size)}"}`;
      return {
        body: { kind: "text", text },
        contentType: json,
        note: `oversized ${text.length} bytes, declared`,
      };
    }
    case "chunked": {
      const bytes = rng.range(1_100_000, 9_000_000);
      return {
        body: { kind: "stream", bytes },
        contentType: json,
        note: `oversized ${bytes} bytes, chunked`,
      };
    }
  }
}

const AUTH_ROUTES = {
  signup: 16,
  tokenPassword: 12,
  tokenRefresh: 12,
  tokenOther: 3,
  userGet: 12,
  userPut: 12,
  logout: 6,
  settings: 4,
  health: 4,
  jwks: 2,
  unknown: 3,
  oddMethod: 6,
};

function tokenKind(rng: Rng, genuine: number): TokenKind {
  return rng.chance(genuine) ? "user" : rng.pick(
    [
      "none",
      "anon_key",
      "service_key",
      "alg_none",
      "wrong_secret",
      "expired",
      "victim_forged",
      "service_role_forged",
      "hs512",
      "rs256_no_kid",
      "huge",
      "garbage",
    ] as const,
  );
}

/** Extra headers: mostly none; sometimes hostile request ids, spoofed addresses, huge ones. */
function extraHeaders(
  rng: Rng,
): { headers: Record<string, string>; note: string } {
  const headers: Record<string, string> = {};
  const notes: string[] = [];
  if (rng.chance(0.1)) {
    headers["x-request-id"] = rng.pick(["<script>", "x".repeat(5_000), "' or 1=1 --", "ok-id-1"]);
    notes.push("odd request id");
  }
  if (rng.chance(0.05)) headers["cache-control"] = "no-cache";
  if (rng.chance(0.05)) {
    headers["idempotency-key"] = randomString(rng, rng.range(0, 300)).replace(/[^\x20-\x7e]/g, "k");
  }
  if (rng.chance(0.05)) {
    headers["x-forwarded-for"] = rng.pick(["1.2.3.4", "::1", "x, y, z", "127.0.0.1, 10.0.0.1"]);
  }
  const roll = rng.float();
  if (roll < 0.03) {
    const size = rng.pick([4_000, 12_000, 70_000, 200_000]);
    headers["x-fuzz-big"] = "b".repeat(size);
    notes.push(`a ${size}-byte header`);
  } else if (roll < 0.04) {
    for (let i = 0; i < 150; i++) headers[`x-fuzz-${i}`] = "v";
    notes.push("150 headers");
  }
  return { headers, note: notes.join(", ") };
}

const PARTIAL_BODY = '{"analysisType":"all"';

/**
 * A Content-Length the client does not keep (it sends a few bytes and closes): over every
 * limit, or under one, so that the server starts reading and the body ends early.
 */
function lyingLength(rng: Rng): { body: FuzzBody; declaredLength: number } {
  return {
    body: { kind: "text", text: PARTIAL_BODY },
    declaredLength: rng.chance(0.5) ? rng.range(100, 1_000_000) : rng.range(1_100_000, 50_000_000),
  };
}

function functionRequest(rng: Rng, index: number, ctx: FuzzContext): FuzzRequest {
  const fn = rng.pick(ctx.functions);
  const subpath = rng.weighted({
    "": 70,
    "/health": 9,
    "/": 3,
    random: 8,
    "/health/x": 2,
    weird: 3,
  });
  const path = subpath === "random"
    ? `/${encodeURIComponent(randomString(rng, rng.range(1, 12)))}`
    : subpath === "weird"
    ? rng.pick([
      "//",
      "/%2e%2e/%2e%2e/auth/v1/user",
      `/${"a".repeat(5_000)}`,
      "/?x=%F0%9F%91%97",
      "/%00",
      "/health%2F",
    ])
    : subpath;
  const methodKind = rng.weighted({
    POST: 62,
    GET: 12,
    OPTIONS: 3,
    HEAD: 4,
    other: 8,
    odd: 7,
    forbidden: 4,
  });
  const method = methodKind === "other"
    ? rng.pick(["PUT", "PATCH", "DELETE"])
    : methodKind === "odd"
    ? rng.pick(ODD_METHODS)
    : methodKind === "forbidden"
    ? rng.pick(FORBIDDEN_METHODS)
    : methodKind;
  const member = fn === "events-optimizer" && rng.chance(0.1);
  const token = member ? "member" : tokenKind(rng, 0.7);
  const extra = extraHeaders(rng);
  const notes = [extra.note];
  let body: FuzzBody = { kind: "none" };
  let declaredLength: number | undefined;
  const headers = extra.headers;
  if (!["GET", "HEAD", "OPTIONS"].includes(method)) {
    const choice = makeBody(rng, () => validBody(rng, fn, ctx, member));
    body = choice.body;
    if (choice.contentType) {
      headers["content-type"] = rng.chance(0.1) ? rng.pick(CONTENT_TYPES) : choice.contentType;
    }
    notes.push(choice.note);
  }
  let transport: "fetch" | "raw" = FORBIDDEN_METHODS.includes(method) ? "raw" : "fetch";
  if (method === "POST" && rng.chance(0.015)) {
    ({ body, declaredLength } = lyingLength(rng));
    transport = "raw";
    notes.push(`declared ${declaredLength} bytes, sent ${PARTIAL_BODY.length}`);
  }
  return {
    index,
    service: "functions",
    route: `functions/${fn}${subpath === "/health" ? "/health" : ""}`,
    method,
    path: `/functions/v1/${fn}${path}`,
    headers,
    token,
    account: rng.int(ctx.accounts),
    body,
    transport,
    declaredLength,
    note: notes.filter(Boolean).join("; "),
  };
}

function authBody(
  rng: Rng,
  index: number,
  route: string,
  ctx: FuzzContext,
  account: number,
): unknown {
  const email = () =>
    rng.weighted({
        fresh: 4,
        own: 3,
        victim: 2,
        hostile: 2,
      }) === "fresh"
      ? `fz-${ctx.seed}-${index}@example.test`
      : rng.chance(0.5)
      ? ctx.accountEmail(account)
      : rng.chance(0.5)
      ? ctx.victimEmail
      : hostileValue(rng);
  switch (route) {
    case "signup":
      return {
        email: email(),
        password: rng.chance(0.7) ? `pw-${randomString(rng, 10)}` : hostileValue(rng),
        ...(rng.chance(0.4)
          ? { data: rng.chance(0.5) ? { full_name: hostileValue(rng) } : hostileValue(rng) }
          : {}),
      };
    case "tokenPassword":
      return {
        email: email(),
        password: rng.chance(0.2)
          ? ctx.accountPassword
          : rng.chance(0.7)
          ? "wrong-password"
          : hostileValue(rng),
      };
    case "tokenRefresh":
      // "genuine" asks the test for the account's own refresh token.
      return { refresh_token: rng.chance(0.25) ? "@@REFRESH@@" : hostileValue(rng) };
    case "userPut":
      return rng.pick([
        () => ({ data: hostileValue(rng) }),
        () => ({ data: { full_name: hostileValue(rng) } }),
        () => ({ email: ctx.victimEmail }),
        () => ({ app_metadata: { role: "admin" } }),
        () => ({ password: hostileValue(rng) }),
        () => randomJson(rng),
      ])();
    default:
      return randomJson(rng);
  }
}

function authRequest(rng: Rng, index: number, ctx: FuzzContext): FuzzRequest {
  const route = rng.weighted(AUTH_ROUTES);
  const account = rng.int(ctx.accounts);
  const extra = extraHeaders(rng);
  const notes = [extra.note];
  const table: Record<string, [string, string]> = {
    signup: ["POST", "/signup"],
    tokenPassword: ["POST", "/token?grant_type=password"],
    tokenRefresh: ["POST", "/token?grant_type=refresh_token"],
    tokenOther: [
      "POST",
      `/token?grant_type=${
        encodeURIComponent(
          rng.pick(["", "id_token", "pkce", "' or 1=1 --", "password&grant_type=refresh_token"]),
        )
      }`,
    ],
    userGet: ["GET", "/user"],
    userPut: ["PUT", "/user"],
    logout: [
      "POST",
      `/logout${
        rng.chance(0.3) ? `?scope=${rng.pick(["local", "others", "global", "all", "<x>"])}` : ""
      }`,
    ],
    settings: ["GET", "/settings"],
    health: ["GET", "/health"],
    jwks: ["GET", "/.well-known/jwks.json"],
    unknown: [
      rng.pick(["GET", "POST"]),
      rng.pick([
        "/admin/users",
        "/verify",
        "/recover",
        "/../functions/v1/compose",
        "/user/x",
        "/%00",
      ]),
    ],
    oddMethod: [
      rng.pick([...ODD_METHODS, ...FORBIDDEN_METHODS, "DELETE", "PATCH"]),
      rng.pick(["/signup", "/token", "/user", "/logout", "/health"]),
    ],
  };
  const [method, path] = table[route];
  let token: TokenKind = ["userGet", "userPut", "logout"].includes(route)
    ? tokenKind(rng, 0.5)
    : tokenKind(rng, 0.1);
  // Logging out ends the account's sessions; keep genuine logouts to a few accounts.
  if (route === "logout" && token === "user" && account >= 3) token = "expired";
  const headers = extra.headers;
  let body: FuzzBody = { kind: "none" };
  if (!["GET", "HEAD", "OPTIONS", "TRACE", "TRACK", "CONNECT"].includes(method)) {
    const choice = rng.chance(0.6)
      ? {
        body: {
          kind: "text",
          text: JSON.stringify(authBody(rng, index, route, ctx, account)),
        } as FuzzBody,
        contentType: "application/json",
        note: "auth body",
      }
      : makeBody(rng, () => authBody(rng, index, route, ctx, account));
    body = choice.body;
    if (choice.contentType) {
      headers["content-type"] = rng.chance(0.1) ? rng.pick(CONTENT_TYPES) : choice.contentType;
    }
    notes.push(choice.note);
  }
  let transport: "fetch" | "raw" = FORBIDDEN_METHODS.includes(method) ? "raw" : "fetch";
  let declaredLength: number | undefined;
  if (method === "POST" && rng.chance(0.015)) {
    ({ body, declaredLength } = lyingLength(rng));
    transport = "raw";
    notes.push(`declared ${declaredLength} bytes, sent ${PARTIAL_BODY.length}`);
  }
  return {
    index,
    service: "auth",
    route: `auth/${route}`,
    method,
    path: `/auth/v1${path}`,
    headers,
    token,
    account,
    body,
    transport,
    declaredLength,
    note: notes.filter(Boolean).join("; "),
  };
}

/**
 * The `count` requests of one seed: about three in four to the functions, the rest to auth.
 * Request `i` depends only on the seed, the context and `i`, so one request can be replayed alone.
 */
export function generateRequests(ctx: FuzzContext, count: number): FuzzRequest[] {
  return Array.from({ length: count }, (_, index) => generateRequest(ctx, index));
}

/** Request `index` of the seed's sequence. */
export function generateRequest(ctx: FuzzContext, index: number): FuzzRequest {
  const rng = new Rng((ctx.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  return rng.chance(0.75) ? functionRequest(rng, index, ctx) : authRequest(rng, index, ctx);
}
