/**
 * The model layer every AI feature uses (chat, compose): one `callModel` that asks Claude
 * through `@anthropic-ai/sdk`, runs the tools it asks for, and always answers with an outcome.
 *
 * How to use it (from a route handler, with its `ctx`):
 *
 * ```ts ignore
 * const outcome = await callModel(ctx, {
 *   feature: "chat",
 *   system: "You are the FashionOS assistant. Every figure comes from a tool result.",
 *   messages: [...history, { role: "user", content: message }],
 *   tools: [{ name: "readiness", description: "...", inputSchema: { type: "object", properties: {} },
 *             run: async () => readinessReport(samples) }],
 *   onTextDelta: (text) => sse.send("delta", { text }),  // only when streaming to the client
 *   signal: req.signal,                                  // the client went away → abort upstream
 *   budgetMs: 5_000,
 * });
 * if (!outcome.ok) return rulesAnswer(outcome.reason === "over_budget" ? outcome.note : undefined);
 * ```
 *
 * - It never throws for a model problem: no key, over budget, timeout, 429, 529, 5xx, network,
 *   an unreadable answer or an abort are `{ ok: false, reason, note }`; fall back to the
 *   deterministic answer. Database errors while reading the configuration are thrown as the
 *   usual `HttpError` (503 while the database is down), as for any other query.
 * - The configuration is the caller's (`get_effective_ai_config`, read as the user, with the
 *   environment layer `ANTHROPIC_MODEL` / `ANTHROPIC_MAX_TOKENS` under the user's and the
 *   organization's settings): model, output limit, retries and backoff, timeouts, model
 *   calls a minute (`rate_limited` beyond, counted in Postgres), cost budget. Its `temperature` and `topP` are not sent (API version 2026-10-21 refuses them,
 *   see settings.ts), and its `streaming` flag is not consulted: the caller streams when its
 *   own client asked to, by giving `onTextDelta`.
 * - The key is `ANTHROPIC_API_KEY`, else the one stored in Vault with that configuration, else
 *   the organization's when the user's own configuration has none (read as the service role;
 *   key_source.ts). None → `no_key`, without a network call.
 * - The budget (default 5 s, never more than the configuration's total timeout) covers the
 *   configuration lookup, every tool round, every retry and every tool run. When it runs out
 *   or `signal` aborts, the upstream request is aborted (its connection closed).
 * - Streaming: give `onTextDelta` and the request streams; it is called with each text delta
 *   as it arrives (between tool rounds with "\n\n"), and `text` is the same text joined.
 * - One `ai_usage` row per call that reached the provider (tokens, cost, outcome, latency),
 *   written off the response path by bookkeeping.ts; calls refused before (no key, over
 *   budget) write none. The key never reaches a log, a note or a row.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { FunctionContext } from "../serve.ts";
import { queueAiUsage } from "../bookkeeping.ts";
import { asService, asUser } from "../db.ts";
import { HttpError } from "../errors.ts";
import { inline } from "../inline_sql.ts";
import { isLogged, logEvent } from "../log.ts";
import type { AdmissionRow } from "../rate_limit.ts";
import { budgetRefusal, type SpendRow } from "./budget.ts";
import { classifyError, retryPlan, type UpstreamProblem } from "./failure.ts";
import { type KeySource, keySource, type StoredConfiguration } from "./key_source.ts";
import { costUsd, type TokenUsage } from "./prices.ts";
import {
  attemptLimits,
  callBudgetMs,
  messageParams,
  type ModelSettings,
  modelSettings,
  withEnvironment,
} from "./settings.ts";
import type { ModelCall, ModelFailure, ModelOutcome, ModelTool } from "./types.ts";

type Message = Anthropic.Messages.Message;
type MessageParam = Anthropic.Messages.MessageParam;
type ContentBlock = Anthropic.Messages.ContentBlock;
type ToolUseBlock = Anthropic.Messages.ToolUseBlock;
type ToolResultBlockParam = Anthropic.Messages.ToolResultBlockParam;
type MessageCreateParamsNonStreaming = Anthropic.Messages.MessageCreateParamsNonStreaming;

/** Model requests after the first that answer tool calls; the last one may call no tool. */
export const MAX_TOOL_ROUNDS = 4;
/** A tool result longer than this is cut: it is billed as input on every later round. */
export const MAX_TOOL_RESULT_CHARS = 20_000;
const DEFAULT_BASE_URL = "https://api.anthropic.com";

