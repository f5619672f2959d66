/**
 * `POST /chat-orchestrator`: read the message, pick the skill, answer with the figures, log
 * the exchange, respond (JSON, or server-sent events when asked).
 */
import { recordAnalytics } from "../_shared/analytics.ts";
import { readJson } from "../_shared/body.ts";
import { HttpError } from "../_shared/errors.ts";
import { wantsFresh } from "../_shared/insight_cache.ts";
import { logEvent } from "../_shared/log.ts";
import { jsonResponse } from "../_shared/response.ts";
import type { FunctionContext } from "../_shared/serve.ts";
import { recordConversation } from "./conversation.ts";
import { understand, type Understanding } from "./intent.ts";
import { type ChatRequest, ChatRequestSchema } from "./schemas.ts";
import { KIT_SUGGESTIONS } from "./skills/follow_up.ts";
import { runSkill } from "./skills/run.ts";
import { createSources, prefetchFor, type Sources } from "./sources.ts";
import { eventStreamOf, wantsEventStream } from "./stream.ts";
import type { ChatResponse, Intent, SkillAnswer } from "./types.ts";

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

/** The rules' answer: the skill's, or the fallback when it fails for a reason not the caller's. */
export async function rulesAnswer(
  ctx: FunctionContext,
  sources: Sources,
  body: ChatRequest,
  understanding: Understanding,
  eventId: string | undefined,
): Promise<SkillAnswer> {
  try {
    return await runSkill(understanding.skill, sources, {
      message: body.message,
      understanding,
      eventId,
    });
  } catch (error) {
    // Too much stored data to analyse at once is an answer, not a failed request.
    if (error instanceof HttpError && error.status === 413) {
      return fallbackAnswer(understanding, `${error.detail}: narrow the question down.`);
    }
    // The database being down (503) fails the request: the exchange cannot be logged either.
    if (error instanceof HttpError) throw error;
    logEvent("error", "skill failed", {
      fn: ctx.name,
      requestId: ctx.requestId,
      skill: understanding.skill,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return fallbackAnswer(understanding);
  }
}

/** The chat route. */
export async function chat(req: Request, ctx: FunctionContext): Promise<Response> {
  const started = performance.now();
  const body = await readJson(req, ChatRequestSchema);
  const understanding = understand(body.message, body.currentKit, body.currentRoute);
  const eventId = (body.userContext?.eventId ?? understanding.routeEventId)?.toLowerCase();
  const fresh = wantsFresh(req);

  // Admission and the first cache lookup share one round trip.
  const prefetch = fresh
    ? undefined
    : prefetchFor(ctx, understanding.skill, body.userContext, eventId);
  let prefetched;
  if (prefetch) {
    const [hit] = await ctx.admit(prefetch.lookup) ?? [];
    prefetched = { key: prefetch.key, hit };
  } else {
    await ctx.admit();
  }
  const sources = createSources(ctx, {
    context: body.userContext,
    routeEventId: understanding.routeEventId,
    fresh,
    prefetched,
  });
  const answer = await rulesAnswer(ctx, sources, body, understanding, eventId);
  const response: ChatResponse = {
    content: answer.content,
    type: responseType(understanding.intent),
    ...(answer.severity ? { severity: answer.severity } : {}),
    ...(answer.actions?.length ? { actions: answer.actions } : {}),
    ...(answer.followUp?.length ? { followUp: answer.followUp } : {}),
    responseTime: Math.round((performance.now() - started) * 10) / 10,
    intent: understanding.intent,
    skill: understanding.skill,
    conversationId: crypto.randomUUID(),
    source: "rules",
  };
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
  return wantsEventStream(req) ? eventStreamOf(response.content, response) : jsonResponse(response);
}
