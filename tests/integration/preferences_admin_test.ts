/**
 * /functions/v1/preferences/admin/* over HTTP with supabase-js: database health, maintenance
 * and the assistant's metrics, for admins only. An admin is a user whose app_metadata says so
 * (set here as the database owner, as the service role's admin API would) and who signed in
 * again to get a token with the claim.
 */
import assert from "node:assert/strict";
import { FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const sql = postgres(stackEnv().dbUrl, { max: 2, prepare: false, onnotice: () => {} });
Deno.test.afterAll(() => sql.end());

/** Calls `preferences<path>` and returns `{status, body}` for success and problem alike. */
async function call(client: SupabaseClient, method: "GET" | "POST", path: string, body?: unknown) {
  const { data, error, response } = await client.functions.invoke(`preferences${path}`, {
    method,
    body: body as Record<string, unknown> | undefined,
  });
  if (!error) return { status: response?.status ?? 200, body: data };
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const failed = error.context as Response;
  assert.equal(failed.headers.get("content-type"), "application/problem+json");
  return { status: failed.status, body: await failed.json() };
}

/** A new user made admin, signed in again so that the token carries the claim. */
async function signUpAdmin(label: string): Promise<TestUser> {
  const user = await signUpUser(label);
  await sql`update auth.users
            set raw_app_meta_data = coalesce(raw_app_meta_data, '{}') || '{"role": "admin"}'
            where id = ${user.id}`;
  const { data, error } = await user.client.auth.signInWithPassword({
    email: user.email,
    password: "correct-horse-battery",
  });
  if (error || !data.session) throw error ?? new Error("sign-in returned no session");
  return { ...user, accessToken: data.session.access_token };
}

async function tableStats(name: string) {
  const [row] = await sql<{ vacuums: string; analyzes: string }[]>`
    select vacuum_count as vacuums, analyze_count as analyzes
    from pg_stat_user_tables where schemaname = 'public' and relname = ${name}`;
  return { vacuums: Number(row.vacuums), analyzes: Number(row.analyzes) };
}

Deno.test("admin routes: a signed-in user without the admin claim gets 403 on every one", async () => {
  const user = await signUpUser("not-admin");
  const before = await sql`select count(*)::int as n from public.maintenance_operations`;
  for (
    const [method, path, body] of [
      ["GET", "/admin/health"],
      ["POST", "/admin/maintenance", { operation: "VACUUM", table: "samples" }],
      ["GET", "/admin/metrics"],
      ["GET", "/admin/metrics?from=2030-01-01&to=2030-01-02"],
    ] as const
  ) {
    const { status, body: problem } = await call(user.client, method, path, body);
    assert.equal(status, 403, `${method} ${path}`);
    assert.equal(problem.code, "forbidden");
  }
  const after = await sql`select count(*)::int as n from public.maintenance_operations`;
  assert.equal(after[0].n, before[0].n, "nothing was run or logged");
  // The database asks too: the RPCs behind the routes refuse a non-admin through REST.
  for (const fn of ["admin_database_health", "admin_assistant_metrics"]) {
    const args = fn === "admin_assistant_metrics"
      ? { p_from: "2030-01-01T00:00:00Z", p_to: "2030-01-02T00:00:00Z" }
      : undefined;
    const { data, error } = await user.client.rpc(fn, args);
    assert.equal(data, null, fn);
    assert.equal(error?.code, "42501", fn);
  }
});

Deno.test("GET /admin/health: sizes, ratios, tables, indexes, connections, pg_stat_statements", async () => {
  const admin = await signUpAdmin("health-admin");
  const { status, body } = await call(admin.client, "GET", "/admin/health");
  assert.equal(status, 200);
  const db = body.database;
  assert.ok(db.sizeBytes > 1_000_000, `database size ${db.sizeBytes}`);
  assert.ok(db.cacheHitRatio > 0 && db.cacheHitRatio <= 1, `cache hit ratio ${db.cacheHitRatio}`);
  assert.ok(db.transactions > 0 && db.commits > 0);
  for (const field of ["conflicts", "deadlocks", "rollbacks"]) {
    assert.equal(typeof db[field], "number", field);
  }

  // The project's tables, and only them: public, not auth's or realtime's.
  const names = body.tables.map((t: { name: string }) => t.name);
  for (const name of ["samples", "maintenance_operations", "analytics_events"]) {
    assert.ok(names.includes(name), name);
  }
  assert.ok(body.tables.every((t: { schema: string }) => t.schema === "public"));
  assert.ok(!names.includes("users"));
  const samples = body.tables.find((t: { name: string }) => t.name === "samples");
  assert.ok(samples.totalBytes >= samples.tableBytes + samples.indexBytes - 8192 * 4);
  assert.ok(samples.indexBytes > 0);
  assert.equal(typeof samples.liveRows, "number");
  assert.equal(typeof samples.deadRows, "number");
  assert.ok("lastVacuum" in samples && "lastAutovacuum" in samples && "lastAnalyze" in samples);
  assert.ok(["pages", "dead_rows", "empty"].includes(samples.bloat.basis));
  assert.ok(samples.bloat.bloatRatio >= 0 && samples.bloat.bloatRatio <= 1);

  // Index usage: a primary key is never "unused"; the flagged list is what the rows say.
  const pkey = body.indexes.find((i: { name: string }) => i.name === "samples_pkey");
  assert.equal(pkey.primary, true);
  assert.equal(pkey.unused, false);
  assert.deepEqual(
    body.unusedIndexes,
    body.indexes.filter((i: { unused: boolean }) => i.unused).map((i: { name: string }) =>
      `public.${i.name}`
    ),
  );
  assert.ok(
    body.indexes.every((i: { unused: boolean; scans: number }) => !i.unused || i.scans === 0),
  );

  // This request's own connection is one of them.
  assert.ok(body.connections.total >= 1);
  assert.ok(body.connections.byState.active >= 1, JSON.stringify(body.connections));
  assert.ok(body.connections.max > 0);

  // Not installed on the local stack (hosted Supabase has it): said plainly.
  assert.equal(body.slowQueries.installed, false);
  assert.equal(body.slowQueries.available, false);
  assert.match(body.slowQueries.note, /pg_stat_statements is not installed/);
});

Deno.test("GET /admin/health: pg_stat_statements installed but not preloaded is said plainly", async () => {
  const admin = await signUpAdmin("health-pgss");
  // The platform's superuser creates extensions, as on hosted Supabase. Without
  // shared_preload_libraries the view exists but cannot be read.
  const superuser = postgres(stackEnv().dbUrl.replace(/\/\/[^:@/]+:/, "//supabase_admin:"), {
    max: 1,
    onnotice: () => {},
  });
  try {
    await superuser`create extension if not exists pg_stat_statements with schema extensions`;
    const { status, body } = await call(admin.client, "GET", "/admin/health");
    assert.equal(status, 200);
    assert.equal(body.slowQueries.installed, true);
    assert.equal(body.slowQueries.available, false);
    assert.match(body.slowQueries.note, /installed but cannot be read: .*shared_preload_libraries/);
  } finally {
    await superuser`drop extension if exists pg_stat_statements`;
    await superuser.end();
  }
});

Deno.test("POST /admin/maintenance: VACUUM, ANALYZE and REINDEX run for real and are logged", async () => {
  const admin = await signUpAdmin("maint-admin");
  const before = await tableStats("samples");

  const vacuum = await call(admin.client, "POST", "/admin/maintenance", {
    operation: "VACUUM",
    table: "samples",
  });
  assert.equal(vacuum.status, 200, JSON.stringify(vacuum.body));
  assert.equal(vacuum.body.status, "completed");
  assert.equal(vacuum.body.operation, "VACUUM");
  assert.ok(vacuum.body.durationMs >= 0);

  const analyze = await call(admin.client, "POST", "/admin/maintenance", {
    operation: "ANALYZE",
    table: "samples",
  });
  assert.equal(analyze.status, 200);
  const reindex = await call(admin.client, "POST", "/admin/maintenance", {
    operation: "REINDEX",
    table: "samples",
  });
  assert.equal(reindex.status, 200);

  // Really done, not skipped with a warning (what a role that does not own the table gets).
  const after = await tableStats("samples");
  assert.ok(after.vacuums > before.vacuums, "vacuum_count went up");
  assert.ok(after.analyzes > before.analyzes, "analyze_count went up");

  const rows = await sql<
    {
      id: string;
      operation_type: string;
      table_name: string;
      status: string;
      duration_ms: number;
      ordered: boolean;
      error_message: string | null;
    }[]
  >`select id, operation_type, table_name, status, duration_ms, error_message,
           completed_at >= started_at as ordered
    from public.maintenance_operations where initiated_by = ${admin.id}
    order by started_at`;
  assert.deepEqual(rows.map((r) => [r.operation_type, r.table_name, r.status]), [
    ["VACUUM", "samples", "completed"],
    ["ANALYZE", "samples", "completed"],
    ["REINDEX", "samples", "completed"],
  ]);
  assert.equal(rows[0].id, vacuum.body.id);
  assert.ok(rows.every((r) => r.duration_ms >= 0 && r.ordered && r.error_message === null));

  // The admin reads the log through RLS as well.
  const { data: logged, error } = await admin.client.from("maintenance_operations")
    .select("id").eq("initiated_by", admin.id);
  assert.equal(error, null);
  assert.equal(logged?.length, 3);
});

Deno.test("POST /admin/maintenance: an operation that fails is logged as failed and answered 503", async () => {
  const admin = await signUpAdmin("maint-failed");
  // Another session holds the table: VACUUM waits until the statement timeout cancels it.
  const holder = await sql.reserve();
  try {
    await holder`begin`;
    await holder`lock table public.event_staff in access exclusive mode`;
    const { status, body } = await call(admin.client, "POST", "/admin/maintenance", {
      operation: "VACUUM",
      table: "event_staff",
    });
    assert.equal(status, 503, JSON.stringify(body));
    assert.ok(!JSON.stringify(body).includes("canceling"), "no Postgres text in the answer");
  } finally {
    await holder`rollback`;
    holder.release();
  }
  const rows = await sql<{ status: string; error_message: string; duration_ms: number }[]>`
    select status, error_message, duration_ms from public.maintenance_operations
    where initiated_by = ${admin.id}`;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, "failed");
  assert.match(rows[0].error_message, /^57014: /);
  assert.ok(rows[0].duration_ms > 0);
});

