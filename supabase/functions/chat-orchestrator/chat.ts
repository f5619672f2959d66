/**
 * `POST /chat-orchestrator`: read the message, pick the skill, answer with the figures (the
 * rules' answer, then the model's when a key is configured and it answers in time), log the
 * exchange, respond (JSON, or server-sent events when asked).
 */
import { recordAnalytics } from "../_shared/analytics.ts";
import { parseJson, readBodyText, validate } from "../_shared/body.ts";
import { HttpError } from "../_shared/errors.ts";
import { withIdempotency } from "../_shared/idempotency.ts";
import { wantsFresh } from "../_shared/insight_cache.ts";
import { callModel } from "../_shared/llm/model.ts";
import type { ModelTool } from "../_shared/llm/types.ts";
import { logEvent } from "../_shared/log.ts";
import { jsonResponse } from "../_shared/response.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { recordConversation } from "./conversation.ts";
import { understand, type Understanding } from "./intent.ts";
import {
  CHAT_TOOLS,
  figuresGrounded,
  modelAnswerShape,
  modelMessages,
  systemPrompt,
  toolInputSchema,
  toolResultOf,
} from "./model_tools.ts";
import { type ChatRequest, ChatRequestSchema } from "./schemas.ts";
import { KIT_SUGGESTIONS } from "./skills/follow_up.ts";
import { runSkill } from "./skills/run.ts";
import { createSources, prefetchFor, type Sources } from "./sources.ts";
import { openEventStream, wantsEventStream } from "./stream.ts";
import type { ChatResponse, Intent, SkillAnswer, SkillName } from "./types.ts";

/** Every answer is on its way within this time (the product's 5 s), logging included. */
export const ANSWER_BUDGET_MS = 5_000;
/** Kept back from the budget for writing the exchange and sending the answer. */
const LOGGING_RESERVE_MS = 400;
/** The least time worth giving the model; with less left, the rules answer. */
const MIN_MODEL_MS = 500;

/** What the rules say when even they have nothing and the model did not answer in time. */
export const TAKING_LONGER = "Taking longer than expected, please try again.";

/** The response's `type`, from the intent. */
export function responseType(intent: Intent): ChatResponse["type"] {
  return intent === "navigation" ? "navigation" : intent === "action" ? "action" : "text";
}

/** What a skill that failed unexpectedly answers (the failure is logged). */
export function fallbackAnswer(understanding: Understanding, detail?: string): SkillAnswer {
  return {
    content: detail ?? "I couldn't work that out just now. Please try again in a moment.",
    severity: "info",
    followUp: KIT_SUGGESTIONS[understanding.kit],
  };
}

