/**
 * Saved compositions over HTTP with supabase-js: save, dedupe, tier limits, read, change,
 * delete, someone else's ids, forks, likes, bookmarks, downloads, Idempotency-Key.
 */
import assert from "node:assert/strict";
import { compose, servicePool } from "./_compose.ts";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const sql = servicePool();
Deno.test.afterAll(() => sql.end());

function saved(overrides: Record<string, unknown> = {}) {
  return {
    name: "Resort brief",
    description: "The villa shoot",
    kind: "shoot_brief",
    inputs: { location: "Villa Serra" },
    content: `Shoot brief ${crypto.randomUUID()}`,
    tags: ["Resort", "SS26"],
    ...overrides,
  };
}

async function save(user: TestUser, overrides: Record<string, unknown> = {}) {
  const answer = await compose(user.client, "/saved", { body: saved(overrides) });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

Deno.test("saved: save, read, list, change and delete one's own", async () => {
  const user = await signUpUser("saved");
  const body = saved();
  const created = await save(user, body);
  assert.match(created.id, /^[0-9a-f-]{36}$/);
  assert.equal(created.name, "Resort brief");
  assert.equal(created.content, body.content);
  assert.deepEqual(created.tags, ["resort", "ss26"]);
  assert.equal(created.isPublic, false);
  assert.equal(created.userId, user.id);

  assert.deepEqual(
    (await compose(user.client, `/saved/${created.id}`, { method: "GET" })).body,
    created,
  );
  const second = await save(user);
  const list = await compose(user.client, "/saved?limit=1&page=1", { method: "GET" });
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 2);
  assert.equal(list.body.pages, 2);
  assert.deepEqual(list.body.compositions.map((c: { id: string }) => c.id), [second.id]);
  const page2 = await compose(user.client, "/saved?limit=1&page=2", { method: "GET" });
  assert.deepEqual(page2.body.compositions.map((c: { id: string }) => c.id), [created.id]);

  const changed = await compose(user.client, `/saved/${created.id}`, {
    method: "PATCH",
    body: { name: "Renamed", tags: ["villa"], description: null },
  });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.name, "Renamed");
  assert.deepEqual(changed.body.tags, ["villa"]);
  assert.equal(changed.body.description, null);
  assert.equal(changed.body.content, body.content);

  assert.equal(
    (await compose(user.client, `/saved/${created.id}`, { method: "DELETE" })).status,
    204,
  );
  assert.equal((await compose(user.client, `/saved/${created.id}`, { method: "GET" })).status, 404);
  assert.equal(
    (await compose(user.client, `/saved/${created.id}`, { method: "DELETE" })).status,
    404,
  );
});

Deno.test("saved: the same content twice is a 409 naming the one already saved", async () => {
  const user = await signUpUser("saved-dup");
  const first = await save(user, { content: "Identical text" });
  const again = await compose(user.client, "/saved", {
    body: saved({ content: "Identical text", name: "Other" }),
  });
  assert.equal(again.status, 409);
  assert.equal(again.body.reason, "duplicate_composition");
  assert.equal(again.body.existingId, first.id);
  // Another user may save the same text.
  assert.equal(
    (await compose((await signUpUser("saved-dup2")).client, "/saved", {
      body: saved({ content: "Identical text" }),
    })).status,
    201,
  );
});

Deno.test("saved: the tier's saved and public limits are 403 problems naming the limit", async () => {
  const user = await signUpUser("saved-tier");
  for (let i = 0; i < 3; i++) await save(user, { isPublic: true });
  const fourthPublic = await compose(user.client, "/saved", { body: saved({ isPublic: true }) });
  assert.equal(fourthPublic.status, 403, JSON.stringify(fourthPublic.body));
  assert.equal(fourthPublic.body.limit, "public_compositions");
  assert.equal(fourthPublic.body.max, 3);
  assert.match(fourthPublic.body.detail, /free tier allows 3 public compositions/);

  const priv = await save(user);
  const publish = await compose(user.client, `/saved/${priv.id}`, {
    method: "PATCH",
    body: { isPublic: true },
  });
  assert.equal(publish.status, 403);
  assert.equal(publish.body.limit, "public_compositions");

  for (let i = 0; i < 6; i++) await save(user);
  const eleventh = await compose(user.client, "/saved", { body: saved() });
  assert.equal(eleventh.status, 403);
  assert.equal(eleventh.body.limit, "saved_compositions");
  assert.equal(eleventh.body.max, 10);

  // An upgrade (the service role sets the tier) lifts it.
  await sql`update public.profiles set tier = 'pro' where id = ${user.id}`;
  assert.equal((await compose(user.client, "/saved", { body: saved() })).status, 201);
});

