/** The request bodies and query strings of the compose routes. @module */
import { z } from "zod";
import { KitConfigurationInputs } from "./kinds/kit_configuration.ts";
import { OptionsSchema } from "./kinds/kind.ts";
import { ProductDescriptionInputs } from "./kinds/product_description.ts";
import { RunOfShowInputs } from "./kinds/run_of_show.ts";
import { SampleRequestInputs } from "./kinds/sample_request.ts";
import { ShootBriefInputs } from "./kinds/shoot_brief.ts";

export const KINDS = [
  "product_description",
  "shoot_brief",
  "run_of_show",
  "sample_request",
  "kit_configuration",
] as const;
export type Kind = (typeof KINDS)[number];

const options = OptionsSchema.default({ tone: "professional", length: "medium" });

/** POST /compose. */
export const ComposeRequestSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("product_description"),
    inputs: ProductDescriptionInputs,
    options,
  }),
  z.strictObject({ kind: z.literal("shoot_brief"), inputs: ShootBriefInputs, options }),
  z.strictObject({ kind: z.literal("run_of_show"), inputs: RunOfShowInputs, options }),
  z.strictObject({ kind: z.literal("sample_request"), inputs: SampleRequestInputs, options }),
  z.strictObject({ kind: z.literal("kit_configuration"), inputs: KitConfigurationInputs, options }),
]);
export type ComposeRequest = z.infer<typeof ComposeRequestSchema>;

/** Longest saved document: a long run of show of a big event fits, a dump of a database does not. */
export const MAX_CONTENT_CHARS = 100_000;
export const MAX_SAVED_TAGS = 20;

const tag = z.string().transform((s) => s.trim().toLowerCase().replace(/\s+/g, " "))
  .pipe(z.string().min(1).max(50));
const tags = z.array(tag).max(MAX_SAVED_TAGS).transform((list) => [...new Set(list)]);
const name = z.string().transform((s) => s.trim()).pipe(z.string().min(1).max(200));
const description = z.string().trim().max(2000);

/** POST /compose/saved. */
export const SaveRequestSchema = z.strictObject({
  name,
  description: description.optional(),
  kind: z.enum(KINDS),
  inputs: z.record(z.string(), z.unknown()).default({}),
  content: z.string().min(1).max(MAX_CONTENT_CHARS),
  tags: tags.default([]),
  isPublic: z.boolean().default(false),
});
export type SaveRequest = z.infer<typeof SaveRequestSchema>;

/** PATCH /compose/saved/<id>: what an owner may change (not the content: save a new one). */
export const UpdateRequestSchema = z.strictObject({
  name: name.optional(),
  description: description.nullable().optional(),
  tags: tags.optional(),
  isPublic: z.boolean().optional(),
}).refine((body) => Object.keys(body).length > 0, { message: "Nothing to change" });
export type UpdateRequest = z.infer<typeof UpdateRequestSchema>;

/** POST /compose/saved/<id>/fork: an optional new name. */
export const ForkRequestSchema = z.strictObject({ name: name.optional() });

const page = z.coerce.number().int().min(1).max(10_000).default(1);
const limit = z.coerce.number().int().min(1).max(100).default(20);

/** GET /compose/saved. */
export const ListQuerySchema = z.strictObject({ page, limit });

/** GET /compose/public. */
export const GalleryQuerySchema = z.strictObject({
  search: z.string().trim().max(200).optional(),
  /** Comma-separated; a composition must carry every one. */
  tags: z.string().max(1100).optional().transform((s) =>
    s ? [...new Set(s.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean))] : []
  ).pipe(z.array(z.string().max(50)).max(MAX_SAVED_TAGS)),
  sort: z.enum(["recent", "popular", "likes", "trending"]).default("recent"),
  page,
  limit,
});
export type GalleryQuery = z.infer<typeof GalleryQuerySchema>;

/** A query string as an object, for the schemas above (a repeated name keeps its last value). */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}
