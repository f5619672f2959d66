/**
 * The fuzz pass of issue 7: a few thousand seeded requests (_fuzz_gen.ts) against every route
 * the stack serves, from ~30 genuine accounts and with every kind of forged token. It holds
 * when the functions answer only 2xx (where a request may succeed) or 4xx problem+json (501 for
 * a function whose issue is still open), auth answers 2xx or 4xx in GoTrue's error shape,
 * nothing leaks internals, the stack answers its health checks after every batch, and the rows
 * of users who took no part (a victim with data of every kind, the seeded demo producer) are
 * byte for byte what they were.
 *
 * `FUZZ_SEED` replays a run (the seed is printed, and named in every failure); `FUZZ_REQUESTS`
 * changes the count; `FUZZ_ONLY=3,17` sends only those requests of the seed.
 */
import assert from "node:assert/strict";
import { decodeJwt, SignJWT } from "jose";
import postgres from "postgres";
import type { UserClaims } from "../../supabase/functions/_shared/auth.ts";
import { asUser } from "../../supabase/functions/_shared/db.ts";
import {
  type FuzzContext,
  type FuzzRequest,
  generateRequest,
  GENUINE_TOKENS,
  LEAK_MARKERS,
  type TokenKind,
} from "./_fuzz_gen.ts";
import { anonClient, signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const ACCOUNTS = 30;
const BATCH = 150;
const CONCURRENCY = 6;
/** A request without an answer by then is a failure (the stack promises one within 10 s). */
const ANSWER_TIMEOUT_MS = 20_000;
/** The seeded demo producer (supabase/seed.sql): a second user who takes no part. */
const DEMO_USER = "d0d0d0d0-0000-4000-8000-00000000de01";

interface Account extends TestUser {
  refreshToken: string;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

interface Failure {
  index: number;
  reason: string;
  request: string;
  answer: string;
}

const env = stackEnv();
const sql = postgres(env.dbUrl, { max: 2, prepare: false, onnotice: () => {} });
const encoder = new TextEncoder();
const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

/** The functions the stack serves: every folder of supabase/functions but `_shared`. */
function functionNames(): string[] {
  const root = new URL("../../supabase/functions/", import.meta.url);
  return [...Deno.readDirSync(root)]
    .filter((entry) => entry.isDirectory && !entry.name.startsWith("_"))
    .map((entry) => entry.name)
    .sort();
}

async function signUpAccount(label: string): Promise<Account> {
  const user = await signUpUser(label);
  const { data } = await user.client.auth.getSession();
  assert.ok(data.session, "the client keeps its session");
  return { ...user, refreshToken: data.session.refresh_token };
}

/**
 * The victim signs up like any user, with a password of its own: the fuzz accounts share
 * theirs, and the fuzzer signs in with it (as the victim's address too).
 */
async function signUpVictim(): Promise<TestUser> {
  const client = anonClient();
  const email = `fuzz-victim-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const { data, error } = await client.auth.signUp({ email, password: crypto.randomUUID() });
  if (error || !data.session || !data.user) throw error ?? new Error("signUp returned no session");
  return { client, id: data.user.id, email, accessToken: data.session.access_token };
}

/** Gives the victim rows in every table a user fills, inserted as the victim under RLS. */
async function seedVictim(victim: TestUser, member: TestUser): Promise<string> {
  const claims = decodeJwt(victim.accessToken) as UserClaims;
  const [event] = await asUser(
    sql,
    claims,
    (tx) =>
      tx`insert into public.events (name, starts_at, ends_at, venue, staffing_required)
         values ('Runway', now() + interval '3 days', now() + interval '3 days 3 hours',
                 'Hall 1', '{"dresser": 4}') returning id`,
  );
  const tasks = await asUser(
    sql,
    claims,
    (tx) =>
      tx`insert into public.event_tasks (event_id, title, duration_minutes, phase, required_role)
         values (${event.id}, 'Rig lights', 90, 'setup', 'runner'),
                (${event.id}, 'Walk', 20, 'show', 'dresser'),
                (${event.id}, 'Strike', 60, 'teardown', 'runner')
         returning id`,
  );
  await asUser(sql, claims, (tx) => [
    tx`update public.event_tasks set depends_on = array[${tasks[0].id}::uuid]
       where id = ${tasks[1].id}`,
    tx`insert into public.event_staff (event_id, name, role)
       values (${event.id}, 'Ana', 'dresser'), (${event.id}, 'Bo', 'runner')`,
    tx`insert into public.event_members (event_id, user_id, role)
       values (${event.id}, ${member.id}, 'viewer')`,
    tx`insert into public.samples (name, category, status, is_hero, look_id, expected_at, shoot_date)
       values ('Silk slip dress', 'dresses', 'in_transit', true, 'L1', now() + interval '1 day',
               current_date + 3),
              ('Wool coat', 'outerwear', 'on_set', false, 'L2', now() - interval '1 day',
               current_date + 3),
              ('Boots', 'shoes', 'requested', false, 'L1', null, null)`,
    tx`insert into public.gallery_assets (look_id, shot_type, width, height, sharpness, exposure, tags)
       values ('L1', 'front', 4000, 6000, 0.91, 0.3, '{editorial}'),
              ('L2', 'detail', 3000, 3000, 0.42, -1.2, '{}')`,
    tx`insert into public.shot_list_items (look_id, shot_type, quantity) values ('L1', 'front', 2)`,
    tx`insert into public.ai_configurations (user_id, config_name, configuration)
       values (${victim.id}, 'default', '{"model": "claude-sonnet", "temperature": 0.4}')`,
    // the reason the preferences function names: without one, the database refuses the write
    tx`select set_config('fashionos.change_reason', 'seed', true)`,
    tx`update public.user_preferences
       set preferences = preferences || '{"brandKeywords": ["editorial", "minimal"]}'
       where user_id = ${victim.id}`,
  ]);
  return event.id;
}

/**
 * What "a user's rows" are, read from the catalog: in every table of `public` and `auth`,
 * the rows that reference the user through foreign keys (directly, or through a row that
 * does, up to three hops: an event's tasks), and any row whose text names the user's id
 * (keys such as the rate limit's `user:<id>`). Table → "count:md5" of those rows in a
 * stable order.
 */
async function userRowsChecksum(userIds: string[]): Promise<Map<string, string>> {
  const tables = await sql<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'auth') and c.relkind in ('r', 'p')
    order by 1`;
  const edges = await sql<{ child: string; column: string; parent: string; key: string }[]>`
    select format('%I.%I', cn.nspname, cc.relname) as child, quote_ident(a.attname) as column,
           format('%I.%I', pn.nspname, pc.relname) as parent, quote_ident(af.attname) as key
    from pg_constraint k
    join pg_class cc on cc.oid = k.conrelid join pg_namespace cn on cn.oid = cc.relnamespace
    join pg_class pc on pc.oid = k.confrelid join pg_namespace pn on pn.oid = pc.relnamespace
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
    join pg_attribute af on af.attrelid = k.confrelid and af.attnum = k.confkey[1]
    where k.contype = 'f' and cardinality(k.conkey) = 1
      and cn.nspname in ('public', 'auth') and pn.nspname in ('public', 'auth')`;
  // The rows of `table` (as `alias`) that belong to the users ($1), `hops` foreign keys away.
  const owned = (table: string, alias: string, hops: number): string => {
    const parts = table === "auth.users" ? [`${alias}.id = any($1::uuid[])`] : [];
    if (hops > 0) {
      for (const edge of edges.filter((e) => e.child === table && e.parent !== table)) {
        const inner = `p${hops}`;
        parts.push(
          `${alias}.${edge.column} in (select ${inner}.${edge.key} from ${edge.parent} ${inner} ` +
            `where ${owned(edge.parent, inner, hops - 1)})`,
        );
      }
    }
    return parts.length ? parts.map((part) => `(${part})`).join(" or ") : "false";
  };
  const result = new Map<string, string>();
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ count: number; md5: string }[]>(
      `select count(*)::int as count,
              md5(coalesce(string_agg(row_to_json(t)::text, E'\\n' order by row_to_json(t)::text), ''))
       from ${name} t
       where cardinality($1::uuid[]) > 0 -- typed even where no key leads to a user
         and (${owned(name, "t", 3)} or row_to_json(t)::text like any($2::text[]))`,
      [userIds, userIds.map((id) => `%${id}%`)],
    );
    if (row.count > 0) result.set(name, `${row.count}:${row.md5}`);
  }
  return result;
}

