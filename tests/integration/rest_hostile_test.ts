/**
 * What a hostile caller sends the local REST API: SQL in `select=`, unknown operators and
 * columns, a 10,000-item `in` list, broken JSON, a body over 1 MB, writes without a filter.
 * Each gets a PostgREST-shaped 4xx (`{code, message, details, hint}`) and the database is
 * unchanged.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { signUpUser, stackEnv } from "./_stack.ts";

async function rest(
  path: string,
  token: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { url, anonKey } = stackEnv();
  const headers = new Headers(init.headers);
  headers.set("apikey", anonKey);
  headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(`${url}/rest/v1/${path}`, { ...init, headers });
  return { status: response.status, body: await response.json() };
}

function assertPostgrestError(
  result: { status: number; body: Record<string, unknown> },
  status: number,
  code: string,
) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  assert.deepEqual(Object.keys(result.body).sort(), ["code", "details", "hint", "message"]);
  assert.equal(result.body.code, code);
}

Deno.test("REST: hostile requests get PostgREST-shaped 4xx and change nothing", async () => {
  const user = await signUpUser("rest-hostile");
  const db = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  const snapshot = () =>
    db`select md5(coalesce(string_agg(s::text, ',' order by s.id), '')) as digest,
        count(*)::int as rows from public.samples s`;
  try {
    await user.client.from("samples").insert([
      { name: "a", category: "x" },
      { name: "b", category: "y" },
    ]);
    const before = await snapshot();
    const token = user.accessToken;
    const json = { "content-type": "application/json" };

    const injections = [
      "id;drop table public.samples",
      "id,(select password from auth.users)",
      "id::text);delete from public.samples;--",
      'id,"name"" from auth.users --"',
    ];
    for (const select of injections) {
      const result = await rest(`samples?select=${encodeURIComponent(select)}`, token);
      assert.ok(result.status === 400, `${select}: ${result.status}`);
      assert.deepEqual(Object.keys(result.body).sort(), ["code", "details", "hint", "message"]);
    }
    assertPostgrestError(await rest("samples?name=evil.1", token), 400, "PGRST100");
    assertPostgrestError(await rest("samples?nope=eq.1", token), 400, "42703");
    assertPostgrestError(await rest("samples?select=nope", token), 400, "42703");
    assertPostgrestError(await rest("samples?order=nope.desc", token), 400, "42703");
    assertPostgrestError(await rest("samples?id=eq.not-a-uuid", token), 400, "22P02");
    assertPostgrestError(await rest("pg_authid", token), 404, "PGRST205");
    // A path that is not percent-encoded UTF-8 names nothing.
    assertPostgrestError(await rest("%E0%A4%A", token), 404, "PGRST125");
    assertPostgrestError(await rest("rpc/%E0%A4%A", token, { method: "POST" }), 404, "PGRST125");
    assertPostgrestError(
      await rest("samples", token, { headers: { "accept-profile": "auth" } }),
      406,
      "PGRST106",
    );

    const many = Array.from({ length: 10_000 }, (_, i) => `n${i}`).join(",");
    assertPostgrestError(await rest(`samples?name=in.(${many})`, token), 400, "PGRST100");

    assertPostgrestError(
      await rest("samples", token, { method: "POST", headers: json, body: '{"name": "a",' }),
      400,
      "PGRST102",
    );
    assertPostgrestError(
      await rest("samples", token, { method: "POST", headers: json, body: "[1, 2]" }),
      400,
      "PGRST102",
    );
    assertPostgrestError(
      await rest("samples", token, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ name: "x", category: "y", "id; drop table x": 1 }),
      }),
      400,
      "PGRST204",
    );
    const huge = JSON.stringify({ name: "x".repeat(1024 * 1024 + 1), category: "y" });
    assertPostgrestError(
      await rest("samples", token, { method: "POST", headers: json, body: huge }),
      413,
      "PGRST413",
    );
    // As hosted Supabase's safeupdate: no filter, no UPDATE or DELETE.
    assertPostgrestError(
      await rest("samples", token, { method: "PATCH", headers: json, body: '{"name":"z"}' }),
      400,
      "21000",
    );
    assertPostgrestError(await rest("samples", token, { method: "DELETE" }), 400, "21000");
    // A GET runs read-only: a volatile function that writes cannot be called with it.
    assertPostgrestError(await rest("rpc/delete_my_data", token), 405, "25006");
    // A forged token is no one.
    assertPostgrestError(await rest("samples", token.slice(0, -4) + "AAAA"), 401, "PGRST301");

    assert.deepEqual([...await snapshot()], [...before]);
  } finally {
    await db.end();
  }
});

Deno.test("REST: max-affected with handling=strict rolls the change back", async () => {
  const user = await signUpUser("rest-max-affected");
  await user.client.from("samples").insert([
    { name: "a", category: "x" },
    { name: "b", category: "x" },
  ]);
  // What supabase-js's maxAffected(1) sends (its types offer it for PostgREST 13+ only).
  const result = await rest("samples?category=eq.x", user.accessToken, {
    method: "PATCH",
    headers: { "content-type": "application/json", prefer: "handling=strict,max-affected=1" },
    body: JSON.stringify({ category: "z" }),
  });
  assertPostgrestError(result, 400, "PGRST124");
  const { data } = await user.client.from("samples").select("category");
  assert.deepEqual(data, [{ category: "x" }, { category: "x" }]);
});

Deno.test("REST: 300 seeded random requests get 2xx or a PostgREST-shaped 4xx, never a 5xx", async () => {
  const user = await signUpUser("rest-fuzz");
  let seed = 20261122;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const paths = [
    "samples",
    "events",
    "event_tasks",
    "gallery_assets",
    "rpc/tier_limits",
    "rpc/x",
    "%00",
    "%E0%A4%A",
    "a/b",
    "",
  ];
  const keys = [
    "select",
    "order",
    "limit",
    "offset",
    "or",
    "not.and",
    "id",
    "name",
    "tags",
    "events.name",
    "on_conflict",
    "columns",
    "p_tier",
  ];
  const values = [
    "eq.1",
    "in.(",
    "in.()",
    "is.null",
    "cs.{a",
    "*,events(*)",
    "id::text",
    "a:b:c",
    "(",
    ")",
    "-1",
    "99999999999999999999",
    "fts(x y).a",
    "not.",
    "",
    '"',
    "%",
    "like.*",
    "(a.eq.1,or(b.eq.2))",
    "events!inner(id)",
  ];
  const bodies = [
    "",
    "{",
    "[]",
    "[1]",
    "{}",
    '{"name":null}',
    '{"name":"x","category":"y"}',
    '[{"name":1},{"category":{}}]',
    '{"p_tier":[1]}',
    '"s"',
    "null",
    '{"is_hero":"maybe"}',
    '{"nope":1}',
  ];
  for (let i = 0; i < 300; i++) {
    const query = new URLSearchParams();
    for (let j = 0; j < Math.floor(random() * 4); j++) query.append(pick(keys), pick(values));
    const method = pick(["GET", "POST", "PATCH", "DELETE", "HEAD", "PUT"]);
    const headers: Record<string, string> = {
      "content-type": pick(["application/json", "text/plain"]),
    };
    if (random() < 0.3) {
      headers.prefer = pick([
        "return=representation",
        "count=exact",
        "resolution=merge-duplicates",
        "missing=default",
        "handling=strict,max-affected=0",
      ]);
    }
    if (random() < 0.2) {
      headers.accept = pick(["application/vnd.pgrst.object+json", "text/csv", "application/xml"]);
    }
    if (random() < 0.1) headers.range = pick(["0-1", "5-2", "x"]);
    const { url, anonKey } = stackEnv();
    const response = await fetch(`${url}/rest/v1/${pick(paths)}?${query}`, {
      method,
      headers: { ...headers, apikey: anonKey, authorization: `Bearer ${user.accessToken}` },
      body: method === "GET" || method === "HEAD" ? undefined : pick(bodies),
    });
    const text = await response.text();
    const where = `request ${i} (seed 20261122): ${response.status} ${text.slice(0, 200)}`;
    assert.ok(response.status < 500, where);
    if (response.status >= 400 && method !== "HEAD") {
      assert.deepEqual(
        Object.keys(JSON.parse(text)).sort(),
        ["code", "details", "hint", "message"],
        where,
      );
    }
  }
});