Deno.test("saved: someone else's private composition is a 404 on every route", async () => {
  const owner = await signUpUser("saved-owner");
  const stranger = await signUpUser("saved-stranger");
  const mine = await save(owner);
  const routes: [string, "GET" | "PATCH" | "DELETE" | "POST", unknown?][] = [
    [`/saved/${mine.id}`, "GET"],
    [`/saved/${mine.id}`, "PATCH", { name: "Taken" }],
    [`/saved/${mine.id}`, "DELETE"],
    [`/saved/${mine.id}/fork`, "POST", {}],
    [`/saved/${mine.id}/like`, "POST"],
    [`/saved/${mine.id}/bookmark`, "POST"],
    [`/saved/${mine.id}/download`, "POST"],
    ["/saved/not-a-uuid", "GET"],
  ];
  for (const [path, method, body] of routes) {
    const answer = await compose(stranger.client, path, { method, body });
    assert.equal(answer.status, 404, `${method} ${path}: ${JSON.stringify(answer.body)}`);
  }
  const still = await compose(owner.client, `/saved/${mine.id}`, { method: "GET" });
  assert.equal(still.body.name, mine.name);
  assert.equal(still.body.likeCount, 0);
  assert.equal(still.body.downloadCount, 0);

  // Public: readable, likeable, forkable, but still not theirs to change or delete.
  await compose(owner.client, `/saved/${mine.id}`, { method: "PATCH", body: { isPublic: true } });
  assert.equal(
    (await compose(stranger.client, `/saved/${mine.id}`, { method: "GET" })).status,
    200,
  );
  assert.equal(
    (await compose(stranger.client, `/saved/${mine.id}`, { method: "PATCH", body: { name: "x" } }))
      .status,
    404,
  );
  assert.equal(
    (await compose(stranger.client, `/saved/${mine.id}`, { method: "DELETE" })).status,
    404,
  );
});

Deno.test("saved: a fork copies a public composition and the database counts it", async () => {
  const owner = await signUpUser("fork-owner");
  const forker = await signUpUser("fork-user");
  const source = await save(owner, { isPublic: true });
  const fork = await compose(forker.client, `/saved/${source.id}/fork`, { body: {} });
  assert.equal(fork.status, 201, JSON.stringify(fork.body));
  assert.equal(fork.body.parentId, source.id);
  assert.equal(fork.body.userId, forker.id);
  assert.equal(fork.body.name, `${source.name} (fork)`);
  assert.equal(fork.body.content, source.content);
  assert.equal(fork.body.isPublic, false);
  const named = await compose((await signUpUser("fork-user2")).client, `/saved/${source.id}/fork`, {
    body: { name: "My take" },
  });
  assert.equal(named.body.name, "My take");
  assert.equal(
    (await compose(owner.client, `/saved/${source.id}`, { method: "GET" })).body.forkCount,
    2,
  );
  // Forking it again is saving the same content again.
  assert.equal(
    (await compose(forker.client, `/saved/${source.id}/fork`, { body: {} })).status,
    409,
  );
  // A private one cannot be forked, not even by its owner's organization: 404.
  const priv = await save(owner);
  assert.equal((await compose(forker.client, `/saved/${priv.id}/fork`, { body: {} })).status, 404);
});

