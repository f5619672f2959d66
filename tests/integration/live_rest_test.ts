/**
 * End to end as the web client will work: one signed-in supabase-js client per user changes
 * rows through REST (`from(...)`) and hears the database's broadcasts on its private topics;
 * another user's join on the same topic is refused, so they never hear them.
 */
import assert from "node:assert/strict";
import { closeAll, collect, joined, subscribed } from "./_realtime.ts";
import { signUpUser } from "./_stack.ts";

const refusal = (topic: string) =>
  `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`;

Deno.test("live: a sample's status changed through REST reaches samples:<uid>, never a stranger", async () => {
  const [owner, stranger] = [await signUpUser("live-owner"), await signUpUser("live-stranger")];
  const topic = `samples:${owner.id}`;
  try {
    const ownerChannel = owner.client.channel(topic, { config: { private: true } });
    const ownerHears = collect(ownerChannel, "sample_status_changed");
    await joined(ownerChannel);
    const strangerChannel = stranger.client.channel(topic, { config: { private: true } });
    const strangerHears = collect(strangerChannel, "*");
    assert.equal((await subscribed(strangerChannel)).error?.message, refusal(topic));

    const inserted = await owner.client.from("samples")
      .insert({ name: "Silk gown", category: "dresses" }).select("id, status").single();
    assert.equal(inserted.error, null);
    assert.equal(inserted.data!.status, "requested");
    const updated = await owner.client.from("samples")
      .update({ status: "in_transit" }).eq("id", inserted.data!.id).select("status");
    assert.deepEqual(updated.data, [{ status: "in_transit" }]);

    await ownerHears.until(1);
    const payload = ownerHears.heard[0].payload as Record<string, unknown>;
    assert.equal(payload.sampleId, inserted.data!.id);
    assert.equal(payload.newStatus, "in_transit");
    // the stranger can neither change the sample through REST nor hear about it
    const hijack = await stranger.client.from("samples")
      .update({ status: "returned" }).eq("id", inserted.data!.id).select("id");
    assert.deepEqual(hijack.data, [], "RLS leaves the stranger no row to update");
    assert.equal(strangerHears.heard.length, 0);
  } finally {
    await closeAll(owner.client, stranger.client);
  }
});

Deno.test("live: a task done through REST reaches the event's members on events:<id>", async () => {
  const [owner, member, stranger] = [
    await signUpUser("live-ev-owner"),
    await signUpUser("live-ev-member"),
    await signUpUser("live-ev-stranger"),
  ];
  try {
    const event = await owner.client.from("events")
      .insert({ name: "SS27 show", starts_at: new Date(Date.now() + 86_400_000).toISOString() })
      .select("id").single();
    assert.equal(event.error, null);
    const eventId = event.data!.id as string;
    const added = await owner.client.from("event_members")
      .insert({ event_id: eventId, user_id: member.id, role: "viewer" });
    assert.equal(added.error, null);
    const topic = `events:${eventId}`;

    const memberChannel = member.client.channel(topic, { config: { private: true } });
    const memberHears = collect(memberChannel, "task_status_changed");
    await joined(memberChannel);
    const strangerChannel = stranger.client.channel(topic, { config: { private: true } });
    assert.equal((await subscribed(strangerChannel)).error?.message, refusal(topic));

    const task = await owner.client.from("event_tasks")
      .insert({ event_id: eventId, title: "Steam the gowns" }).select("id").single();
    assert.equal(task.error, null);
    const done = await owner.client.from("event_tasks")
      .update({ status: "done" }).eq("id", task.data!.id);
    assert.equal(done.error, null);

    await memberHears.until(1);
    const payload = memberHears.heard[0].payload as Record<string, unknown>;
    assert.equal(payload.taskId, task.data!.id);
    assert.equal(payload.newStatus, "done");
    // a viewer may read the task through REST but not change it
    const seen = await member.client.from("event_tasks").select("status").eq("id", task.data!.id);
    assert.deepEqual(seen.data, [{ status: "done" }]);
    const edit = await member.client.from("event_tasks")
      .update({ status: "todo" }).eq("id", task.data!.id).select("id");
    assert.deepEqual(edit.data, []);
  } finally {
    await closeAll(owner.client, member.client, stranger.client);
  }
});

Deno.test("live: an asset approved through REST reaches assets:<uid>", async () => {
  const owner = await signUpUser("live-as-owner");
  const topic = `assets:${owner.id}`;
  try {
    const channel = owner.client.channel(topic, { config: { private: true } });
    const hears = collect(channel, "*");
    await joined(channel);
    const asset = await owner.client.from("gallery_assets")
      .insert({ width: 4000, height: 6000 }).select("id").single();
    assert.equal(asset.error, null);
    const approved = await owner.client.from("gallery_assets")
      .update({ status: "approved" }).eq("id", asset.data!.id);
    assert.equal(approved.error, null);
    await hears.until(2);
    assert.deepEqual(hears.heard.map((m) => m.event), ["asset_uploaded", "asset_approved"]);
  } finally {
    await closeAll(owner.client);
  }
});
