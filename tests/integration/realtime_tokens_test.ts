/**
 * Tokens on the socket, with the genuine supabase-js client: an expired token is refused at
 * join and closes a joined channel when it runs out (hosted's system message, then CLOSED);
 * setAuth() with a fresh token re-authorizes the channel with the policies (another user's
 * token loses it); any project-signed JWT authenticates, whatever its `sub`.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import postgres from "postgres";
import {
  closeAll,
  collect,
  delay,
  joined,
  realtimeClient,
  subscribed,
  within,
} from "./_realtime.ts";
import { signUpUser, stackEnv } from "./_stack.ts";

function token(claims: Record<string, unknown>, expiresIn: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: "authenticated", aud: "authenticated", ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(stackEnv().jwtSecret));
}

/** Resolves with the first `system` error the channel receives. */
function systemError(channel: ReturnType<ReturnType<typeof realtimeClient>["channel"]>) {
  return within(
    new Promise<Record<string, unknown>>((resolve) => {
      channel.on("system", {}, (payload: Record<string, unknown>) => {
        if (payload.status === "error") resolve(payload);
      });
    }),
    "a system error",
  );
}

Deno.test("realtime tokens: an expired token is refused at join with hosted's words", async () => {
  const user = await signUpUser("rt-expired");
  const client = realtimeClient({ token: await token({ sub: user.id }, -30) });
  try {
    const outcome = await subscribed(
      client.channel(`samples:${user.id}`, { config: { private: true } }),
    );
    assert.equal(outcome.status, "CHANNEL_ERROR");
    assert.match(
      outcome.error?.message ?? "",
      /^InvalidJWTToken: Token has expired \d+ seconds ago$/,
    );
  } finally {
    await closeAll(client);
  }
});

Deno.test("realtime tokens: a token that runs out closes the channel with a system message", async () => {
  const user = await signUpUser("rt-runs-out");
  // Long enough to be joined before it runs out on a busy machine (an expired token is refused
  // at join instead, with no system message).
  const client = realtimeClient({ token: await token({ sub: user.id }, 5) });
  try {
    const channel = client.channel(`samples:${user.id}`, { config: { private: true } });
    const expired = systemError(channel);
    const closed = new Promise<void>((resolve) =>
      channel.subscribe((status) => status === "CLOSED" && resolve())
    );
    await channel.socket.setAuth();
    const message = await expired;
    assert.match(String(message.message), /^Token has expired \d+ seconds ago$/);
    assert.equal(message.extension, "system");
    assert.equal(message.channel, `samples:${user.id}`);
    await within(closed, "CLOSED");
  } finally {
    await closeAll(client);
  }
});

Deno.test("realtime tokens: setAuth with a fresh token keeps the channel past the old token's expiry", async () => {
  const user = await signUpUser("rt-refresh");
  const holder = { token: await token({ sub: user.id }, 2) };
  const client = realtimeClient({ holder });
  const sql = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const channel = client.channel(`samples:${user.id}`, { config: { private: true } });
    const hears = collect(channel, "marker");
    const statuses: string[] = [];
    await joined(channel);
    channel.subscribe((status) => statuses.push(status));
    holder.token = await token({ sub: user.id }, 3600);
    await client.realtime.setAuth();
    await delay(2500); // the first token has run out by now
    await sql`select realtime.send('{}'::jsonb, 'marker', ${`samples:${user.id}`}, true)`;
    await hears.until(1);
    assert.ok(!statuses.includes("CLOSED"), statuses.join());
  } finally {
    await closeAll(client);
    await sql.end();
  }
});

Deno.test("realtime tokens: setAuth with another user's token re-checks the policies and closes the channel", async () => {
  const [owner, other] = [await signUpUser("rt-owner-tok"), await signUpUser("rt-other-tok")];
  const holder = { token: owner.accessToken };
  const client = realtimeClient({ holder });
  try {
    const topic = `samples:${owner.id}`;
    const channel = client.channel(topic, { config: { private: true } });
    const refused = systemError(channel);
    await joined(channel);
    holder.token = other.accessToken;
    await client.realtime.setAuth();
    const message = await refused;
    assert.equal(
      message.message,
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
  } finally {
    await closeAll(client);
  }
});

Deno.test("realtime tokens: any project-signed JWT authenticates; a sub that is not a uuid is refused private topics, not an error", async () => {
  const client = realtimeClient({
    token: await token({ sub: "service-account-7", iss: "https://elsewhere.example" }, 600),
  });
  const forged = realtimeClient({
    token: (await token({ sub: "x" }, 600)).slice(0, -3) + "abc",
  });
  try {
    await joined(client.channel(`public-${crypto.randomUUID()}`));
    const topic = `samples:${crypto.randomUUID()}`;
    const outcome = await subscribed(client.channel(topic, { config: { private: true } }));
    assert.equal(
      outcome.error?.message,
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    const bad = await subscribed(forged.channel(`public-${crypto.randomUUID()}`));
    assert.equal(bad.status, "CHANNEL_ERROR");
    assert.equal(bad.error?.message, "InvalidJWTToken: Invalid token");
  } finally {
    await closeAll(client, forged);
  }
});

Deno.test("realtime tokens: the policies are evaluated at join and at a token change, not per message", async () => {
  const [owner, member] = [await signUpUser("rt-cache-owner"), await signUpUser("rt-cache-member")];
  const sql = postgres(stackEnv().dbUrl, { max: 1, onnotice: () => {} });
  const holder = { token: member.accessToken };
  const client = realtimeClient({ holder });
  try {
    const [event] = await sql`
      insert into public.events (owner_id, name, starts_at)
      values (${owner.id}, 'Cached', now() + interval '2 days') returning id`;
    await sql`insert into public.event_members (event_id, user_id) values (${event.id}, ${member.id})`;
    const topic = `events:${event.id}`;
    const channel = client.channel(topic, { config: { private: true } });
    const hears = collect(channel, "note");
    const refused = systemError(channel);
    await joined(channel);

    // Membership ends; the channel keeps the authorization it was given at join.
    await sql`delete from public.event_members where event_id = ${event.id} and user_id = ${member.id}`;
    await sql`select realtime.send('{}'::jsonb, 'note', ${topic}, true)`;
    await hears.until(1);

    // A token change re-checks the policies: the former member loses the channel.
    holder.token = await token({ sub: member.id }, 3600);
    await client.realtime.setAuth();
    assert.equal(
      (await refused).message,
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
  } finally {
    await closeAll(client);
    await sql.end();
  }
});
