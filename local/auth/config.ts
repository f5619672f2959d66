/**
 * The settings local auth takes from `supabase/config.toml`, the file `supabase start` reads
 * for GoTrue: the per-address rate limits and the refresh token reuse interval.
 */

/** Requests per client address in a 5-minute window, as `[auth.rate_limit]` names them. */
export interface AuthRateLimits {
  /** Sign-ups and password sign-ins together (`sign_in_sign_ups`). */
  signInSignUps: number;
  /** Refresh token grants (`token_refresh`). */
  tokenRefresh: number;
}

export interface AuthConfig {
  rateLimits: AuthRateLimits;
  /** Seconds a rotated refresh token may still be exchanged (`refresh_token_reuse_interval`). */
  refreshTokenReuseInterval: number;
}

/** What `supabase init` writes, for a config.toml that leaves a setting out. */
const DEFAULTS: AuthConfig = {
  rateLimits: { signInSignUps: 30, tokenRefresh: 150 },
  refreshTokenReuseInterval: 10,
};

const CONFIG_TOML = new URL("../../supabase/config.toml", import.meta.url);

/** The auth settings in the project's supabase/config.toml (read once, synchronously). */
export function readAuthConfig(path: URL | string = CONFIG_TOML): AuthConfig {
  return authConfigFromToml(Deno.readTextFileSync(path));
}

/**
 * The auth settings in config.toml's text; a missing one takes `supabase init`'s value.
 *
 * @example
 * ```ts
 * authConfigFromToml("[auth.rate_limit]\nsign_in_sign_ups = 5\n").rateLimits.signInSignUps; // 5
 * ```
 */
export function authConfigFromToml(text: string): AuthConfig {
  const auth = tomlIntegers(text, "auth");
  const limits = tomlIntegers(text, "auth.rate_limit");
  return {
    rateLimits: {
      signInSignUps: limits.get("sign_in_sign_ups") ?? DEFAULTS.rateLimits.signInSignUps,
      tokenRefresh: limits.get("token_refresh") ?? DEFAULTS.rateLimits.tokenRefresh,
    },
    refreshTokenReuseInterval: auth.get("refresh_token_reuse_interval") ??
      DEFAULTS.refreshTokenReuseInterval,
  };
}

/**
 * The integer settings (`key = 123`) of one `[section]`: all this module needs of TOML, so
 * no parser dependency. Other value types are skipped.
 */
function tomlIntegers(text: string, section: string): Map<string, number> {
  const values = new Map<string, number>();
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = header[1];
      continue;
    }
    const setting = /^([A-Za-z0-9_-]+)\s*=\s*([+-]?\d[\d_]*)$/.exec(line);
    if (setting && current === section) {
      values.set(setting[1], Number(setting[2].replaceAll("_", "")));
    }
  }
  return values;
}
