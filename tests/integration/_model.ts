/**
 * What the model tests share: the Anthropic stand-in (tests/_fake_anthropic.ts, which the test
 * runner starts at ANTHROPIC_BASE_URL), AI configurations holding a key of their own (the key
 * picks the stand-in's script), and the stand-in's record of what each key was sent.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import {
  fakeAnthropicRequests,
  type FakeRequest,
  type FakeStep,
  scriptFakeAnthropic,
} from "../_fake_anthropic.ts";
import { signUpUser, type TestUser } from "./_stack.ts";

/** Not the old default claude-sonnet-4-5-20250929, for which the SDK warns on every request. */
export const TEST_MODEL = "claude-sonnet-4-6";

/** Fast retries, so the retry cases take milliseconds. */
export const FAST_RETRIES = {
  retryStrategy: { maxRetries: 2, backoffType: "fixed", baseDelay: 10, maxDelay: 10 },
};

/** No retries: a failed request is the call's only one. */
export const NO_RETRIES = {
  retryStrategy: { maxRetries: 0, backoffType: "fixed", baseDelay: 10, maxDelay: 10 },
};

/** The stand-in's URL; a missing one fails the test rather than skipping it. */
export function fakeUrl(): string {
  const url = Deno.env.get("ANTHROPIC_BASE_URL");
  if (!url) {
    throw new Error("ANTHROPIC_BASE_URL is not set: run the integration tests with `npm test`");
  }
  return url;
}

/** Sets what the stand-in answers the requests made with `apiKey`, in order. */
export async function script(apiKey: string, steps: FakeStep[]): Promise<void> {
  await scriptFakeAnthropic(fakeUrl(), apiKey, steps);
}

/** What the stand-in was sent with `apiKey`, oldest first. */
export function received(apiKey: string): Promise<FakeRequest[]> {
  return fakeAnthropicRequests(fakeUrl(), apiKey);
}

/**
 * Inserts an AI configuration through `client` (a user's own, or an organization's), with
 * `configuration` over `{ model: TEST_MODEL }`, and stores a fresh key in it with
 * set_ai_provider_key; returns the key.
 *
 * @example An organization's configuration
 * ```ts ignore
 * const apiKey = await configurationWithKey(owner.client, { organization_id: orgId }, {}, "team");
 * ```
 */
export async function configurationWithKey(
  client: SupabaseClient,
  owner: { user_id: string } | { organization_id: string },
  configuration: Record<string, unknown> = {},
  configName = "model test",
): Promise<string> {
  const { data, error } = await client.from("ai_configurations")
    .insert({
      ...owner,
      config_name: configName,
      configuration: { model: TEST_MODEL, ...configuration },
    })
    .select("id")
    .single();
  if (error) throw error;
  const apiKey = `sk-test-${crypto.randomUUID()}`;
  const stored = await client.rpc("set_ai_provider_key", {
    p_config_id: data.id,
    p_api_key: apiKey,
  });
  if (stored.error) throw stored.error;
  return apiKey;
}

/**
 * A fresh user whose own AI configuration (`configuration` over `{ model: TEST_MODEL }`) holds a
 * fresh key.
 */
export async function userWithKey(
  label: string,
  configuration: Record<string, unknown> = {},
): Promise<{ user: TestUser; apiKey: string }> {
  const user = await signUpUser(label);
  const apiKey = await configurationWithKey(user.client, { user_id: user.id }, configuration);
  return { user, apiKey };
}
