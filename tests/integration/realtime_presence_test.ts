/**
 * Presence with the genuine supabase-js client: track and untrack, the state a late joiner
 * receives, and a leave when a client disconnects.
 */
import assert from "node:assert/strict";
import type { RealtimeChannel } from "@supabase/supabase-js";
import { closeAll, joined, realtimeClient, within } from "./_realtime.ts";

/** Watches `channel`'s presence: `until(test)` resolves once a sync satisfies `test`. */
function presence(channel: RealtimeChannel) {
  const waiters: Array<{ test: (s: State) => boolean; resolve: (s: State) => void }> = [];
  channel.on("presence", { event: "sync" }, () => {
    const state = channel.presenceState() as State;
    for (const waiter of [...waiters]) {
      if (waiter.test(state)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(state);
      }
    }
  });
  return {
    until: (test: (s: State) => boolean) =>
      within(new Promise<State>((resolve) => waiters.push({ test, resolve })), "a presence state"),
  };
}

type State = Record<string, unknown[]>;

Deno.test("realtime presence: two clients see each other, a late joiner gets the state, a disconnect leaves", async () => {
  const [alice, bob, carol] = [realtimeClient(), realtimeClient(), realtimeClient()];
  const topic = `presence-${crypto.randomUUID()}`;
  try {
    const aliceChannel = alice.channel(topic, { config: { presence: { key: "alice" } } });
    const bobChannel = bob.channel(topic, { config: { presence: { key: "bob" } } });
    const [alicePresence, bobPresence] = [presence(aliceChannel), presence(bobChannel)];
    const aliceSeesBoth = alicePresence.until((s) => "alice" in s && "bob" in s);
    const bobSeesBoth = bobPresence.until((s) => "alice" in s && "bob" in s);
    const leaves: string[] = [];
    aliceChannel.on("presence", { event: "leave" }, ({ key }) => leaves.push(key));
    await joined(aliceChannel);
    await joined(bobChannel);
    assert.equal(await aliceChannel.track({ name: "Alice" }), "ok");
    assert.equal(await bobChannel.track({ name: "Bob" }), "ok");
    const state = await aliceSeesBoth;
    await bobSeesBoth;
    assert.equal((state.bob[0] as { name: string }).name, "Bob");

    const carolChannel = carol.channel(topic, { config: { presence: { key: "carol" } } });
    const carolPresence = presence(carolChannel);
    const carolSees = carolPresence.until((s) => "alice" in s && "bob" in s);
    await joined(carolChannel);
    const carolState = await carolSees;
    assert.deepEqual(Object.keys(carolState).sort(), ["alice", "bob"]);

    const aliceSeesBobGone = alicePresence.until((s) => !("bob" in s));
    bob.realtime.disconnect();
    await aliceSeesBobGone;
    assert.deepEqual(leaves, ["bob"]);

    const carolSeesNobody = carolPresence.until((s) => Object.keys(s).length === 0);
    assert.equal(await aliceChannel.untrack(), "ok");
    await carolSeesNobody;
  } finally {
    await closeAll(alice, bob, carol);
  }
});
