/**
 * Request and entity schemas for the three analyzers (logistics, events, media).
 *
 * Objects are strict: an unknown key is a 422, so a typo such as `expectedAT` fails loudly
 * instead of silently dropping a sample from the blocker list. Every list and every string has
 * a maximum, so the work of one request is bounded before it is done; the handlers answer 413
 * for the top-level lists (over `MAX_ANALYSIS_ITEMS`) before validating them item by item.
 *
 * Optional scalar fields accept `null` as well as absence, because rows loaded from Postgres
 * carry nulls; the analyzers treat both the same way.
 *
 * @module
 */
import { z } from "zod";

/** Longest list one analysis accepts; the analyses stay well under a second at this size. */
export const MAX_ANALYSIS_ITEMS = 10_000;

/** Dependencies of one task: a task waiting on more than this is a list, not a plan. */
export const MAX_TASK_DEPENDENCIES = 50;

/**
 * Dependency edges of one event in all: the graph's cost grows with edges, not only tasks
 * (10,000 tasks with 90 dependencies each cost 1.9 s of CPU before this limit).
 */
export const MAX_DEPENDENCY_EDGES = 20_000;

/** Tags of one asset, brand keywords of one request, roles of one event. */
export const MAX_TAGS = 50;
export const MAX_ROLES = 200;

/** An instant with a timezone: `2025-03-01T09:00:00Z` or `2025-03-01T10:00:00+01:00`. */
const instant = z.iso.datetime({ offset: true }).max(40);

/**
 * A shoot is planned by day, so `shootDate` also takes a plain date (`2025-03-01`), read as
 * 00:00 UTC that day: a sample must arrive before the shoot day begins.
 */
const dayOrInstant = z.union([instant, z.iso.date().max(10)]);

// Ids and names are echoed back unchanged (the client maps results by them), so no trimming.
const id = z.string().min(1).max(200);
const label = z.string().max(500);

export const SampleStatusSchema = z.enum([
  "requested",
  "in_transit",
  "awaiting",
  "on_set",
  "shot",
  "returned",
]);
export type SampleStatus = z.infer<typeof SampleStatusSchema>;

export const SampleSchema = z.strictObject({
  id,
  name: label,
  category: z.string().min(1).max(200),
  status: SampleStatusSchema,
  isHero: z.boolean().default(false),
  expectedAt: instant.nullish(),
  shootDate: dayOrInstant.nullish(),
  lookId: id.nullish(),
  designer: label.nullish(),
});
export type Sample = z.infer<typeof SampleSchema>;

export const TaskStatusSchema = z.enum(["todo", "in_progress", "blocked", "done"]);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const EventPhaseSchema = z.enum(["setup", "show", "teardown"]);
export type EventPhase = z.infer<typeof EventPhaseSchema>;

/** A year of minutes: anything longer is a unit mistake, not a task. */
const MAX_TASK_MINUTES = 525_600;

export const EventTaskSchema = z.strictObject({
  id,
  title: label,
  status: TaskStatusSchema,
  durationMinutes: z.number().int().min(0).max(MAX_TASK_MINUTES),
  dependsOn: z.array(id).max(MAX_TASK_DEPENDENCIES).default([]),
  deadline: instant.nullish(),
  assigneeId: id.nullish(),
  requiredRole: label.nullish(),
  phase: EventPhaseSchema.nullish(),
});
export type EventTask = z.infer<typeof EventTaskSchema>;

const role = z.string().min(1).max(200);

/**
 * Head count per role, at most `MAX_ROLES` of them. zod drops a `__proto__` key silently;
 * refuse it rather than lose it.
 */
const roleCounts = z.preprocess((value, ctx) => {
  if (value !== null && typeof value === "object" && Object.hasOwn(value, "__proto__")) {
    ctx.addIssue({
      code: "custom",
      message: "Reserved role name",
      path: ["__proto__"],
      input: value,
    });
  }
  if (value !== null && typeof value === "object" && Object.keys(value).length > MAX_ROLES) {
    ctx.addIssue({
      code: "custom",
      message: `At most ${MAX_ROLES} roles`,
      input: value,
    });
    return {};
  }
  return value;
}, z.record(role, z.number().int().min(0).max(MAX_ANALYSIS_ITEMS)));

export const StaffingSchema = z.strictObject({
  /** Head count needed per role, e.g. `{ "dresser": 4 }`. */
  required: roleCounts.default({}),
  assigned: z.array(z.strictObject({ name: label, role })).max(MAX_ANALYSIS_ITEMS).default([]),
});
export type Staffing = z.infer<typeof StaffingSchema>;

