/** What the compose integration tests share: calling a route with supabase-js, and a pool. */
import assert from "node:assert/strict";
import { FunctionsHttpError, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { stackEnv } from "./_stack.ts";

export interface Answer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  headers: Headers;
}

/**
 * Calls `compose<path>` with the genuine client: `{status, body, headers}` for success and
 * problem alike.
 */
export async function compose(
  client: SupabaseClient,
  path: string,
  options: {
    method?: "GET" | "POST" | "PATCH" | "DELETE";
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const { data, error, response } = await client.functions.invoke(`compose${path}`, {
    method: options.method ?? "POST",
    body: options.body as object | undefined,
    headers: options.headers,
  });
  if (!error) return { status: response!.status, body: data, headers: response!.headers };
  assert.ok(error instanceof FunctionsHttpError, String(error));
  const failed = error.context as Response;
  return { status: failed.status, body: await failed.json(), headers: failed.headers };
}

/** A pool on the stack's database as `postgres` (set tiers and usage, read history). */
export function servicePool() {
  return postgres(stackEnv().dbUrl, { max: 2, prepare: false, onnotice: () => {} });
}
