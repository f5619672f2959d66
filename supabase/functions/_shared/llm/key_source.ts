/**
 * Which key pays for a model call. The deployment's `ANTHROPIC_API_KEY` first; else the key
 * stored in Vault with the configuration that applies (`get_effective_ai_config`: the user's,
 * else their organization's); else, when the user's own configuration has no key, the
 * organization's: a personal setting (a smaller output limit, say) does not take the team's
 * key away.
 */

/** A configuration as the caller may see it: its id, whose it is, whether a key is stored. */
export interface StoredConfiguration {
  id: string;
  organizationId: string | null;
  hasKey: boolean;
}

export type KeySource =
  | { kind: "environment" }
  | { kind: "vault"; configurationId: string; organizationId: string | null };

/**
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { keySource } from "./key_source.ts";
 *
 * const team = { id: "c-org", organizationId: "org-1", hasKey: true };
 * const mine = { id: "c-user", organizationId: null, hasKey: false };
 * deepEqual(keySource({ envKey: false, applied: mine, organization: team }), {
 *   kind: "vault", configurationId: "c-org", organizationId: "org-1",
 * });
 * ```
 */
export function keySource(input: {
  envKey: boolean;
  /** The configuration get_effective_ai_config applied, if any. */
  applied: StoredConfiguration | null;
  /** The organization configuration it would fall back to, if any. */
  organization: StoredConfiguration | null;
}): KeySource | null {
  if (input.envKey) return { kind: "environment" };
  for (const config of [input.applied, input.organization]) {
    if (config?.hasKey) {
      return { kind: "vault", configurationId: config.id, organizationId: config.organizationId };
    }
  }
  return null;
}