interface CallContext {
  settings: ModelSettings;
  /** The configuration that applied, and the organization one the key may fall back to. */
  applied: StoredConfiguration | null;
  organization: StoredConfiguration | null;
  spend: SpendRow[];
}

/**
 * The caller's effective configuration (with the environment layer), the configurations that
 * may hold their key, and their spend: one statement, one round trip. `own` and `org` pick the
 * configurations as get_effective_ai_config picks them, for the keys they set (which the
 * environment layer must leave alone) and the organization's key.
 */
async function loadCallContext(ctx: FunctionContext, envKey: boolean): Promise<CallContext> {
  const uid = ctx.user.userId;
  const [row] = await asUser(ctx.db(), ctx.user.claims, (tx) =>
    inline(tx)`
      with own as (
        select c.configuration from public.ai_configurations c
        where c.user_id = ${uid}::uuid and c.is_active
        order by c.priority desc, c.updated_at desc limit 1),
      org as (
        select c.id, c.organization_id, c.configuration,
               c.api_key_secret_id is not null as has_key
        from public.ai_configurations c
        join public.organization_members m
          on m.organization_id = c.organization_id and m.user_id = ${uid}::uuid
         and m.accepted_at is not null
        where c.is_active
        order by c.priority desc, c.updated_at desc limit 1)
      select cfg,
             (select c.organization_id from public.ai_configurations c
              where c.id = (cfg ->> 'configurationId')::uuid) as applied_organization_id,
             (select jsonb_build_object('id', org.id, 'organizationId', org.organization_id,
                                        'hasKey', org.has_key) from org) as organization,
             -- without any key there is no call to budget (chat asks on every message)
             case when ${envKey} or (cfg ->> 'hasApiKey')::boolean
                       or coalesce((select org.has_key from org), false) then
               (select coalesce(jsonb_agg(to_jsonb(s)), '[]'::jsonb)
                from public.ai_spend_summary() s)
             end as spend,
             (select coalesce(jsonb_agg(distinct k), '[]'::jsonb)
              from (select jsonb_object_keys(configuration) k from own
                    union all select jsonb_object_keys(configuration) from org) keys) as chosen
      from public.get_effective_ai_config() cfg`);
  const settings = modelSettings(
    withEnvironment(row?.cfg, (row?.chosen as string[]) ?? [], ctx.env),
  );
  return {
    settings,
    applied: settings.configurationId
      ? {
        id: settings.configurationId,
        organizationId: (row?.applied_organization_id as string | null) ?? null,
        hasKey: settings.hasApiKey,
      }
      : null,
    organization: (row?.organization as StoredConfiguration | null) ?? null,
    spend: (row?.spend as SpendRow[]) ?? [],
  };
}

/**
 * Counts the call against the caller's model calls a minute (`admit_request`, a sliding
 * window in Postgres shared by every isolate) and reads the stored key from Vault when the
 * call uses one: one service-role round trip (the SQL refuses the key to anyone else).
 */
