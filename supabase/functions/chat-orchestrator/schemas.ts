/**
 * Request schemas of the chat-orchestrator's routes. Objects are strict (an unknown key, a
 * `userId` among them, is a 422: the user is the token's), and every list and string has a
 * maximum.
 */
import { z } from "zod";
import {
  EventTaskSchema,
  GalleryAssetSchema,
  MAX_ANALYSIS_ITEMS,
  SampleSchema,
  ShotItemSchema,
} from "../_shared/analysis/schemas.ts";

/** Longest message read (the conversation log holds up to 20,000 characters). */
export const MAX_MESSAGE_CHARS = 4_000;
/** How much of the conversation a client sends along. */
export const MAX_HISTORY_MESSAGES = 10;
/** Largest `eventData` of a UI event, as JSON text. */
export const MAX_EVENT_DATA_CHARS = 8_192;

const label = (max: number) => z.string().max(max);

export const UserContextSchema = z.strictObject({
  sampleList: z.array(SampleSchema).max(MAX_ANALYSIS_ITEMS).optional(),
  eventTasks: z.array(EventTaskSchema).max(MAX_ANALYSIS_ITEMS).optional()
    // Task ids key the dependency graph: a repeated id would make `dependsOn` ambiguous.
    .superRefine((tasks, ctx) => {
      const seen = new Set<string>();
      tasks?.forEach((task, index) => {
        if (seen.has(task.id)) {
          ctx.addIssue({
            code: "custom",
            path: [index, "id"],
            message: `Duplicate task id "${task.id}"`,
          });
        }
        seen.add(task.id);
      });
    }),
  // Any Postgres uuid (the events optimizer's rule).
  eventId: z.guid().optional(),
  galleryAssets: z.array(GalleryAssetSchema).max(MAX_ANALYSIS_ITEMS).optional(),
  shotList: z.array(ShotItemSchema).max(MAX_ANALYSIS_ITEMS).optional(),
});
export type UserContext = z.infer<typeof UserContextSchema>;

export const ChatMessageSchema = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content: label(MAX_MESSAGE_CHARS * 4),
});

export const ChatRequestSchema = z.strictObject({
  /** May be empty or blank: that is answered kindly, not refused. */
  message: label(MAX_MESSAGE_CHARS),
  currentKit: label(50).optional(),
  currentRoute: label(500).optional(),
  sessionId: z.guid(),
  conversationHistory: z.array(ChatMessageSchema).max(MAX_HISTORY_MESSAGES).optional(),
  userContext: UserContextSchema.optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const FeedbackSchema = z.strictObject({
  conversationId: z.guid(),
  helpful: z.boolean().nullable(),
});

export const UiEventSchema = z.strictObject({
  // The table's own rule for event names.
  eventType: z.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/, "Lower-case letters, digits and _.:-"),
  eventData: z.record(z.string().max(100), z.unknown()).optional()
    .refine(
      (data) => data === undefined || JSON.stringify(data).length <= MAX_EVENT_DATA_CHARS,
      `At most ${MAX_EVENT_DATA_CHARS} characters of JSON`,
    ),
  pageRoute: label(500).optional(),
  kitContext: label(50).optional(),
  sessionId: z.guid().optional(),
});

export const HistoryQuerySchema = z.strictObject({
  sessionId: z.guid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.iso.datetime({ offset: true }).optional(),
});
