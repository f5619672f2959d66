/**
 * The local REST API answers what SQL says: filters, logic trees, order, ranges, counts,
 * single rows, upserts and embeds through the genuine supabase-js client, each checked
 * against a direct SQL query on the same rows.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const ASSETS = [
  {
    look_id: "L1",
    width: 800,
    height: 600,
    sharpness: 0.9,
    tags: ["hero", "front"],
    status: "approved",
  },
  { look_id: "L1", width: 1200, height: 800, sharpness: 0.4, tags: ["back"], status: "pending" },
  { look_id: "L2", width: 640, height: 480, sharpness: null, tags: [], status: "rejected" },
  { look_id: "L2", width: 2000, height: 1500, sharpness: 0.75, tags: ["hero"], status: "pending" },
  {
    look_id: null,
    width: 300,
    height: 300,
    sharpness: 0.1,
    tags: ["detail", "front"],
    status: "pending",
  },
  { look_id: "L3", width: 1024, height: 768, sharpness: 0.6, tags: ["front"], status: "approved" },
];

async function withAssets(run: (user: TestUser, db: postgres.Sql) => Promise<void>) {
  const user = await signUpUser("rest-query");
  const db = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const { error } = await user.client.from("gallery_assets").insert(ASSETS);
    assert.equal(error, null);
    await run(user, db);
  } finally {
    await db.end();
  }
}

/** The ids SQL finds among the user's assets for `where`, in `order`. */
async function idsBySql(db: postgres.Sql, user: TestUser, where: string, order = "id") {
  const rows = await db.unsafe(
    `select id from public.gallery_assets where owner_id = $1 and (${where}) order by ${order}`,
    [user.id],
  );
  return rows.map((r) => r.id as string);
}

const ids = (rows: { id: string }[] | null) => (rows ?? []).map((r) => r.id);

Deno.test("REST: each filter returns what SQL returns", async () => {
  await withAssets(async (user, db) => {
    const from = () => user.client.from("gallery_assets").select("id").order("id");
    const cases: [
      string,
      PromiseLike<{ data: { id: string }[] | null; error: unknown }>,
      string,
    ][] = [
      ["eq", from().eq("status", "pending"), "status = 'pending'"],
      ["neq", from().neq("status", "pending"), "status <> 'pending'"],
      ["gt", from().gt("width", 1000), "width > 1000"],
      ["gte", from().gte("width", 1024), "width >= 1024"],
      ["lt", from().lt("sharpness", 0.5), "sharpness < 0.5"],
      ["lte", from().lte("height", 600), "height <= 600"],
      ["like", from().like("look_id", "L%"), "look_id like 'L%'"],
      ["ilike", from().ilike("look_id", "l1"), "look_id ilike 'l1'"],
      ["in", from().in("look_id", ["L1", "L3"]), "look_id in ('L1', 'L3')"],
      ["is null", from().is("sharpness", null), "sharpness is null"],
      ["not is null", from().not("look_id", "is", null), "look_id is not null"],
      ["cs", from().contains("tags", ["front"]), "tags @> '{front}'"],
      ["cd", from().containedBy("tags", ["hero", "front"]), "tags <@ '{hero,front}'"],
      ["ov", from().overlaps("tags", ["back", "detail"]), "tags && '{back,detail}'"],
      [
        "not in",
        from().not("status", "in", "(approved,rejected)"),
        "status not in ('approved','rejected')",
      ],
      [
        "or",
        from().or("width.gt.1500,and(status.eq.approved,sharpness.gte.0.8)"),
        "width > 1500 or (status = 'approved' and sharpness >= 0.8)",
      ],
      [
        "fts",
        from().textSearch("status", "approved"),
        "to_tsvector(status) @@ to_tsquery('approved')",
      ],
      [
        "match",
        from().match({ look_id: "L2", status: "pending" }),
        "look_id = 'L2' and status = 'pending'",
      ],
    ];
    for (const [name, query, where] of cases) {
      const { data, error } = await query;
      assert.equal(error, null, name);
      const expected = await idsBySql(db, user, where);
      assert.ok(expected.length > 0 || name === "none", `${name}: the case selects something`);
      assert.deepEqual(ids(data), expected, name);
    }
  });
});

