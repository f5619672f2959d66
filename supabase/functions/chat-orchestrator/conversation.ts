/**
 * The assistant's rows: the conversation log (written in the request that answers, read back
 * by its owner, newest first), thumbs up/down on one's own exchange, and UI events. All as
 * the caller under RLS; the user is always the token's `sub`.
 */
import type { UserClaims } from "../_shared/auth.ts";
import { asUser, type Sql } from "../_shared/db.ts";
import { inline } from "../_shared/inline_sql.ts";
import type { ChatResponse } from "./types.ts";

export interface ConversationRow {
  id: string;
  sessionId: string;
  message: string;
  kit: string;
  route: string | null;
  response: ChatResponse;
}

/** Writes one exchange. `response_time_ms` is the answer's `responseTime`. */
export async function recordConversation(
  sql: Sql,
  claims: UserClaims,
  row: ConversationRow,
): Promise<void> {
  const { response } = row;
  await asUser(
    sql,
    claims,
    (tx) =>
      inline(tx)`insert into public.assistant_conversations
        (id, user_id, session_id, message, response, kit_context, page_route, intent_detected,
         skill_used, response_time_ms)
      values (${row.id}::uuid, ${claims.sub}::uuid, ${row.sessionId}::uuid, ${row.message},
              ${response}::jsonb, ${row.kit}, ${row.route}, ${response.intent}, ${response.skill},
              ${Math.round(response.responseTime)})`,
  );
}

export interface HistoryQuery {
  sessionId?: string;
  limit: number;
  before?: string;
}

export interface HistoryEntry {
  id: string;
  sessionId: string;
  message: string;
  response: unknown;
  kit: string | null;
  route: string | null;
  intent: string | null;
  skill: string | null;
  responseTimeMs: number | null;
  helpful: boolean | null;
  createdAt: string;
}

/**
 * The caller's own exchanges, newest first; `nextBefore` (the last row's time) asks for the
 * page after, and is null on the last page. Admins may read every row under RLS, so the
 * query names the caller: history is one's own.
 */
export async function conversationHistory(
  sql: Sql,
  claims: UserClaims,
  query: HistoryQuery,
): Promise<{ conversations: HistoryEntry[]; nextBefore: string | null }> {
  const rows = await asUser(
    sql,
    claims,
    (tx) =>
      inline(tx)<HistoryEntry[]>`select id::text, session_id::text as "sessionId", message,
             response, kit_context as kit, page_route as route, intent_detected as intent,
             skill_used as skill, response_time_ms as "responseTimeMs", helpful,
             to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
               as "createdAt"
      from public.assistant_conversations
      where user_id = ${claims.sub}::uuid
        and (${query.sessionId ?? null}::uuid is null or session_id = ${
        query.sessionId ?? null
      }::uuid)
        and (${query.before ?? null}::timestamptz is null
             or created_at < ${query.before ?? null}::timestamptz)
      order by created_at desc, id desc
      limit ${query.limit + 1}`,
  );
  const more = rows.length > query.limit;
  const conversations = rows.slice(0, query.limit);
  return {
    conversations,
    nextBefore: more ? conversations[conversations.length - 1].createdAt : null,
  };
}

/** Thumbs up/down on the caller's own exchange; someone else's (or none) is a 404. */
export async function recordFeedback(
  sql: Sql,
  claims: UserClaims,
  conversationId: string,
  helpful: boolean | null,
): Promise<void> {
  // record_conversation_feedback raises P0002 (a 404) unless the row is the caller's own.
  await asUser(
    sql,
    claims,
    (tx) =>
      inline(tx)`select public.record_conversation_feedback(${conversationId}::uuid,
        ${helpful}::boolean)`,
  );
}

export interface UiEvent {
  eventType: string;
  eventData?: Record<string, unknown>;
  pageRoute?: string;
  kitContext?: string;
  sessionId?: string;
}

/** Records one assistant UI event (PII is redacted by the table's trigger). */
export async function recordUiEvent(
  sql: Sql,
  claims: UserClaims,
  event: UiEvent,
): Promise<{ id: string; createdAt: string }> {
  const [row] = await asUser(
    sql,
    claims,
    (tx) =>
      inline(tx)<{ id: string; created_at: Date }[]>`insert into public.analytics_events
        (user_id, event_type, event_data, page_route, kit_context, session_id)
      values (${claims.sub}::uuid, ${event.eventType}, ${event.eventData ?? {}}::jsonb,
              ${event.pageRoute ?? null}, ${event.kitContext ?? null},
              ${event.sessionId ?? null}::uuid)
      returning id::text, created_at`,
  );
  return { id: row.id, createdAt: row.created_at.toISOString() };
}