function digest(checksums: Map<string, string>): Promise<string> {
  const text = [...checksums].map(([table, sum]) => `${table}=${sum}`).join("\n");
  return crypto.subtle.digest("SHA-256", encoder.encode(text)).then((hash) =>
    [...new Uint8Array(hash)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0")).join("")
  );
}

function hs256(payload: Record<string, unknown>, secret: string, alg = "HS256") {
  return new SignJWT(payload).setProtectedHeader({ alg, typ: "JWT" }).sign(encoder.encode(secret));
}

/** The Authorization header for a token kind (undefined: none), as the request asks. */
async function authorization(
  request: FuzzRequest,
  accounts: Account[],
  victim: TestUser,
): Promise<string | undefined> {
  const account = accounts[request.account];
  const now = Math.floor(Date.now() / 1000);
  const victimClaims = {
    sub: victim.id,
    role: "authenticated",
    aud: "authenticated",
    email: victim.email,
    iat: now,
    exp: now + 3600,
  };
  const kinds: Record<TokenKind, () => Promise<string | undefined> | string | undefined> = {
    none: () => undefined,
    user: () => account.accessToken,
    member: () => accounts[0].accessToken,
    anon_key: () => env.anonKey,
    service_key: () => env.serviceRoleKey,
    alg_none: () => `${b64url({ alg: "none", typ: "JWT" })}.${b64url(victimClaims)}.`,
    wrong_secret: () => hs256(victimClaims, "not-the-project-secret-but-long-enough-to-sign"),
    expired: () =>
      hs256({ ...decodeJwt(account.accessToken), iat: now - 7200, exp: now - 3600 }, env.jwtSecret),
    // A genuine token's header and signature around the victim's claims.
    victim_forged: () => {
      const [header, , signature] = account.accessToken.split(".");
      return `${header}.${
        b64url({ ...decodeJwt(account.accessToken), ...victimClaims })
      }.${signature}`;
    },
    service_role_forged: () =>
      request.index % 2
        ? hs256(
          { ...victimClaims, role: "service_role" },
          "guessed-secret-guessed-secret-guessed!!",
        )
        : `${env.serviceRoleKey.split(".")[0]}.${
          b64url({ ...victimClaims, role: "service_role" })
        }.${env.serviceRoleKey.split(".")[2]}`,
    // The project's own secret, the wrong algorithm: HS256 only.
    hs512: () => hs256(decodeJwt(account.accessToken), env.jwtSecret, "HS512"),
    rs256_no_kid: () =>
      `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url(victimClaims)}.${"A".repeat(342)}`,
    huge: () =>
      `${b64url({ alg: "HS256", typ: "JWT" })}.${
        b64url({ ...victimClaims, pad: "p".repeat(request.index % 3 ? 6_000 : 60_000) })
      }.${"s".repeat(43)}`,
    garbage: () =>
      ["", " ", "a.b.c", "...", "eyJ.eyJ.", "a b c", "x".repeat(9_000)][
        request.index % 7
      ],
  };
  const token = await kinds[request.token]();
  if (token === undefined) return undefined;
  if (request.token === "garbage") {
    return ["Bearer ", "Basic ", "bearer  ", "Bearer Bearer "][request.index % 4] + token;
  }
  return `Bearer ${token}`;
}

function bodyOf(request: FuzzRequest, accounts: Account[]): BodyInit | undefined {
  const { body } = request;
  switch (body.kind) {
    case "none":
      return undefined;
    case "text":
      return body.text.replace("@@REFRESH@@", accounts[request.account].refreshToken);
    case "bytes":
      return body.bytes;
    case "stream": {
      let left = body.bytes;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (left <= 0) return controller.close();
          const part = chunk.subarray(0, Math.min(left, chunk.length));
          left -= part.length;
          controller.enqueue(part);
        },
      });
    }
  }
}

