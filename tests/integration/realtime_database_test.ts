/**
 * Database broadcasts on private channels, with the genuine supabase-js client: what the
 * product's triggers send with realtime.send() reaches the owner's (or an event's members')
 * private channel after commit, once, in commit order, never for a rollback; a stranger's
 * join is refused with hosted's error, so they never receive it.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { closeAll, collect, joined, realtimeClient, subscribed } from "./_realtime.ts";
import { signUpUser, stackEnv, type TestUser } from "./_stack.ts";

const sql = postgres(stackEnv().dbUrl, { max: 2, onnotice: () => {} });
Deno.test.afterAll(() => sql.end());

/** Runs `work` in one transaction as `user`, as PostgREST or a function would. */
function asUser<T>(user: TestUser, work: (tx: postgres.TransactionSql) => Promise<T>) {
  return sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', ${
      JSON.stringify({ sub: user.id, role: "authenticated" })
    }, true), set_config('role', 'authenticated', true)`;
    return await work(tx);
  });
}

const refusal = (topic: string) =>
  `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`;

Deno.test("realtime: a sample's status change in SQL reaches its owner's private channel, never a stranger", async () => {
  const [owner, stranger] = [await signUpUser("rt-owner"), await signUpUser("rt-stranger")];
  const ownerClient = realtimeClient({ token: owner.accessToken });
  const strangerClient = realtimeClient({ token: stranger.accessToken });
  const topic = `samples:${owner.id}`;
  try {
    const ownerChannel = ownerClient.channel(topic, { config: { private: true } });
    const ownerHears = collect(ownerChannel, "sample_status_changed");
    await joined(ownerChannel);

    const strangerChannel = strangerClient.channel(topic, { config: { private: true } });
    const strangerHears = collect(strangerChannel, "*");
    const refused = await subscribed(strangerChannel);
    assert.equal(refused.status, "CHANNEL_ERROR");
    assert.equal(refused.error?.message, refusal(topic));

    const [sample] = await asUser(
      owner,
      (tx) =>
        tx`insert into public.samples (name, category) values ('Blazer', 'outerwear') returning id`,
    );
    await asUser(
      owner,
      (tx) => tx`update public.samples set status = 'in_transit' where id = ${sample.id}`,
    );
    await ownerHears.until(1);
    const message = ownerHears.heard[0];
    assert.equal(message.event, "sample_status_changed");
    const payload = message.payload as Record<string, unknown>;
    assert.equal(payload.sampleId, sample.id);
    assert.equal(payload.ownerId, owner.id);
    assert.equal(payload.oldStatus, "requested");
    assert.equal(payload.newStatus, "in_transit");
    assert.equal(typeof payload.id, "string", "realtime.send adds the message id");
    assert.equal(strangerHears.heard.length, 0);
  } finally {
    await closeAll(ownerClient, strangerClient);
  }
});

Deno.test("realtime: database broadcasts arrive once, in commit order, after commit, never for a rollback", async () => {
  const owner = await signUpUser("rt-order");
  const client = realtimeClient({ token: owner.accessToken });
  try {
    const channel = client.channel(`samples:${owner.id}`, { config: { private: true } });
    const hears = collect(channel, "*");
    await joined(channel);
    const [sample] = await asUser(
      owner,
      (tx) =>
        tx`insert into public.samples (name, category) values ('Coat', 'outerwear') returning id`,
    );
    await hears.until(1); // sample_added

    // Rolled back: never delivered.
    await asUser(owner, async (tx) => {
      await tx`update public.samples set status = 'awaiting' where id = ${sample.id}`;
      throw new Error("roll back");
    }).catch(() => {});

    // Not yet committed while a later transaction commits: the later one arrives first, so
    // delivery follows commits, not inserts.
    let commitHeld!: () => void;
    const held = new Promise<void>((resolve) => commitHeld = resolve);
    let updated!: () => void;
    const didUpdate = new Promise<void>((resolve) => updated = resolve);
    const slow = asUser(owner, async (tx) => {
      await tx`update public.samples set status = 'on_set' where id = ${sample.id}`;
      updated();
      await held;
    });
    await didUpdate;
    await sql`select realtime.send('{"marker":1}'::jsonb, 'marker', ${`samples:${owner.id}`}, true)`;
    await hears.until(2);
    assert.equal(hears.heard[1].event, "marker", "the uncommitted change was not delivered before");
    commitHeld();
    await slow;
    for (const status of ["shot", "returned"]) {
      await asUser(
        owner,
        (tx) => tx`update public.samples set status = ${status} where id = ${sample.id}`,
      );
    }
    await hears.until(5);
    const statuses = hears.heard.slice(2).map((m) =>
      (m.payload as { newStatus: string }).newStatus
    );
    assert.deepEqual(statuses, ["on_set", "shot", "returned"]);
    // Once: a marker after them all is the next thing heard.
    await sql`select realtime.send('{"marker":2}'::jsonb, 'marker', ${`samples:${owner.id}`}, true)`;
    await hears.until(6);
    assert.equal(hears.heard.length, 6);
    assert.equal(hears.heard[5].event, "marker");
  } finally {
    await closeAll(client);
  }
});

Deno.test("realtime: a task change reaches the event's owner and members on events:<id>, not a stranger", async () => {
  const [owner, member, stranger] = [
    await signUpUser("rt-ev-owner"),
    await signUpUser("rt-ev-member"),
    await signUpUser("rt-ev-stranger"),
  ];
  const [event] = await asUser(
    owner,
    (tx) =>
      tx`insert into public.events (name, starts_at) values ('Show', now() + interval '3 days') returning id`,
  );
  await sql`insert into public.event_members (event_id, user_id, role) values (${event.id}, ${member.id}, 'viewer')`;
  const topic = `events:${event.id}`;
  const clients = [owner, member, stranger].map((u) => realtimeClient({ token: u.accessToken }));
  try {
    const [ownerChannel, memberChannel, strangerChannel] = clients.map((c) =>
      c.channel(topic, { config: { private: true } })
    );
    const ownerHears = collect(ownerChannel, "task_status_changed");
    const memberHears = collect(memberChannel, "task_status_changed");
    const strangerHears = collect(strangerChannel, "*");
    await joined(ownerChannel);
    await joined(memberChannel);
    const refused = await subscribed(strangerChannel);
    assert.equal(refused.error?.message, refusal(topic));

    const [task] = await asUser(
      owner,
      (tx) =>
        tx`insert into public.event_tasks (event_id, title) values (${event.id}, 'Steam') returning id`,
    );
    await asUser(
      owner,
      (tx) => tx`update public.event_tasks set status = 'done' where id = ${task.id}`,
    );
    await ownerHears.until(1);
    await memberHears.until(1);
    for (const heard of [ownerHears.heard[0], memberHears.heard[0]]) {
      assert.equal((heard.payload as { taskId: string }).taskId, task.id);
      assert.equal((heard.payload as { newStatus: string }).newStatus, "done");
    }
    assert.equal(strangerHears.heard.length, 0);
  } finally {
    await closeAll(...clients);
  }
});

Deno.test("realtime: an asset's approval reaches its owner's assets:<uid>, not a stranger", async () => {
  const [owner, stranger] = [await signUpUser("rt-as-owner"), await signUpUser("rt-as-stranger")];
  const topic = `assets:${owner.id}`;
  const [ownerClient, strangerClient] = [owner, stranger].map((u) =>
    realtimeClient({ token: u.accessToken })
  );
  try {
    const ownerChannel = ownerClient.channel(topic, { config: { private: true } });
    const ownerHears = collect(ownerChannel, "*");
    await joined(ownerChannel);
    const strangerChannel = strangerClient.channel(topic, { config: { private: true } });
    const strangerHears = collect(strangerChannel, "*");
    assert.equal((await subscribed(strangerChannel)).error?.message, refusal(topic));

    const [asset] = await asUser(
      owner,
      (tx) => tx`insert into public.gallery_assets (width, height) values (10, 10) returning id`,
    );
    await asUser(
      owner,
      (tx) => tx`update public.gallery_assets set status = 'approved' where id = ${asset.id}`,
    );
    await ownerHears.until(2);
    assert.deepEqual(ownerHears.heard.map((m) => m.event), ["asset_uploaded", "asset_approved"]);
    assert.equal((ownerHears.heard[1].payload as { assetId: string }).assetId, asset.id);
    assert.equal(strangerHears.heard.length, 0);
  } finally {
    await closeAll(ownerClient, strangerClient);
  }
});

Deno.test("realtime: a settings change reaches its owner's preferences:<uid>, not a stranger", async () => {
  const [owner, stranger] = [await signUpUser("rt-pr-owner"), await signUpUser("rt-pr-stranger")];
  const topic = `preferences:${owner.id}`;
  const [ownerClient, strangerClient] = [owner, stranger].map((u) =>
    realtimeClient({ token: u.accessToken })
  );
  try {
    const ownerChannel = ownerClient.channel(topic, { config: { private: true } });
    const ownerHears = collect(ownerChannel, "preferences_changed");
    await joined(ownerChannel);
    const strangerChannel = strangerClient.channel(topic, { config: { private: true } });
    assert.equal((await subscribed(strangerChannel)).error?.message, refusal(topic));

    // through the preferences function, as the web client saves
    const { error } = await owner.client.functions.invoke("preferences", {
      method: "PATCH",
      body: { preferences: { rowsPerPage: 50 } },
    });
    assert.equal(error, null);
    await ownerHears.until(1);
    const payload = ownerHears.heard[0].payload as { userId: string; updatedAt: string };
    assert.equal(payload.userId, owner.id);
    assert.ok(Date.parse(payload.updatedAt) > 0);
  } finally {
    await closeAll(ownerClient, strangerClient);
  }
});

Deno.test("realtime: a private join with the anon key is refused", async () => {
  const owner = await signUpUser("rt-anon");
  const client = realtimeClient();
  try {
    const topic = `samples:${owner.id}`;
    const outcome = await subscribed(client.channel(topic, { config: { private: true } }));
    assert.equal(outcome.status, "CHANNEL_ERROR");
    assert.equal(outcome.error?.message, refusal(topic));
  } finally {
    await closeAll(client);
  }
});