Deno.test("saved: like and bookmark round trip, idempotent both ways", async () => {
  const owner = await signUpUser("like-owner");
  const fan = await signUpUser("like-fan");
  const target = await save(owner, { isPublic: true });
  const like = await compose(fan.client, `/saved/${target.id}/like`);
  assert.deepEqual(like.body, { id: target.id, liked: true, likeCount: 1 });
  assert.equal((await compose(fan.client, `/saved/${target.id}/like`)).body.likeCount, 1);
  const bookmark = await compose(fan.client, `/saved/${target.id}/bookmark`);
  assert.deepEqual(bookmark.body, { id: target.id, bookmarked: true, likeCount: 1 });
  const { data: mine } = await fan.client.from("composition_interactions").select(
    "interaction_type",
  )
    .eq("composition_id", target.id).order("interaction_type");
  assert.deepEqual(mine, [{ interaction_type: "bookmark" }, { interaction_type: "like" }]);

  const unlike = await compose(fan.client, `/saved/${target.id}/like`, { method: "DELETE" });
  assert.deepEqual(unlike.body, { id: target.id, liked: false, likeCount: 0 });
  assert.equal(
    (await compose(fan.client, `/saved/${target.id}/like`, { method: "DELETE" })).body.likeCount,
    0,
  );
  const unbookmark = await compose(fan.client, `/saved/${target.id}/bookmark`, {
    method: "DELETE",
  });
  assert.equal(unbookmark.body.bookmarked, false);
});

Deno.test("saved: a download answers the content and counts one", async () => {
  const owner = await signUpUser("dl-owner");
  const reader = await signUpUser("dl-reader");
  const target = await save(owner, { isPublic: true });
  const first = await compose(reader.client, `/saved/${target.id}/download`);
  assert.equal(first.status, 200);
  assert.equal(first.body.content, target.content);
  assert.equal(first.body.downloadCount, 1);
  assert.equal((await compose(owner.client, `/saved/${target.id}/download`)).body.downloadCount, 2);
});

Deno.test("saved: an Idempotency-Key replays the first 201 byte for byte; the key with another body is a 409", async () => {
  const user = await signUpUser("saved-idem");
  const { url, anonKey } = stackEnv();
  const send = (method: string, path: string, body: unknown, key: string) =>
    fetch(`${url}/functions/v1/compose${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${user.accessToken}`,
        apikey: anonKey,
        "Content-Type": "application/json",
        "Idempotency-Key": key,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const body = saved();
  const first = await send("POST", "/saved", body, "save-1");
  assert.equal(first.status, 201);
  const firstText = await first.text();
  const replay = await send("POST", "/saved", body, "save-1");
  assert.equal(replay.status, 201); // not the 409 a second save would be
  assert.equal(await replay.text(), firstText);
  assert.equal(replay.headers.get("idempotent-replayed"), "true");
  const [{ count }] =
    await sql`select count(*)::int from public.compositions where user_id = ${user.id}`;
  assert.equal(count, 1);

  const other = await send("POST", "/saved", saved(), "save-1");
  assert.equal(other.status, 409);
  assert.equal((await other.json()).reason, "idempotency_key_reused");

  // A failed request keeps nothing: the same key may be retried.
  const id = JSON.parse(firstText).id;
  const dup = await send("POST", "/saved", { ...saved(), content: body.content }, "save-2");
  assert.equal(dup.status, 409);
  await dup.body?.cancel();
  const retry = await send("POST", "/saved", saved(), "save-2");
  assert.equal(retry.status, 201);
  await retry.body?.cancel();
  // Downloads under one key count once; a DELETE replays its 204.
  const dl = await send("POST", `/saved/${id}/download`, undefined, "dl-1");
  const dlText = await dl.text();
  assert.equal(
    await (await send("POST", `/saved/${id}/download`, undefined, "dl-1")).text(),
    dlText,
  );
  assert.equal(JSON.parse(dlText).downloadCount, 1);
  const del = await send("DELETE", `/saved/${id}`, undefined, "del-1");
  assert.equal(del.status, 204);
  const delAgain = await send("DELETE", `/saved/${id}`, undefined, "del-1");
  assert.equal(delAgain.status, 204);
  assert.equal(delAgain.headers.get("idempotent-replayed"), "true");
});
