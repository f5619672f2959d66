/**
 * The function's configuration, read from the environment in exactly this one place.
 * Every public entry point takes `Partial<FunctionEnv>` overrides, so tests and the local
 * stack pass config as a value instead of patching `Deno.env`.
 */
import { type LogLevel, parseLogLevel } from "./log.ts";

export interface FunctionEnv {
  /** Base URL of the project, e.g. http://127.0.0.1:54321. */
  supabaseUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Direct Postgres URL (hosted: the transaction pooler). */
  dbUrl: string;
  /** HS256 secret; set where the project still signs with the legacy shared secret. */
  jwtSecret?: string;
  /** Inline JWKS JSON (`SUPABASE_JWKS`), else fetched from `jwksUrl`. */
  jwks?: string;
  jwksUrl?: string;
  /** Base URL of the Anthropic API (a local stand-in in tests). */
  anthropicBaseUrl?: string;
  anthropicApiKey?: string;
  /**
   * The environment layer of the AI configuration (`ANTHROPIC_MODEL`, `ANTHROPIC_TEMPERATURE`,
   * `ANTHROPIC_MAX_TOKENS`): above the defaults, below an organization's and a user's.
   */
  anthropicModel?: string;
  anthropicTemperature?: string;
  anthropicMaxTokens?: string;
  version: string;
  /**
   * `LOG_LEVEL`: `info` (the default) writes one line per request, `debug` adds preflight and
   * health checks, `warn` and `error` keep only failures (quiet test runs).
   */
  logLevel: LogLevel;
}

function read(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: treat as unset
  }
}

/** Resolves the configuration: explicit overrides win over the environment. */
export function resolveEnv(overrides: Partial<FunctionEnv> = {}): FunctionEnv {
  const supabaseUrl = overrides.supabaseUrl ?? read("SUPABASE_URL") ?? "";
  return {
    supabaseUrl,
    anonKey: overrides.anonKey ?? read("SUPABASE_ANON_KEY") ?? "",
    serviceRoleKey: overrides.serviceRoleKey ?? read("SUPABASE_SERVICE_ROLE_KEY") ?? "",
    dbUrl: overrides.dbUrl ?? read("SUPABASE_DB_URL") ?? "",
    jwtSecret: overrides.jwtSecret ?? read("SUPABASE_JWT_SECRET") ?? read("JWT_SECRET"),
    jwks: overrides.jwks ?? read("SUPABASE_JWKS"),
    jwksUrl: overrides.jwksUrl ?? read("SUPABASE_JWKS_URL") ??
      (supabaseUrl ? `${supabaseUrl.replace(/\/$/, "")}/auth/v1/.well-known/jwks.json` : undefined),
    anthropicBaseUrl: overrides.anthropicBaseUrl ?? read("ANTHROPIC_BASE_URL"),
    anthropicApiKey: overrides.anthropicApiKey ?? read("ANTHROPIC_API_KEY"),
    anthropicModel: overrides.anthropicModel ?? read("ANTHROPIC_MODEL"),
    anthropicTemperature: overrides.anthropicTemperature ?? read("ANTHROPIC_TEMPERATURE"),
    anthropicMaxTokens: overrides.anthropicMaxTokens ?? read("ANTHROPIC_MAX_TOKENS"),
    version: overrides.version ?? read("FUNCTIONS_VERSION") ?? "0.1.0",
    logLevel: overrides.logLevel ?? parseLogLevel(read("LOG_LEVEL")),
  };
}