/** Logs a skill that threw something other than an HttpError. */
function logSkillFailure(ctx: FunctionContext, skill: string, error: unknown): void {
  logEvent("error", "skill failed", {
    fn: ctx.name,
    requestId: ctx.requestId,
    skill,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
}

/** The rules' answer; `failed`: the skill failed and the rules have nothing to say. */
export interface RulesResult {
  answer: SkillAnswer;
  failed: boolean;
}

/**
 * The rules' answer: the skill's, or the fallback when it fails for a reason not the caller's
 * (`failed`: the rules have nothing to say).
 */
export async function rulesAnswer(
  ctx: FunctionContext,
  sources: Sources,
  body: ChatRequest,
  understanding: Understanding,
  eventId: string | undefined,
): Promise<RulesResult> {
  try {
    const answer = await runSkill(understanding.skill, sources, {
      message: body.message,
      understanding,
      eventId,
    });
    return { answer, failed: false };
  } catch (error) {
    // Too much stored data to analyse at once is an answer, not a failed request.
    if (error instanceof HttpError && error.status === 413) {
      return {
        answer: fallbackAnswer(understanding, `${error.detail}: narrow the question down.`),
        failed: false,
      };
    }
    // The database being down (503) fails the request: the exchange cannot be logged either.
    if (error instanceof HttpError) throw error;
    logSkillFailure(ctx, understanding.skill, error);
    return { answer: fallbackAnswer(understanding), failed: true };
  }
}

/** The answer given, and where it came from. */
interface Given extends SkillAnswer {
  skill: SkillName;
  source: "rules" | "model";
  note?: string;
}

interface ModelRequest {
  body: ChatRequest;
  understanding: Understanding;
  sources: Sources;
  eventId: string | undefined;
  /** The rules' answer, under way: the model is asked meanwhile. */
  rules: Promise<RulesResult>;
  started: number;
  signal: AbortSignal;
  onTextDelta?: (text: string) => void;
}

/**
 * The model's answer when it gives one in time with every figure from a tool result; else
 * the rules' answer (with a note when the caller is over their AI budget).
 */
async function answer(ctx: FunctionContext, request: ModelRequest): Promise<Given> {
  const { body, understanding, sources } = request;
  const rulesGiven = (rules: RulesResult): Given => ({
    ...rules.answer,
    skill: understanding.skill,
    source: "rules",
  });
  const budgetMs = ANSWER_BUDGET_MS - LOGGING_RESERVE_MS - (performance.now() - request.started);
  if (!asksModel(understanding) || budgetMs < MIN_MODEL_MS) return rulesGiven(await request.rules);

  const called: Array<{ skill: SkillName; answer: SkillAnswer }> = [];
  const tools: ModelTool[] = CHAT_TOOLS.map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: toolInputSchema(tool.name),
    async run(input) {
      const message = tool.name === "navigate" ? String(input.destination ?? "") : body.message;
      const result = await runSkill(tool.skill, sources, {
        message: tool.name === "navigate" ? `go to ${message}` : message,
        understanding,
        eventId: request.eventId,
      });
      called.push({ skill: tool.skill, answer: result });
      return toolResultOf(result);
    },
  }));
  // Asked while the rules work: the model's configuration lookup and the rules' data loads
  // overlap (the tools read the same sources, each loaded once).
  const [rules, outcome] = await Promise.all([
    request.rules,
    callModel(ctx, {
      feature: "chat",
      system: systemPrompt(understanding.kit, body.currentRoute),
      messages: modelMessages(body.conversationHistory ?? [], body.message),
      tools,
      onTextDelta: request.onTextDelta,
      signal: request.signal,
      budgetMs,
    }),
  ]);
  const byRules = rulesGiven(rules);
  if (!outcome.ok) {
    if (outcome.reason === "over_budget") {
      return {
        ...byRules,
        note: outcome.note ?? "Your AI budget is used up: this answer comes from the rules.",
      };
    }
    if (rules.failed && outcome.reason === "timeout") return { ...byRules, content: TAKING_LONGER };
    return byRules;
  }
  const said = [body.message, ...(body.conversationHistory ?? []).map((m) => m.content)].join(" ");
  if (!figuresGrounded(outcome.text, outcome.toolResults, said)) {
    logEvent("warn", "model answer not used: a figure is not from a tool result", {
      fn: ctx.name,
      requestId: ctx.requestId,
    });
    return byRules;
  }
  const shape = modelAnswerShape(called, rules.answer);
  return {
    content: outcome.text,
    severity: shape.severity,
    actions: shape.actions,
    followUp: shape.followUp,
    skill: shape.skill ?? understanding.skill,
    source: "model",
  };
}

/**
 * Whether the model is asked at all: a blank message, a request to go somewhere and a request
 * for help have one right answer, the rules'.
 */
export function asksModel(understanding: Understanding): boolean {
  if (understanding.clarity === "blank" || understanding.intent === "navigation") return false;
  return !(understanding.skill === "help" && understanding.clarity === "understood");
}

/** The response object of an answer. */
function responseOf(given: Given, understanding: Understanding, started: number): ChatResponse {
  return {
    content: given.content,
    type: responseType(understanding.intent),
    ...(given.severity ? { severity: given.severity } : {}),
    ...(given.actions?.length ? { actions: given.actions } : {}),
    ...(given.followUp?.length ? { followUp: given.followUp } : {}),
    ...(given.note ? { note: given.note } : {}),
    responseTime: Math.round((performance.now() - started) * 10) / 10,
    intent: understanding.intent,
    skill: given.skill,
    conversationId: crypto.randomUUID(),
    source: given.source,
  };
}