Deno.test("POST /admin/maintenance: a table outside the allow-list is a 422, never run", async () => {
  const admin = await signUpAdmin("maint-refused");
  for (
    const table of [
      "users", // auth.users: a table, not this project's
      "pg_class",
      "schema_migrations",
      "samples; drop table public.samples",
      'samples"; vacuum full "samples',
      "public.samples",
      "nope",
    ]
  ) {
    const { status, body } = await call(admin.client, "POST", "/admin/maintenance", {
      operation: "VACUUM",
      table,
    });
    assert.equal(status, 422, table);
    assert.equal(body.code, "validation_failed");
    assert.ok(body.errors.table, table);
  }
  for (
    const body of [
      { operation: "VACUUM FULL", table: "samples" },
      { operation: "DROP", table: "samples" },
      { operation: "VACUUM" },
      { table: "samples" },
    ]
  ) {
    const { status } = await call(admin.client, "POST", "/admin/maintenance", body);
    assert.equal(status, 422, JSON.stringify(body));
  }
  const [{ exists }] = await sql`select to_regclass('public.samples') is not null as exists`;
  assert.equal(exists, true);
  const [{ n }] = await sql`select count(*)::int as n from public.maintenance_operations
                            where initiated_by = ${admin.id}`;
  assert.equal(n, 0, "a refused operation is neither run nor logged");
});

