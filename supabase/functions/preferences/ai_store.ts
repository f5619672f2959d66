/**
 * AI configuration queries, as the caller (RLS: a user's own configurations, and those of the
 * organizations they accepted). Keys go to Vault through `set_ai_provider_key` and never come
 * back: only their last four characters are returned.
 */
import type { UserClaims } from "../_shared/auth.ts";
import { asUser, type Sql, type Tx } from "../_shared/db.ts";
import { httpError } from "../_shared/errors.ts";
import { inline } from "../_shared/inline_sql.ts";
import type { ModelEnvironment } from "../_shared/llm/settings.ts";
import {
  aiConfigurationErrors,
  configurationOnly,
  environmentLayer,
  keyHint,
  layeredConfiguration,
  mergeAiUpdates,
  type SpendRow,
  usageReport,
} from "./ai_config.ts";
import type { JsonObject } from "./merge.ts";

type ConfigRow = {
  id: string;
  config_name: string;
  configuration: JsonObject;
  provider: string;
  is_active: boolean;
  priority: number;
  has_key: boolean;
  created_at: Date;
  updated_at: Date;
  inserted?: boolean;
};

/** A configuration as the API shows it (never the key, nor its Vault id). */
export function configurationOf(row: ConfigRow) {
  return {
    id: row.id,
    configName: row.config_name,
    provider: row.provider,
    configuration: row.configuration,
    isActive: row.is_active,
    priority: row.priority,
    hasApiKey: row.has_key,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * GET /preferences/ai: the effective configuration and which layer supplied each value. The
 * user's and the organization's rows are chosen as get_effective_ai_config chooses them (active,
 * highest priority, latest change; organizations the user accepted).
 */
export async function readAiConfiguration(sql: Sql, claims: UserClaims, env: ModelEnvironment) {
  const uid = claims.sub;
  const [[database], own, [organization]] = await asUser(sql, claims, (tx) => {
    const q = inline(tx);
    return [
      q<{ effective: JsonObject }[]>`select public.get_effective_ai_config() as effective`,
      q<ConfigRow[]>`select c.id, c.config_name, c.configuration, c.provider, c.is_active, c.priority,
        c.api_key_secret_id is not null as has_key, c.created_at, c.updated_at from public.ai_configurations c
        where c.user_id = ${uid}
        order by c.is_active desc, c.priority desc, c.updated_at desc`,
      q<{ configuration: JsonObject }[]>`select c.configuration
        from public.ai_configurations c
        join public.organization_members m
          on m.organization_id = c.organization_id and m.user_id = ${uid}
         and m.accepted_at is not null
        where c.is_active
        order by c.priority desc, c.updated_at desc
        limit 1`,
    ] as const;
  });
  const active = own.find((row) => row.is_active);
  const { effective, layers } = layeredConfiguration({
    database: database.effective,
    user: active?.configuration ?? null,
    organization: organization?.configuration ?? null,
    environment: environmentLayer(env),
  });
  return {
    effective,
    layers,
    source: database.effective.source,
    configurationId: database.effective.configurationId,
    hasApiKey: database.effective.hasApiKey,
    configurations: own.map(configurationOf),
  };
}

/**
 * PATCH /preferences/ai: `updates` merged into the caller's configuration `configName` (made
 * when it does not exist), validated before it is written.
 */
export async function patchAiConfiguration(
  sql: Sql,
  claims: UserClaims,
  configName: string,
  updates: JsonObject,
) {
  const uid = claims.sub;
  const [row] = await asUser(sql, claims, async (tx) => {
    const q = inline(tx);
    const [[effective], existing] = await Promise.all([
      q<{ config: JsonObject }[]>`select public.get_effective_ai_config() as config`,
      q<ConfigRow[]>`select c.configuration from public.ai_configurations c
        where c.user_id = ${uid} and c.config_name = ${configName} for update`,
    ]);
    const merged = mergeAiUpdates(
      existing[0]?.configuration ?? {},
      updates,
      configurationOnly(effective.config),
    );
    const errors = aiConfigurationErrors(merged, "updates.");
    if (Object.keys(errors).length) {
      throw httpError("validation_failed", "The AI configuration is not valid", { errors });
    }
    return await upsert(tx, uid, configName, merged);
  });
  return { created: !!row.inserted, configuration: configurationOf(row) };
}

function upsert(tx: Tx, uid: string, configName: string, configuration: JsonObject) {
  return inline(tx)<ConfigRow[]>`
    insert into public.ai_configurations as c (user_id, config_name, configuration, created_by)
    values (${uid}, ${configName}, ${configuration}::jsonb, ${uid})
    on conflict (user_id, config_name) do update set configuration = excluded.configuration
    returning c.id, c.config_name, c.configuration, c.provider, c.is_active, c.priority,
        c.api_key_secret_id is not null as has_key, c.created_at, c.updated_at, (xmax = 0) as inserted`;
}

/** DELETE /preferences/ai/<configName>: the caller's configuration and its key. */
export async function deleteAiConfiguration(sql: Sql, claims: UserClaims, configName: string) {
  const rows = await asUser(sql, claims, (tx) =>
    inline(tx)`delete from public.ai_configurations
      where user_id = ${claims.sub} and config_name = ${configName} returning id`);
  if (!rows.length) throw configurationNotFound(configName);
}

function configurationNotFound(configName: string) {
  return httpError("not_found", `You have no AI configuration "${configName}"`);
}

/**
 * Stores (`rotate: false`) or replaces (`rotate: true`) the provider key of the caller's
 * configuration `configName`. Storing makes the configuration when it is missing and refuses
 * to overwrite a key (409: rotate it); rotating needs a key to replace (404).
 */
export async function storeProviderKey(
  sql: Sql,
  claims: UserClaims,
  input: { configName: string; provider: string; key: string; rotate: boolean },
) {
  const uid = claims.sub;
  const row = await asUser(sql, claims, async (tx) => {
    const q = inline(tx);
    const [found] = input.rotate
      ? await q<
        ConfigRow[]
      >`select c.id, c.config_name, c.configuration, c.provider, c.is_active, c.priority,
        c.api_key_secret_id is not null as has_key, c.created_at, c.updated_at from public.ai_configurations c
          where c.user_id = ${uid} and c.config_name = ${input.configName} for update`
      : await q<ConfigRow[]>`
          insert into public.ai_configurations as c (user_id, config_name, provider, created_by)
          values (${uid}, ${input.configName}, ${input.provider}, ${uid})
          on conflict (user_id, config_name) do update set provider = c.provider
          returning c.id, c.config_name, c.configuration, c.provider, c.is_active, c.priority,
        c.api_key_secret_id is not null as has_key, c.created_at, c.updated_at`;
    if (input.rotate && !found?.has_key) {
      throw httpError("not_found", `Configuration "${input.configName}" has no key to rotate`);
    }
    if (!input.rotate && found.has_key) {
      throw httpError(
        "conflict",
        `Configuration "${input.configName}" already has a key: rotate it instead`,
      );
    }
    if (found.provider !== input.provider) {
      await q`update public.ai_configurations set provider = ${input.provider}
        where id = ${found.id}`;
    }
    // The key is a bound parameter, never part of the statement's text: a failing statement's
    // text goes to the server log (log_min_error_statement), its parameters do not.
    await tx`select public.set_ai_provider_key(${found.id}::uuid, ${input.key}::text)`;
    return found;
  });
  return {
    configName: row.config_name,
    provider: input.provider,
    keyLast4: keyHint(input.key),
  };
}

/** GET /preferences/ai/usage: spend per day, week and month against the budgets. */
export async function readUsage(sql: Sql, claims: UserClaims) {
  const [rows, [config]] = await asUser(sql, claims, (tx) => {
    const q = inline(tx);
    return [
      q<SpendRow[]>`select * from public.ai_spend_summary()`,
      q<{ thresholds: number[] | null }[]>`
        select public.get_effective_ai_config() #> '{costBudget,alertThresholds}' as thresholds`,
    ] as const;
  });
  return usageReport(rows, Array.isArray(config.thresholds) ? config.thresholds : []);
}
