import assert from "node:assert/strict";
import { keySource } from "./key_source.ts";

const mine = (hasKey: boolean) => ({ id: "c-user", organizationId: null, hasKey });
const team = (hasKey: boolean) => ({ id: "c-org", organizationId: "org-1", hasKey });

Deno.test("keySource() takes the deployment's key before any stored one", () => {
  assert.deepEqual(
    keySource({ envKey: true, applied: mine(true), organization: team(true) }),
    { kind: "environment" },
  );
});

Deno.test("keySource() takes the applied configuration's key, the user's before the team's", () => {
  assert.deepEqual(keySource({ envKey: false, applied: mine(true), organization: team(true) }), {
    kind: "vault",
    configurationId: "c-user",
    organizationId: null,
  });
  assert.deepEqual(keySource({ envKey: false, applied: team(true), organization: team(true) }), {
    kind: "vault",
    configurationId: "c-org",
    organizationId: "org-1",
  });
});

Deno.test("keySource() falls back to the organization's key when the user's configuration has none", () => {
  assert.deepEqual(keySource({ envKey: false, applied: mine(false), organization: team(true) }), {
    kind: "vault",
    configurationId: "c-org",
    organizationId: "org-1",
  });
});

Deno.test("keySource() answers null when no key exists anywhere", () => {
  assert.equal(keySource({ envKey: false, applied: null, organization: null }), null);
  assert.equal(keySource({ envKey: false, applied: mine(false), organization: team(false) }), null);
  assert.equal(keySource({ envKey: false, applied: mine(false), organization: null }), null);
});