async function sendFetch(request: FuzzRequest, headers: Headers, body?: BodyInit): Promise<Answer> {
  const response = await fetch(`${env.url}${request.path}`, {
    method: request.method,
    headers,
    body,
    signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A complete HTTP/1.1 answer in `bytes`, or undefined while more is to come (unless `eof`). */
function parseAnswer(bytes: Uint8Array, eof: boolean): Answer | undefined {
  // windows-1252 maps each byte to one character, so offsets in the text are byte offsets.
  const raw = new TextDecoder("windows-1252").decode(bytes);
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) {
    if (eof) throw new Error(`no HTTP answer: ${JSON.stringify(raw.slice(0, 80))}`);
    return undefined;
  }
  const lines = raw.slice(0, end).split("\r\n");
  const status = Number(lines[0].match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
  if (!status) throw new Error(`no HTTP answer: ${JSON.stringify(raw.slice(0, 80))}`);
  const headers = new Headers();
  for (const line of lines.slice(1)) {
    const at = line.indexOf(":");
    headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  let body = bytes.subarray(end + 4);
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    const parts: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      const rest = new TextDecoder("windows-1252").decode(body.subarray(at));
      const size = rest.match(/^([0-9a-f]+)\r\n/i);
      if (!size) return eof ? answer(status, headers, concat(parts)) : undefined;
      const length = parseInt(size[1], 16);
      if (length === 0) return answer(status, headers, concat(parts));
      parts.push(body.subarray(at + size[0].length, at + size[0].length + length));
      at += size[0].length + length + 2;
    }
  }
  const length = Number(headers.get("content-length") ?? NaN);
  if (body.length >= length) body = body.subarray(0, length);
  else if (!eof) return undefined;
  return answer(status, headers, body);
}

function answer(status: number, headers: Headers, body: Uint8Array): Answer {
  return { status, headers, text: new TextDecoder().decode(body) };
}

/**
 * HTTP/1.1 over a socket: methods `fetch` refuses, and a Content-Length that lies. The body
 * is written while the answer is read: a server may answer (405, 413) without reading it.
 */
async function sendRaw(request: FuzzRequest, headers: Headers, body?: BodyInit): Promise<Answer> {
  if (body instanceof ReadableStream) body = new Uint8Array(await new Response(body).arrayBuffer());
  const bytes = body === undefined
    ? new Uint8Array()
    : typeof body === "string"
    ? encoder.encode(body)
    : body as Uint8Array;
  const { hostname, port } = new URL(env.url);
  let head = `${request.method} ${request.path} HTTP/1.1\r\nHost: ${hostname}\r\n` +
    "Connection: close\r\n";
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
  if (bytes.length || request.declaredLength) {
    head += `Content-Length: ${request.declaredLength ?? bytes.length}\r\n`;
  }
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const timer = setTimeout(() => conn.close(), ANSWER_TIMEOUT_MS);
  try {
    // Not awaited: the server may answer and close before it has read the body.
    conn.write(concat([encoder.encode(head + "\r\n"), bytes]))
      .then(() => request.declaredLength ? conn.closeWrite() : undefined)
      .catch(() => {});
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await conn.read(buffer).catch(() => null);
      if (n !== null) chunks.push(buffer.slice(0, n));
      const complete = parseAnswer(concat(chunks), n === null);
      if (complete) return complete; // closing the socket stops what is left of the body
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch { /* closed by the timer or the server */ }
  }
}

function json(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Requests Deno's HTTP server answers itself with an empty 400: headers past its limits
 * (about 64 KB, 100 headers), and CONNECT with a path instead of a host (malformed HTTP).
 */
function refusedByServer(request: FuzzRequest, sent: Headers): boolean {
  let bytes = 0;
  let count = 0;
  for (const [name, value] of sent) {
    bytes += name.length + value.length + 4;
    count++;
  }
  return bytes > 60_000 || count > 100 || request.method === "CONNECT";
}

/** Why the answer is wrong for the request, or undefined when it is acceptable. */
function judge(
  request: FuzzRequest,
  sent: Headers,
  answer: Answer,
  victimIds: string[],
): string | undefined {
  const { status, headers, text } = answer;
  const type = headers.get("content-type") ?? "";
  // The HTTP server refuses these before any handler runs (as Kong would): nothing to shape.
  if (refusedByServer(request, sent) && (status === 400 || status === 431) && text === "") return;
  const body = json(text);
  const leaked = status >= 300 ? LEAK_MARKERS.find((marker) => text.includes(marker)) : undefined;
  if (leaked) return `the body leaks internals (${JSON.stringify(leaked)})`;
  const genuine = GENUINE_TOKENS.has(request.token);
  const hasBody = request.method !== "HEAD" && status !== 204;
  // Auth answers under /auth/v1; the functions and the gateway (any other path) in problem+json.
  // `fetch` resolves dot segments first: /auth/v1/../x is not auth's.
  if (!/^\/auth\/v1(\/|$)/.test(new URL(request.path, env.url).pathname)) {
    if (!headers.get("x-request-id")) return `${status} without X-Request-Id`;
    const open = request.path.match(/^\/functions\/v1\/[^/]+\/health$/) &&
        ["GET", "HEAD"].includes(request.method) || request.method === "OPTIONS";
    if (status >= 200 && status < 300) {
      return open || genuine ? undefined : `${status} for a ${request.token} token`;
    }
    // 501: a function whose issue is still open (a HEAD answer has no body to say so).
    const notImplemented = status === 501 && (body?.code === "not_implemented" || !hasBody);
    if (status >= 500 && !notImplemented) {
      return `${status} ${body?.code ?? ""}`.trim();
    }
    if (status < 400) return `unexpected ${status}`;
    if (type !== "application/problem+json") return `${status} with content type "${type}"`;
    if (hasBody && (body?.status !== status || typeof body?.code !== "string")) {
      return `${status}: not a problem document`;
    }
    return;
  }
  if (status >= 500) return `${status} ${body?.error_code ?? ""}`.trim();
  if (status >= 200 && status < 300) {
    const user = (body?.user ?? body) as Record<string, unknown> | undefined;
    if (user && victimIds.includes(String(user.id))) return `${status} names the victim`;
    const open = /^\/auth\/v1\/(signup|token|settings|health|\.well-known)/.test(request.path) ||
      request.method === "OPTIONS";
    return open || genuine ? undefined : `${status} for a ${request.token} token`;
  }
  if (status < 400) return `unexpected ${status}`;
  if (!hasBody) return;
  if (!type.startsWith("application/json")) return `${status} with content type "${type}"`;
  if (typeof body?.error_code !== "string" || typeof body?.msg !== "string") {
    return `${status}: not GoTrue's error shape`;
  }
}

function summary(request: FuzzRequest): string {
  const size = request.body.kind === "text"
    ? request.body.text.length
    : request.body.kind === "bytes"
    ? request.body.bytes.length
    : request.body.kind === "stream"
    ? request.body.bytes
    : 0;
  return `${request.method} ${
    request.path.slice(0, 80)
  } token=${request.token}#${request.account}` +
    ` ${request.transport} body=${request.body.kind}(${size}) ${request.note}`.trimEnd();
}

async function healthy(fn: string): Promise<string | undefined> {
  for (const path of [`/functions/v1/${fn}/health`, "/auth/v1/health"]) {
    try {
      const response = await fetch(`${env.url}${path}`, { signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      if (response.status !== 200) return `${path}: ${response.status}`;
    } catch (error) {
      return `${path}: ${(error as Error).message}`;
    }
  }
}

Deno.test("fuzz: every route answers hostile input with 2xx/4xx in its shape, stays up, and leaves other users' rows alone", async () => {
  const seed = Number(Deno.env.get("FUZZ_SEED") ?? Math.floor(Math.random() * 2 ** 31));
  const count = Number(Deno.env.get("FUZZ_REQUESTS") ?? 3_000);
  const only = Deno.env.get("FUZZ_ONLY")?.split(",").map(Number);
  console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed}), ${only?.length ?? count} requests`);
  const started = performance.now();
  try {
    const victim = await signUpVictim();
    const accounts: Account[] = [];
    for (let i = 0; i < ACCOUNTS; i += 6) {
      accounts.push(
        ...await Promise.all(
          Array.from({ length: Math.min(6, ACCOUNTS - i) }, () => signUpAccount("fuzz")),
        ),
      );
    }
    const victimEventId = await seedVictim(victim, accounts[0]);
    const victimIds = [victim.id, DEMO_USER];
    const before = await userRowsChecksum(victimIds);
    assert.ok(before.size >= 10, `the victims have rows in many tables: ${[...before.keys()]}`);

    const functions = functionNames();
    const ctx: FuzzContext = {
      seed,
      functions,
      accounts: ACCOUNTS,
      accountEmail: (i) => accounts[i].email,
      accountPassword: "correct-horse-battery",
      victimEmail: victim.email,
      victimEventId,
    };
    const indexes = only ?? Array.from({ length: count }, (_, i) => i);
    const failures: Failure[] = [];
    const byRoute = new Map<string, Map<number | string, number>>();
    const byStatus = new Map<number | string, number>();
    const tally = (route: string, status: number | string) => {
      const statuses = byRoute.get(route) ?? new Map();
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      byRoute.set(route, statuses);
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    };

    // Printed, never asserted: the request to look at when a run is slow.
    const slowest = { ms: 0, index: -1, status: 0 };
    const run = async (index: number) => {
      const request = generateRequest(ctx, index);
      const headers = new Headers({ apikey: env.anonKey, ...request.headers });
      const auth = await authorization(request, accounts, victim);
      if (auth !== undefined) headers.set("authorization", auth);
      const body = bodyOf(request, accounts);
      let answer: Answer;
      const sentAt = performance.now();
      try {
        answer = request.transport === "raw"
          ? await sendRaw(request, headers, body)
          : await sendFetch(request, headers, body);
      } catch (error) {
        // The server refused the headers and closed while a body was still being sent.
        if (refusedByServer(request, headers) && request.body.kind !== "none") {
          tally(request.route, "refused");
          return;
        }
        tally(request.route, "no answer");
        failures.push({
          index,
          reason: `no answer: ${(error as Error).message.slice(0, 200)}`,
          request: summary(request),
          answer: "",
        });
        return;
      }
      const ms = performance.now() - sentAt;
      if (ms > slowest.ms) Object.assign(slowest, { ms, index, status: answer.status });
      tally(request.route, answer.status);
      const reason = judge(request, headers, answer, victimIds);
      if (reason) {
        failures.push({
          index,
          reason,
          request: summary(request),
          answer: answer.text.slice(0, 300),
        });
      }
    };

    for (let start = 0, batch = 0; start < indexes.length; start += BATCH, batch++) {
      const queue = indexes.slice(start, start + BATCH);
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
          await run(index);
        }
      }));
      const down = await healthy(functions[batch % functions.length]);
      if (down) {
        failures.push({
          index: start,
          reason: `unhealthy after batch ${batch}`,
          request: down,
          answer: "",
        });
        break;
      }
    }

    const after = await userRowsChecksum(victimIds);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz seed ${seed}: ${indexes.length} requests in ${seconds} s; victims' rows ` +
        `${await digest(before)} before, ${await digest(after)} after`,
    );
    console.log(
      `slowest: #${slowest.index} (${slowest.status}) in ${Math.round(slowest.ms)} ms: ` +
        summary(generateRequest(ctx, slowest.index)),
    );
    console.log(`by status: ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}`);
    for (const [route, statuses] of [...byRoute].sort()) {
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      console.log(
        `  ${route}: ${total} ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
      );
    }
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter((table) => before.get(table) !== after.get(table));
    assert.deepEqual(
      changed,
      [],
      `the victims' rows changed in ${changed.join(", ")} (seed ${seed})`,
    );
    if (failures.length) {
      failures.sort((a, b) => a.index - b.index);
      for (const f of failures) console.log(`wrong: #${f.index} ${f.reason} | ${f.request}`);
      const shown = failures.slice(0, 8).map((f) =>
        `  #${f.index} ${f.reason}\n    ${f.request}\n    ${f.answer.replaceAll("\n", " ")}`
      );
      assert.fail(
        `${failures.length} of ${indexes.length} answers were wrong (seed ${seed}; ` +
          `replay one with FUZZ_SEED=${seed} FUZZ_ONLY=${failures[0].index}):\n${shown.join("\n")}`,
      );
    }
  } finally {
    await sql.end();
  }
});