Deno.test("REST: order, ranges, counts and single rows match SQL", async () => {
  await withAssets(async (user, db) => {
    const table = () => user.client.from("gallery_assets");
    const ordered = await table().select("id").order("sharpness", {
      ascending: false,
      nullsFirst: true,
    })
      .order("width");
    assert.deepEqual(
      ids(ordered.data),
      await idsBySql(db, user, "true", "sharpness desc nulls first, width"),
    );
    const last = await table().select("id").order("sharpness", {
      ascending: true,
      nullsFirst: false,
    });
    assert.deepEqual(ids(last.data), await idsBySql(db, user, "true", "sharpness asc nulls last"));

    const all = await idsBySql(db, user, "true", "width");
    const page = await table().select("id", { count: "exact" }).order("width").range(1, 3);
    assert.equal(page.error, null);
    assert.equal(page.count, ASSETS.length);
    assert.deepEqual(ids(page.data), all.slice(1, 4));
    const limited = await table().select("id").order("width").limit(2);
    assert.deepEqual(ids(limited.data), all.slice(0, 2));

    const head = await table().select("*", { count: "exact", head: true }).eq("status", "pending");
    assert.equal(head.count, (await idsBySql(db, user, "status = 'pending'")).length);

    const one = await table().select("id, look:look_id, w:width::text").eq("width", 2000).single();
    assert.equal(one.error, null);
    assert.deepEqual(Object.keys(one.data!), ["id", "look", "w"]);
    assert.equal(one.data!.w, "2000");
    const many = await table().select("id").eq("status", "pending").single();
    assert.equal(many.status, 406);
    assert.equal(many.error!.code, "PGRST116");
    const none = await table().select("id").eq("width", 1).maybeSingle();
    assert.deepEqual([none.error, none.data], [null, null]);

    const csv = await table().select("look_id, width").eq("width", 800).csv();
    assert.equal(csv.data, "look_id,width\nL1,800");
  });
});

Deno.test("REST: upserts merge or ignore duplicates as SQL's on conflict does", async () => {
  await withAssets(async (user, db) => {
    const [first] = await db`select id, width from public.gallery_assets
      where owner_id = ${user.id} order by width limit 1`;
    const merged = await user.client.from("gallery_assets")
      .upsert({ id: first.id, width: 301, height: 301 }, { onConflict: "id" }).select("id, width");
    assert.equal(merged.error, null);
    assert.deepEqual(merged.data, [{ id: first.id, width: 301 }]);
    const ignored = await user.client.from("gallery_assets")
      .upsert({ id: first.id, width: 999, height: 999 }, { ignoreDuplicates: true }).select("id");
    assert.deepEqual([ignored.error, ignored.data], [null, []]);
    const [row] = await db`select width, height, status from public.gallery_assets
      where id = ${first.id}`;
    assert.deepEqual({ ...row }, { width: 301, height: 301, status: "pending" });

    // missing=default (defaultToNull: false): a key a row leaves out takes its default.
    const inserted = await user.client.from("gallery_assets")
      .insert([{ width: 5, height: 5, status: "approved" }, { width: 6, height: 6 }], {
        defaultToNull: false,
      }).select("width, status");
    assert.equal(inserted.error, null);
    assert.deepEqual(inserted.data, [{ width: 5, status: "approved" }, {
      width: 6,
      status: "pending",
    }]);
  });
});

Deno.test("REST: embeds follow foreign keys both ways, as a join in SQL does", async () => {
  const user = await signUpUser("rest-embed");
  const db = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const { data: event, error } = await user.client.from("events")
      .insert({ name: "Show", starts_at: "2027-01-01T10:00:00Z" }).select("id").single();
    assert.equal(error, null);
    await user.client.from("event_tasks").insert([
      { event_id: event!.id, title: "Lights", status: "done" },
      { event_id: event!.id, title: "Sound", status: "todo" },
    ]);
    const down = await user.client.from("events")
      .select("name, tasks:event_tasks(title, status)").eq("id", event!.id)
      .eq("tasks.status", "todo").single();
    assert.equal(down.error, null);
    assert.deepEqual(down.data, { name: "Show", tasks: [{ title: "Sound", status: "todo" }] });

    const up = await user.client.from("event_tasks").select("title, events(name)")
      .eq("event_id", event!.id).order("title");
    const joined = await db`select t.title, e.name from public.event_tasks t
      join public.events e on e.id = t.event_id where t.event_id = ${event!.id} order by t.title`;
    assert.deepEqual(up.data, joined.map((r) => ({ title: r.title, events: { name: r.name } })));

    const inner = await user.client.from("events").select("id, event_tasks!inner(id)")
      .eq("event_tasks.title", "nothing like this");
    assert.deepEqual([inner.error, inner.data], [null, []]);
    const unknown = await user.client.from("events").select("id, samples(id)");
    assert.equal(unknown.status, 400);
    assert.equal(unknown.error!.code, "PGRST200");
  } finally {
    await db.end();
  }
});

Deno.test("REST: a function returning rows is selected and filtered like a table", async () => {
  const user = await signUpUser("rest-rpc-rows");
  const db = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [expected] = await db`select monthly_generations from public.tier_limits('pro')`;
    const post = await user.client.rpc("tier_limits", { p_tier: "pro" }).select(
      "monthly_generations",
    );
    assert.deepEqual([post.error, post.data], [null, [{ ...expected }]]);
    const get = await user.client.rpc("tier_limits", { p_tier: "pro" }, { get: true })
      .select("saved_compositions").gt("monthly_generations", expected.monthly_generations);
    assert.deepEqual([get.error, get.data], [null, []]);
    const wrong = await user.client.rpc("tier_limits", { p_tier: "pro", extra: 1 });
    assert.equal(wrong.error!.code, "PGRST202");
  } finally {
    await db.end();
  }
});
