/**
 * What the realtime tests share: supabase-js clients on the test stack (with the protocol
 * version under test), waiting for a channel's status, and collecting what a listener hears.
 */
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { stackEnv } from "./_stack.ts";

export type Vsn = "1.0.0" | "2.0.0";

/**
 * A client whose realtime connection uses `token` (a user's access token; the anon key when
 * absent), read afresh whenever realtime-js asks, as supabase-js does with a signed-in session
 * or a third-party `accessToken` callback. Change `holder.token` to hand it a new one.
 */
export function realtimeClient(
  options: { vsn?: Vsn; token?: string; holder?: { token: string }; heartbeatIntervalMs?: number } =
    {},
): SupabaseClient {
  const { url, anonKey } = stackEnv();
  const holder = options.holder ?? { token: options.token ?? anonKey };
  return createClient(url, anonKey, {
    accessToken: () => Promise.resolve(holder.token),
    realtime: {
      vsn: options.vsn ?? "2.0.0",
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      logger: () => {},
    },
  });
}

export interface Outcome {
  status: string;
  error?: Error;
}

/**
 * Subscribes and resolves with the first settled status (SUBSCRIBED, CHANNEL_ERROR, ...).
 * First `setAuth()`, as Supabase's docs say to before joining a private channel: it reads the
 * token the join then carries.
 */
export async function subscribed(channel: RealtimeChannel): Promise<Outcome> {
  await channel.socket.setAuth();
  return await new Promise((resolve) => {
    channel.subscribe((status, error) => resolve({ status, error }));
  });
}

/** Subscribes and fails unless the channel reaches SUBSCRIBED. */
export async function joined(channel: RealtimeChannel): Promise<RealtimeChannel> {
  const outcome = await subscribed(channel);
  if (outcome.status !== "SUBSCRIBED") {
    throw new Error(`expected SUBSCRIBED, got ${outcome.status}: ${outcome.error?.message}`);
  }
  return channel;
}

/** Every payload heard on `event`, and a way to wait for the n-th. */
export function collect(channel: RealtimeChannel, event: string) {
  const heard: Record<string, unknown>[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  channel.on("broadcast", { event }, (message) => {
    heard.push(message);
    for (const w of waiters.filter((w) => heard.length >= w.n)) w.resolve();
  });
  return {
    heard,
    /** Resolves once `n` messages were heard (the test's own timeout bounds it). */
    until(n: number): Promise<void> {
      if (heard.length >= n) return Promise.resolve();
      return within(
        new Promise((resolve) => waiters.push({ n, resolve })),
        `${n} "${event}" messages (heard ${heard.length})`,
      );
    },
  };
}

/** A round trip through the server: after it, anything sent before has been handled. */
export async function settle(channel: RealtimeChannel): Promise<void> {
  await channel.track({ settle: crypto.randomUUID() }).catch(() => {});
}

export async function closeAll(...clients: SupabaseClient[]): Promise<void> {
  for (const client of clients) {
    await client.removeAllChannels();
    client.realtime.disconnect();
  }
}

/**
 * `promise`, or a failure naming `what` after 15 s: a safety net so that a message that never
 * comes fails the test instead of hanging the suite (not a latency assertion).
 */
export function within<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Never received: ${what}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