/** How many dependency edges `tasks` make in all. */
export function dependencyEdges(tasks: readonly { dependsOn?: readonly unknown[] }[]): number {
  let edges = 0;
  for (const task of tasks) edges += task.dependsOn?.length ?? 0;
  return edges;
}

export const EventInputSchema = z
  .strictObject({
    id,
    name: label,
    startsAt: instant,
    endsAt: instant,
    tasks: z.array(EventTaskSchema).max(MAX_ANALYSIS_ITEMS).default([]),
    staffing: StaffingSchema.nullish(),
  })
  .superRefine((event, ctx) => {
    if (Date.parse(event.endsAt) < Date.parse(event.startsAt)) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "Must not be before startsAt" });
    }
    const edges = dependencyEdges(event.tasks);
    if (edges > MAX_DEPENDENCY_EDGES) {
      ctx.addIssue({
        code: "custom",
        path: ["tasks"],
        message: `Has ${edges} dependencies in all; at most ${MAX_DEPENDENCY_EDGES} are analysed`,
      });
    }
    // Task ids key the dependency graph, so a repeated id would make `dependsOn` ambiguous.
    const seen = new Set<string>();
    event.tasks.forEach((task, index) => {
      if (seen.has(task.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["tasks", index, "id"],
          message: `Duplicate task id "${task.id}"`,
        });
      }
      seen.add(task.id);
    });
  });
export type EventInput = z.infer<typeof EventInputSchema>;

export const AssetStatusSchema = z.enum(["pending", "approved", "rejected"]);
export type AssetStatus = z.infer<typeof AssetStatusSchema>;

export const GalleryAssetSchema = z.strictObject({
  id,
  lookId: id.nullish(),
  shotType: z.string().min(1).max(100).nullish(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** 0 (blurred) to 1 (tack sharp). */
  sharpness: z.number().min(0).max(1).nullish(),
  /** Exposure error in EV stops; 0 is ideal. */
  exposure: z.number().min(-20).max(20).nullish(),
  tags: z.array(z.string().max(100)).max(MAX_TAGS).nullish(),
  status: AssetStatusSchema.nullish(),
});
export type GalleryAsset = z.infer<typeof GalleryAssetSchema>;

export const ShotItemSchema = z.strictObject({
  id,
  lookId: id,
  shotType: z.string().min(1).max(100),
  quantity: z.number().int().min(1).max(1000).default(1),
  required: z.boolean().default(true),
});
export type ShotItem = z.infer<typeof ShotItemSchema>;

export const LogisticsAnalysisTypeSchema = z.enum(["readiness", "blockers", "batching", "all"]);
export type LogisticsAnalysisType = z.infer<typeof LogisticsAnalysisTypeSchema>;

export const LogisticsRequestSchema = z.strictObject({
  analysisType: LogisticsAnalysisTypeSchema.default("all"),
  sampleList: z.array(SampleSchema).max(MAX_ANALYSIS_ITEMS).optional(),
});
export type LogisticsRequest = z.infer<typeof LogisticsRequestSchema>;

export const EventsAnalysisTypeSchema = z.enum(["critical_path", "staffing", "run_of_show", "all"]);
export type EventsAnalysisType = z.infer<typeof EventsAnalysisTypeSchema>;

export const EventsRequestSchema = z
  .strictObject({
    analysisType: EventsAnalysisTypeSchema.default("all"),
    // Any Postgres uuid: z.uuid() would also demand RFC 9562 version bits, which ids made
    // by md5() or imported from elsewhere do not have.
    eventId: z.guid().optional(),
    event: EventInputSchema.optional(),
  })
  // Exactly one source: with both, which one the caller meant to analyse is a guess.
  .superRefine((body, ctx) => {
    const given = Number(body.eventId !== undefined) + Number(body.event !== undefined);
    if (given !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["eventId"],
        message: given === 0 ? "Provide eventId or event" : "Provide eventId or event, not both",
      });
    }
  });
export type EventsRequest = z.infer<typeof EventsRequestSchema>;

export const MediaAnalysisTypeSchema = z.enum(["quality", "missing", "selects", "all"]);
export type MediaAnalysisType = z.infer<typeof MediaAnalysisTypeSchema>;

export const MediaRequestSchema = z.strictObject({
  analysisType: MediaAnalysisTypeSchema.default("all"),
  assets: z.array(GalleryAssetSchema).max(MAX_ANALYSIS_ITEMS).optional(),
  shotList: z.array(ShotItemSchema).max(MAX_ANALYSIS_ITEMS).optional(),
  topN: z.number().int().min(1).max(100).default(12),
  /** Words that describe the brand; asset tags matching them raise the brand factor. */
  brandKeywords: z.array(z.string().min(1).max(100)).max(MAX_TAGS).optional(),
});
export type MediaRequest = z.infer<typeof MediaRequestSchema>;