/** Seeds two users' activity in a two-day window no other test writes to. */
async function seedActivity(power: string, other: string, base: Date) {
  const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);
  const day2 = 24 * 60;
  const s1 = crypto.randomUUID();
  const s2 = crypto.randomUUID();
  const events: [string, string, Record<string, unknown>, string | null, Date][] = [];
  // The power user: 11 opens on day 1 in one 10-minute session, 3 on day 2.
  for (let i = 0; i <= 10; i++) events.push([power, "assistant_opened", {}, s1, at(60 + i)]);
  for (let i = 0; i < 3; i++) events.push([power, "assistant_opened", {}, null, at(day2 + 60 + i)]);
  // The other user: 4 opens, 3 kit switches, 2 action clicks, 4 deep links shown, 1 followed.
  for (let i = 0; i < 4; i++) events.push([other, "assistant_opened", {}, null, at(300 + i)]);
  for (let i = 0; i < 3; i++) events.push([other, "kit_switched", {}, null, at(310 + i)]);
  for (let i = 0; i < 2; i++) events.push([other, "action_clicked", {}, null, at(320 + i)]);
  for (let i = 0; i < 4; i++) events.push([other, "deep_link_shown", {}, null, at(330 + i)]);
  events.push([other, "deep_link_clicked", {}, null, at(340)]);
  // 10 analyses, 7 from the cache, 50 ms each; one failed request.
  for (let i = 0; i < 10; i++) {
    events.push([
      other,
      "insight_calculated",
      { cached: i < 7, durationMs: 50 },
      null,
      at(400 + i),
    ]);
  }
  events.push([other, "assistant_error", {}, null, at(420)]);
  for (const [user, type, data, session, created] of events) {
    await sql`insert into public.analytics_events (user_id, event_type, event_data, session_id, created_at)
              values (${user}, ${type}, ${
      sql.json(data as postgres.JSONValue)
    }, ${session}, ${created})`;
  }
  // Users write their own analytics rows: durations that are not plain numbers (text, a number
  // too large for a double) count as cached analyses but never as times, and never fail.
  for (
    const data of [
      '{"cached": true, "durationMs": "slow"}',
      '{"cached": true, "durationMs": 1e400}',
    ]
  ) {
    await sql`insert into public.analytics_events (user_id, event_type, event_data, created_at)
              values (${other}, 'insight_calculated', ${data}::text::jsonb, ${at(415)})`;
  }
  // 5 chat answers in one 4-minute session; 3 helpful, 1 not, 1 unrated.
  const answers: [number, boolean | null][] = [[100, true], [1500, true], [2000, true], [
    2500,
    false,
  ], [5000, null]];
  for (const [i, [ms, helpful]] of answers.entries()) {
    await sql`insert into public.assistant_conversations
                (user_id, session_id, message, response_time_ms, helpful, created_at)
              values (${other}, ${s2}, 'how are my samples?', ${ms}, ${helpful}, ${at(120 + i)})`;
  }
}

