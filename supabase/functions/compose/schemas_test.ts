import { deepEqual, equal, ok } from "node:assert/strict";
import {
  ComposeRequestSchema,
  GalleryQuerySchema,
  SaveRequestSchema,
  UpdateRequestSchema,
} from "./schemas.ts";

Deno.test("ComposeRequestSchema defaults the options and refuses an unknown kind", () => {
  const parsed = ComposeRequestSchema.parse({
    kind: "kit_configuration",
    inputs: { role: "stylist" },
  });
  deepEqual(parsed.options, { tone: "professional", length: "medium" });
  ok(!ComposeRequestSchema.safeParse({ kind: "poem", inputs: {} }).success);
  ok(
    !ComposeRequestSchema.safeParse({
      kind: "kit_configuration",
      inputs: { role: "stylist" },
      options: { tone: "shouty" },
    }).success,
  );
});

Deno.test("SaveRequestSchema trims, lower-cases and dedupes tags", () => {
  const parsed = SaveRequestSchema.parse({
    name: " Brief ",
    kind: "shoot_brief",
    content: "x",
    tags: ["Resort", "resort ", "SS26"],
  });
  equal(parsed.name, "Brief");
  deepEqual(parsed.tags, ["resort", "ss26"]);
  equal(parsed.isPublic, false);
});

Deno.test("UpdateRequestSchema needs something to change", () => {
  ok(!UpdateRequestSchema.safeParse({}).success);
  ok(UpdateRequestSchema.safeParse({ isPublic: true }).success);
});

Deno.test("GalleryQuerySchema reads tags from a comma list and numbers from text", () => {
  const parsed = GalleryQuerySchema.parse({
    tags: "Resort, ss26,,resort",
    page: "2",
    limit: "5",
    sort: "likes",
  });
  deepEqual(parsed.tags, ["resort", "ss26"]);
  equal(parsed.page, 2);
  equal(parsed.limit, 5);
  ok(!GalleryQuerySchema.safeParse({ limit: "1000" }).success);
  ok(!GalleryQuerySchema.safeParse({ sort: "random" }).success);
});
