/** The one supabase-js client of the page: auth, functions.invoke, from(...) and realtime. */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { ClientConfig } from "./config.ts";

let client: SupabaseClient | null = null;

export function initSupabase(config: ClientConfig): SupabaseClient {
  // The session lives in localStorage (supabase-js's default), so it survives a reload.
  client = createClient(config.url, config.anonKey, {
    auth: { persistSession: true, autoRefreshToken: true },
  });
  return client;
}

export function supabase(): SupabaseClient {
  if (!client) throw new Error("Supabase client used before initSupabase()");
  return client;
}
