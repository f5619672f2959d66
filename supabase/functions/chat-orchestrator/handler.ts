/**
 * chat-orchestrator: the assistant. `POST /` answers a message; `GET /history` lists the
 * caller's exchanges; `POST /feedback` records thumbs up/down on one; `POST /events` records
 * assistant UI events. The POSTs honour `Idempotency-Key` (a chat answer when not streamed).
 */
import { parseJson, readBodyText, validate } from "../_shared/body.ts";
import type { FunctionEnv } from "../_shared/env.ts";
import { withIdempotency } from "../_shared/idempotency.ts";
import { jsonResponse } from "../_shared/response.ts";
import { createFunctionHandler, type FunctionRoute } from "../_shared/serve.ts";
import { chat } from "./chat.ts";
import { conversationHistory, recordFeedback, recordUiEvent } from "./conversation.ts";
import { FeedbackSchema, HistoryQuerySchema, UiEventSchema } from "./schemas.ts";

const routes: FunctionRoute[] = [
  { method: "POST", path: "/", admitsInHandler: true, handler: (req, { ctx }) => chat(req, ctx) },
  {
    method: "GET",
    path: "/history",
    async handler(req, { ctx }) {
      const params = Object.fromEntries(new URL(req.url).searchParams);
      const query = validate(HistoryQuerySchema, params);
      return jsonResponse(await conversationHistory(ctx.db(), ctx.user.claims, query));
    },
  },
  {
    method: "POST",
    path: "/feedback",
    async handler(req, { ctx }) {
      const text = await readBodyText(req);
      return await withIdempotency(req, ctx, text, async () => {
        const { conversationId, helpful } = validate(FeedbackSchema, parseJson(text));
        await recordFeedback(ctx.db(), ctx.user.claims, conversationId, helpful);
        return jsonResponse({ conversationId, helpful });
      });
    },
  },
  {
    method: "POST",
    path: "/events",
    async handler(req, { ctx }) {
      const text = await readBodyText(req);
      return await withIdempotency(req, ctx, text, async () => {
        const event = validate(UiEventSchema, parseJson(text));
        const recorded = await recordUiEvent(ctx.db(), ctx.user.claims, event);
        return jsonResponse({ ...recorded, eventType: event.eventType }, { status: 201 });
      });
    },
  },
];

/** Builds the chat-orchestrator handler; `env` overrides the environment (tests, local stack). */
export function createChatOrchestratorHandler(env?: Partial<FunctionEnv>) {
  return createFunctionHandler({ name: "chat-orchestrator", env, routes });
}

export const handler = createChatOrchestratorHandler();