async function admitAndReadKey(
  ctx: FunctionContext,
  settings: ModelSettings,
  source: KeySource,
): Promise<{ admitted: boolean; resetSeconds: number; key: string | null }> {
  const limits = [{
    key: `model:${ctx.user.userId}`,
    limit: settings.requestsPerMinute,
    windowSeconds: 60,
  }];
  const [admission, stored] = await asService(ctx.db(), (tx) => {
    const q = inline(tx);
    const admit = q<Pick<AdmissionRow, "user_active" | "allowed" | "reset_seconds">[]>`
      select user_active, allowed, reset_seconds
      from public.admit_request(${ctx.user.userId}::uuid, ${limits}::jsonb)`;
    const key = source.kind === "vault"
      ? q<{ key: string | null }[]>`
          select public.get_ai_provider_key(${source.configurationId}::uuid) as key`
      : q<{ key: string | null }[]>`select null::text as key`;
    return [admit, key] as const;
  });
  const row = admission[0];
  const key = stored[0]?.key;
  return {
    admitted: !!row?.user_active && !!row?.allowed,
    resetSeconds: row?.reset_seconds ?? 60,
    key: typeof key === "string" && key.length > 0 ? key : null,
  };
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** `work`, unless `signal` aborts first (then rejects with the abort reason). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function addUsage(total: TokenUsage, usage: Message["usage"] | undefined): void {
  if (!usage) return;
  total.inputTokens += usage.input_tokens ?? 0;
  total.outputTokens += usage.output_tokens ?? 0;
  total.cacheWriteTokens = (total.cacheWriteTokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
  total.cacheReadTokens = (total.cacheReadTokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
}

const textOf = (content: ContentBlock[]) =>
  content.map((block) => block.type === "text" ? block.text : "").join("");

/** A message as the API defines it, enough for us to use (a 200 may still carry garbage). */
function isMessage(value: unknown): value is Message {
  const m = value as Message | null;
  return !!m && typeof m === "object" && Array.isArray(m.content) &&
    m.content.every((b) => b && typeof b === "object" && typeof b.type === "string");
}

/** What a tool answers, as the tool_result content and as reported in the outcome. */
async function runTool(
  tool: ModelTool | undefined,
  block: ToolUseBlock,
  signal: AbortSignal,
): Promise<{ input: unknown; result: unknown; content: string; isError: boolean }> {
  const refuse = (input: unknown, error: string) => {
    const result = { error };
    return { input, result, content: JSON.stringify(result), isError: true };
  };
  let input: unknown;
  try {
    input = block.input; // a streamed input is parsed when first read
  } catch {
    return refuse(null, "The tool input is not valid JSON");
  }
  if (!tool) return refuse(input, `There is no tool named ${block.name}`);
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    return refuse(input, "The tool input must be an object");
  }
  try {
    const result = await unlessAborted(tool.run(input as Record<string, unknown>), signal);
    const text = JSON.stringify(result ?? null);
    const content = text.length > MAX_TOOL_RESULT_CHARS
      ? `${text.slice(0, MAX_TOOL_RESULT_CHARS)}… (cut at ${MAX_TOOL_RESULT_CHARS} characters)`
      : text;
    return { input, result, content, isError: false };
  } catch (error) {
    if (signal.aborted) throw error;
    // An HttpError's detail is written for people; anything else is ours to log, not the model's.
    return refuse(input, error instanceof HttpError ? error.message : "The tool failed");
  }
}

/**
 * Asks Claude (with tools, streaming, retries) for `call` as the calling user.
 * See the module documentation for the contract.
 */
export async function callModel(ctx: FunctionContext, call: ModelCall): Promise<ModelOutcome> {
  const started = performance.now();
  if (call.signal?.aborted) return { ok: false, reason: "aborted", note: "The client went away" };

  const envKey = ctx.env.anthropicApiKey || undefined;
  const { settings, applied, organization, spend } = await loadCallContext(ctx, !!envKey);
  if (settings.provider !== "anthropic") {
    return {
      ok: false,
      reason: "no_key",
      note: `The provider ${settings.provider} is not supported`,
    };
  }
  const source = keySource({ envKey: !!envKey, applied, organization });
  if (!source) return { ok: false, reason: "no_key", note: "No model key is configured" };
  const refusal = budgetRefusal(spend);
  if (refusal) return { ok: false, reason: "over_budget", note: refusal.note };
  const admission = await admitAndReadKey(ctx, settings, source);
  const apiKey = source.kind === "environment" ? envKey : admission.key;
  if (!apiKey) return { ok: false, reason: "no_key", note: "No model key is configured" };
  if (!admission.admitted) {
    return {
      ok: false,
      reason: "rate_limited",
      note: `At most ${settings.requestsPerMinute} model calls a minute; the next in ` +
        `${admission.resetSeconds} s`,
    };
  }
  // Whose configuration, or whose key, the call went through (the row's organization_id).
  const organizationId = source.kind === "vault"
    ? source.organizationId
    : applied?.organizationId ?? null;

  const budgetMs = callBudgetMs(call, settings);
  const deadline = started + budgetMs;
  // One signal for the whole call: the budget's end or the client's abort.
  const callAbort = new AbortController();
  const budgetTimer = setTimeout(
    () => callAbort.abort(new DOMException("budget exceeded", "TimeoutError")),
    Math.max(0, deadline - performance.now()),
  );
  const onClientAbort = () => callAbort.abort(new DOMException("client went away", "AbortError"));
  call.signal?.addEventListener("abort", onClientAbort, { once: true });

  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  let requestsSent = 0;
  const finish = (outcome: ModelOutcome): ModelOutcome => {
    clearTimeout(budgetTimer);
    call.signal?.removeEventListener("abort", onClientAbort);
    if (requestsSent > 0) {
      queueAiUsage(ctx.env.dbUrl, {
        userId: ctx.user.userId,
        organizationId,
        feature: call.feature,
        model: settings.model,
        inputTokens: usage.inputTokens + (usage.cacheWriteTokens ?? 0) +
          (usage.cacheReadTokens ?? 0),
        outputTokens: usage.outputTokens,
        costUsd: costUsd(settings.model, usage),
        outcome: outcome.ok ? "ok" : outcome.reason,
        latencyMs: Math.round(performance.now() - started),
        at: new Date().toISOString(),
      });
    }
    if (!outcome.ok && isLogged("warn", ctx.env.logLevel)) {
      logEvent("warn", "model call failed", {
        fn: ctx.name,
        requestId: ctx.requestId,
        feature: call.feature,
        reason: outcome.reason,
        note: outcome.note,
        requests: requestsSent,
        ms: Math.round(performance.now() - started),
      });
    }
    return outcome;
  };
  /** The reason an abort stands for: the client's, else the budget's. */
  const abortReason = (): ModelFailure => call.signal?.aborted ? "aborted" : "timeout";
  const failure = (problem: UpstreamProblem): ModelOutcome => {
    if (problem.reason === "aborted" || callAbort.signal.aborted) {
      const reason = abortReason();
      return {
        ok: false,
        reason,
        note: reason === "aborted" ? "The client went away" : `No answer within ${budgetMs} ms`,
      };
    }
    return { ok: false, reason: problem.reason, note: problem.note };
  };

  const client = new Anthropic({
    apiKey,
    baseURL: ctx.env.anthropicBaseUrl || DEFAULT_BASE_URL,
    maxRetries: 0, // ours: see failure.ts
    logLevel: "off", // its debug lines would carry request headers
  });
  const tools = call.tools ?? [];
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const messages: MessageParam[] = call.messages.map((m) => ({ role: m.role, content: m.content }));
  const toolResults: Array<{ name: string; input: unknown; result: unknown }> = [];
  const texts: string[] = [];

  /** One request, sent again while the problem is retryable and the budget allows. */
  const request = async (
    params: MessageCreateParamsNonStreaming,
  ): Promise<{ message: Message } | { failed: ModelOutcome }> => {
    for (let retries = 0;; retries++) {
      if (callAbort.signal.aborted) {
        return { failed: failure({ reason: "aborted", retryable: false, note: "" }) };
      }
      const remaining = deadline - performance.now();
      const limits = attemptLimits(settings, remaining, !!call.onTextDelta);
      const attemptAbort = new AbortController();
      const answerTimer = setTimeout(
        () => attemptAbort.abort(new DOMException("generation timeout", "TimeoutError")),
        limits.answerMs,
      );
      const signal = AbortSignal.any([callAbort.signal, attemptAbort.signal]);
      let streamed = false;
      let partial: Message | undefined;
      requestsSent++;
      try {
        let answer: unknown;
        if (call.onTextDelta) {
          const onTextDelta = call.onTextDelta;
          const stream = client.messages.stream(params, {
            signal,
            timeout: limits.sdkMs,
            maxRetries: 0,
          });
          stream.on("text", (delta) => {
            if (!streamed && texts.some((t) => t.length > 0)) safely(onTextDelta, "\n\n");
            streamed = true;
            safely(onTextDelta, delta);
          });
          try {
            answer = await stream.finalMessage();
          } finally {
            partial = stream.currentMessage;
          }
        } else {
          answer = await client.messages.create(params, {
            signal,
            timeout: limits.sdkMs,
            maxRetries: 0,
          });
        }
        if (!isMessage(answer)) {
          return {
            failed: failure({
              reason: "malformed",
              retryable: false,
              note: "The model's answer could not be read",
            }),
          };
        }
        return { message: answer };
      } catch (error) {
        // What was billed before the failure (a stream's message_start carries the input tokens).
        addUsage(usage, partial?.usage);
        let problem = classifyError(error);
        if (attemptAbort.signal.aborted && !callAbort.signal.aborted) {
          problem = {
            reason: "timeout",
            retryable: true,
            note: "The model did not finish in time",
          };
        }
        if (callAbort.signal.aborted) return { failed: failure(problem) };
        // Text already on its way to the client must not be sent twice.
        const plan = streamed
          ? null
          : retryPlan(problem, settings.retry, retries, deadline - performance.now());
        if (!plan) return { failed: failure(problem) };
        await pause(plan.waitMs, callAbort.signal);
        if (callAbort.signal.aborted) return { failed: failure(problem) };
      } finally {
        clearTimeout(answerTimer);
      }
    }
  };

  try {
    for (let round = 0;; round++) {
      const lastRound = round >= MAX_TOOL_ROUNDS;
      const sent = await request(messageParams(settings, call, messages, lastRound));
      if ("failed" in sent) return finish(sent.failed);
      const answer = sent.message;
      addUsage(usage, answer.usage);
      texts.push(textOf(answer.content));
      const toolUses = answer.content.filter((b): b is ToolUseBlock => b.type === "tool_use");
      if (answer.stop_reason !== "tool_use" || toolUses.length === 0 || lastRound) break;

      messages.push({ role: "assistant", content: answer.content });
      const results: ToolResultBlockParam[] = [];
      for (const block of toolUses) {
        const ran = await runTool(byName.get(block.name), block, callAbort.signal);
        toolResults.push({ name: block.name, input: ran.input, result: ran.result });
        results.push({
          type: "tool_result",
          tool_use_id: block.id,
          content: ran.content,
          ...(ran.isError ? { is_error: true } : {}),
        });
      }
      messages.push({ role: "user", content: results });
    }
  } catch (error) {
    // A tool run cut short by the budget or the client is an outcome; anything else is a bug
    // of ours, and surfaces (after its usage is recorded).
    if (callAbort.signal.aborted) {
      return finish(failure({ reason: "aborted", retryable: false, note: "" }));
    }
    finish({ ok: false, reason: "upstream_error", note: "The model call failed" });
    throw error;
  }

  const text = texts.filter((t) => t.length > 0).join("\n\n");
  if (!text.trim()) {
    return finish({ ok: false, reason: "malformed", note: "The model gave no answer" });
  }
  return finish({
    ok: true,
    text,
    toolResults,
    model: settings.model,
    usage: {
      inputTokens: usage.inputTokens + (usage.cacheWriteTokens ?? 0) + (usage.cacheReadTokens ?? 0),
      outputTokens: usage.outputTokens,
    },
    costUsd: costUsd(settings.model, usage),
  });
}

/** The caller's callback must not break the model call (a client that went away, say). */
function safely(onTextDelta: (text: string) => void, text: string): void {
  try {
    onTextDelta(text);
  } catch {
    // the client's problem; the call goes on and its outcome says what it says
  }
}
