/**
 * What integration tests share: the running stack's settings (the test runner sets them;
 * a missing one fails the test rather than skipping it) and a helper that signs up a new
 * user with the genuine supabase-js client.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";

export function stackEnv() {
  const need = (name: string) => {
    const value = Deno.env.get(name);
    if (!value) throw new Error(`${name} is not set: run the integration tests with \`npm test\``);
    return value;
  };
  return {
    url: need("SUPABASE_URL"),
    anonKey: need("SUPABASE_ANON_KEY"),
    serviceRoleKey: need("SUPABASE_SERVICE_ROLE_KEY"),
    dbUrl: need("SUPABASE_DB_URL"),
    jwtSecret: need("SUPABASE_JWT_SECRET"),
  };
}

export function anonClient(): SupabaseClient {
  const { url, anonKey } = stackEnv();
  return createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
}

export interface TestUser {
  client: SupabaseClient;
  id: string;
  email: string;
  accessToken: string;
}

/** Signs up (and so signs in) a fresh user with a unique e-mail address. */
export async function signUpUser(label = "user"): Promise<TestUser> {
  const client = anonClient();
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const { data, error } = await client.auth.signUp({ email, password: "correct-horse-battery" });
  if (error || !data.session || !data.user) throw error ?? new Error("signUp returned no session");
  return { client, id: data.user.id, email, accessToken: data.session.access_token };
}