/** Writes the exchange (in the request) and queues its analytics row. */
async function logExchange(
  ctx: FunctionContext,
  body: ChatRequest,
  understanding: Understanding,
  response: ChatResponse,
): Promise<void> {
  await recordConversation(ctx.db(), ctx.user.claims, {
    id: response.conversationId,
    sessionId: body.sessionId,
    message: body.message,
    kit: understanding.kit,
    route: body.currentRoute ?? null,
    response,
  });
  recordAnalytics(ctx.env.dbUrl, ctx.user.userId, {
    eventType: "chat_message",
    eventData: {
      intent: response.intent,
      skill: response.skill,
      source: response.source,
      severity: response.severity ?? null,
      responseTimeMs: response.responseTime,
    },
    kitContext: understanding.kit,
  });
}

/**
 * The chat route. A JSON answer honours `Idempotency-Key` (a replay gets the first answer and
 * logs nothing again); a stream cannot be replayed, so a streamed request runs as it comes.
 */
export async function chat(req: Request, ctx: FunctionContext): Promise<Response> {
  const started = performance.now();
  const text = await readBodyText(req);
  if (wantsEventStream(req)) return await answerChat(req, ctx, text, started);
  return await withIdempotency(req, ctx, text, () => answerChat(req, ctx, text, started));
}

async function answerChat(
  req: Request,
  ctx: FunctionContext,
  text: string,
  started: number,
): Promise<Response> {
  const body = validate(ChatRequestSchema, parseJson(text));
  const understanding = understand(body.message, body.currentKit, body.currentRoute);
  const eventId = (body.userContext?.eventId ?? understanding.routeEventId)?.toLowerCase();
  const fresh = wantsFresh(req);

  // Admission and the first cache lookup share one round trip.
  const prefetch = fresh
    ? undefined
    : prefetchFor(ctx, understanding.skill, body.userContext, eventId);
  let prefetched;
  if (prefetch) {
    const [hit] = await ctx.admit(prefetch) ?? [];
    prefetched = { key: prefetch, hit };
  } else {
    await ctx.admit();
  }
  const sources = createSources(ctx, {
    context: body.userContext,
    routeEventId: understanding.routeEventId,
    fresh,
    prefetched,
  });
  const rules = rulesAnswer(ctx, sources, body, understanding, eventId);
  const request = { body, understanding, sources, eventId, rules, started };

  if (!wantsEventStream(req)) {
    const given = await answer(ctx, { ...request, signal: req.signal });
    const response = responseOf(given, understanding, started);
    await logExchange(ctx, body, understanding, response);
    return jsonResponse(response);
  }

  // Streaming: the model's deltas as they come; the rules' answer as one delta when it is the
  // one given (after a `reset` if model text had already gone out); then the full response.
  const stream = openEventStream();
  void (async () => {
    let streamed = false;
    try {
      const given = await answer(ctx, {
        ...request,
        signal: stream.signal,
        onTextDelta(text) {
          streamed = true;
          stream.send("delta", { text });
        },
      });
      if (given.source === "rules") {
        if (streamed) stream.send("reset", {});
        stream.send("delta", { text: given.content });
      }
      const response = responseOf(given, understanding, started);
      await logExchange(ctx, body, understanding, response);
      stream.send("response", response);
    } catch (error) {
      // The status line has gone out: the problem travels as an event.
      const problem = error instanceof HttpError
        ? { status: error.status, code: error.code, detail: error.detail }
        : { status: 500, code: "internal_error", detail: "The answer could not be completed" };
      if (!(error instanceof HttpError)) logSkillFailure(ctx, understanding.skill, error);
      stream.send("error", { ...problem, requestId: ctx.requestId });
    } finally {
      stream.close();
    }
  })();
  return stream.response;
}
