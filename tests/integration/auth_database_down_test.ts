/**
 * Local auth while its database is down: a stack of its own, whose Postgres is stopped from
 * outside with `pg_ctl`, as a managed database's maintenance does. Auth answers 503 with
 * `Retry-After` (supabase-js then raises a retryable error and keeps the session), never a
 * 500, and works again once Postgres is back, without a restart.
 */
import assert from "node:assert/strict";
import { createClient, isAuthRetryableFetchError } from "@supabase/supabase-js";
import { restartCluster, stopCluster } from "../../local/cluster.ts";
import { startTestStack } from "../../local/stack.ts";

const PASSWORD = "correct-horse-battery";

Deno.test("auth answers 503 with Retry-After while Postgres is stopped, then recovers", async () => {
  const stack = await startTestStack("auth-db-down");
  const { dataDir } = stack;
  try {
    const client = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const email = `down-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const signedUp = await client.auth.signUp({ email, password: PASSWORD });
    assert.equal(signedUp.error, null);

    await stopCluster(dataDir);
    const signIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
    assert.ok(
      isAuthRetryableFetchError(signIn.error),
      `expected AuthRetryableFetchError, got ${signIn.error}`,
    );
    assert.equal(signIn.error.status, 503);

    // GoTrue's error body, and when to come back. (Raw requests: supabase-js retries a
    // refresh that failed this way with a backoff, and remembers the failure for a while.)
    for (
      const [grant, body] of [
        ["password", { email, password: PASSWORD }],
        ["refresh_token", { refresh_token: signedUp.data.session!.refresh_token }],
      ] as const
    ) {
      const raw = await fetch(`${stack.url}/auth/v1/token?grant_type=${grant}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(raw.status, 503, grant);
      assert.ok(Number(raw.headers.get("Retry-After")) > 0);
      const answer = await raw.json();
      assert.equal(answer.code, answer.error_code);
      assert.equal(typeof answer.msg, "string");
    }

    await restartCluster(dataDir);
    const again = await client.auth.signInWithPassword({ email, password: PASSWORD });
    assert.equal(again.error, null);
    const refreshed = await createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    }).auth.refreshSession({
      refresh_token: signedUp.data.session!.refresh_token,
    });
    assert.equal(refreshed.error, null);
  } finally {
    await stack.stop();
  }
});
