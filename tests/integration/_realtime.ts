/**
 * What the realtime tests share: supabase-js clients on the test stack (with the protocol
 * version under test), waiting for a channel's status, and collecting what a listener hears.
 */
import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { stackEnv } from "./_stack.ts";

export type Vsn = "1.0.0" | "2.0.0";

/** A client that connects with `token` (a user's access token, or the anon key). */
export function realtimeClient(
  options: { vsn?: Vsn; token?: string; heartbeatIntervalMs?: number } = {},
): SupabaseClient {
  const { url, anonKey } = stackEnv();
  const client = createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: {
      vsn: options.vsn ?? "2.0.0",
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      logger: () => {},
    },
  });
  if (options.token) client.realtime.setAuth(options.token);
  return client;
}

export interface Outcome {
  status: string;
  error?: Error;
}

/** Subscribes and resolves with the first settled status (SUBSCRIBED, CHANNEL_ERROR, ...). */
export function subscribed(channel: RealtimeChannel): Promise<Outcome> {
  return new Promise((resolve) => {
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
      return new Promise((resolve) => waiters.push({ n, resolve }));
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

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
