import assert from "node:assert/strict";
import { authConfigFromToml, readAuthConfig } from "../../local/auth/config.ts";

Deno.test("readAuthConfig() reads supabase/config.toml's limits and reuse interval", () => {
  assert.deepEqual(readAuthConfig(), {
    rateLimits: { signInSignUps: 30, tokenRefresh: 150 },
    refreshTokenReuseInterval: 10,
  });
});

Deno.test("authConfigFromToml() reads each setting from its own section only", () => {
  const config = authConfigFromToml(`
[auth]
refresh_token_reuse_interval = 3 # seconds
token_refresh = 999

[auth.rate_limit]
# comment = 1
sign_in_sign_ups = 1_000
token_refresh = 7
web3 = "not a number"

[auth.email]
sign_in_sign_ups = 5
`);
  assert.deepEqual(config, {
    rateLimits: { signInSignUps: 1000, tokenRefresh: 7 },
    refreshTokenReuseInterval: 3,
  });
});

Deno.test("authConfigFromToml() falls back to supabase init's values", () => {
  assert.deepEqual(authConfigFromToml("[auth]\nenabled = true\n"), {
    rateLimits: { signInSignUps: 30, tokenRefresh: 150 },
    refreshTokenReuseInterval: 10,
  });
});