Deno.test("GET /admin/metrics: the document's metrics over seeded events, with the alerts", async () => {
  const admin = await signUpAdmin("metrics-admin");
  const power = await signUpUser("metrics-power");
  const other = await signUpUser("metrics-other");
  // A two-day window far from now and from every other run, so only these rows fall in it.
  const base = new Date(Date.UTC(2200 + Math.floor(Math.random() * 700), 0, 1));
  await seedActivity(power.id, other.id, base);
  try {
    const from = base.toISOString();
    const to = new Date(base.getTime() + 2 * 86_400_000).toISOString();

    const { status, body } = await call(
      admin.client,
      "GET",
      `/admin/metrics?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.period.from.slice(0, 10), from.slice(0, 10));
    const { usage, performance, business, alerts } = body;
    assert.equal(usage.activeUsers, 2);
    assert.equal(usage.opens, 18);
    assert.equal(usage.opensPerUserPerDay, 6, "18 opens on 3 user-days");
    assert.equal(usage.kitSwitchRate, 0.1667);
    assert.equal(usage.actionClickRate, 0.1111);
    assert.equal(usage.deepLinkConversion, 0.25);
    assert.equal(usage.sessions, 2);
    assert.equal(usage.averageSessionSeconds, 420, "(600 + 240) / 2");
    assert.deepEqual(usage.daily.map((d: { opens: number; users: number }) => [d.opens, d.users]), [
      [15, 2],
      [3, 1],
    ]);
    // 15 times: ten analyses of 50 ms and the chat's 100, 1500, 2000, 2500, 5000.
    assert.deepEqual(performance.responseTimeMs, { p50: 50, p90: 2500, p99: 5000, samples: 15 });
    assert.equal(performance.analyses, 12);
    assert.equal(performance.cacheHitRate, 0.75, "9 of 12 from the cache");
    assert.equal(performance.requests, 18);
    assert.equal(performance.errors, 1);
    assert.equal(performance.errorRate, 0.0556, "1 of 18");
    assert.equal(typeof performance.insightCache.entries, "number");
    assert.equal(business.satisfaction, 0.75);
    assert.deepEqual(business.powerUsers, [
      { userId: power.id, peakOpensPerDay: 11, daysOverTen: 1 },
    ]);
    assert.deepEqual(alerts, {
      errorRate: true,
      responseTime: true,
      cacheHitRate: true,
      any: true,
    });

    // A quiet window: no rates, no alerts.
    const quiet = await call(
      admin.client,
      "GET",
      `/admin/metrics?from=${encodeURIComponent(to)}&to=${
        encodeURIComponent(new Date(Date.parse(to) + 86_400_000).toISOString())
      }`,
    );
    assert.equal(quiet.status, 200);
    assert.equal(quiet.body.usage.opens, 0);
    assert.equal(quiet.body.performance.errorRate, null);
    assert.equal(quiet.body.alerts.any, false);
  } finally {
    // Far-future rows would outlive every purge: remove the seeded users and, by cascade, them.
    await sql`delete from auth.users where id in (${power.id}, ${other.id})`;
  }
});

Deno.test("GET /admin/metrics: a period that is not one is a 422 naming the field", async () => {
  const admin = await signUpAdmin("metrics-period");
  const cases: [string, string][] = [
    ["from=yesterday", "from"],
    ["to=2030-13-45", "to"],
    ["from=2030-01-02&to=2030-01-01", "from"],
    ["from=2020-01-01&to=2030-01-01", "from"],
  ];
  for (const [query, field] of cases) {
    const { status, body } = await call(admin.client, "GET", `/admin/metrics?${query}`);
    assert.equal(status, 422, query);
    assert.ok(body.errors[field], query);
  }
  const { status } = await call(admin.client, "GET", "/admin/metrics");
  assert.equal(status, 200, "the last 7 days by default");
});
