/**
 * Benchmarks for the pure analyzers at the largest list the handlers accept (10,000 items).
 * Prints figures only; nothing here asserts on time. Run: `deno bench tests/bench/analysis_bench.ts`.
 *
 * @module
 */
// a seeded generator, so every run benchmarks the same data
import { mulberry32 } from "../_random.ts";
import { analyzeEvent, eventPartsFor } from "../../supabase/functions/_shared/analysis/events.ts";
import { stableHash } from "../../supabase/functions/_shared/analysis/hash.ts";
import {
  analyzeLogistics,
  logisticsPartsFor,
} from "../../supabase/functions/_shared/analysis/logistics.ts";
import { analyzeMedia, mediaPartsFor } from "../../supabase/functions/_shared/analysis/media.ts";
import {
  type EventInput,
  EventsRequestSchema,
  type EventTask,
  type GalleryAsset,
  LogisticsRequestSchema,
  MediaRequestSchema,
  type Sample,
  type SampleStatus,
  type ShotItem,
} from "../../supabase/functions/_shared/analysis/schemas.ts";

const ITEMS = 10_000;
const NOW = new Date("2025-03-10T12:00:00.000Z");
const DAY_MS = 86_400_000;

const random = mulberry32(2025);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const isoAround = (days: number) =>
  new Date(NOW.getTime() + (random() * 2 - 1) * days * DAY_MS).toISOString();

const STATUSES: SampleStatus[] = [
  "requested",
  "in_transit",
  "awaiting",
  "on_set",
  "shot",
  "returned",
];
const samples: Sample[] = Array.from({ length: ITEMS }, (_, i) => ({
  id: `sample-${i}`,
  name: `Sample ${i}`,
  category: `category-${i % 40}`,
  status: pick(STATUSES),
  isHero: random() < 0.1,
  expectedAt: isoAround(10),
  shootDate: isoAround(10),
  lookId: `look-${i % 500}`,
  designer: `Designer ${i % 60}`,
}));

// Each task depends on up to three earlier tasks, so the graph is a DAG by construction.
const tasks: EventTask[] = Array.from({ length: ITEMS }, (_, i) => {
  const dependsOn = new Set<string>();
  const wanted = i === 0 ? 0 : 1 + Math.floor(random() * 3);
  for (let k = 0; k < wanted; k++) dependsOn.add(`task-${Math.floor(random() * i)}`);
  return {
    id: `task-${i}`,
    title: `Task ${i}`,
    status: pick(["todo", "in_progress", "blocked", "done"] as const),
    durationMinutes: Math.floor(random() * 120),
    dependsOn: [...dependsOn],
    deadline: isoAround(5),
    phase: pick(["setup", "show", "teardown", null] as const),
  };
});
const event: EventInput = {
  id: "event-1",
  name: "Bench show",
  startsAt: "2025-03-20T18:00:00.000Z",
  endsAt: "2025-03-20T21:00:00.000Z",
  tasks,
  staffing: {
    required: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`role-${i}`, 5])),
    assigned: Array.from(
      { length: 200 },
      (_, i) => ({ name: `Crew ${i}`, role: `role-${i % 35}` }),
    ),
  },
};

const SHOT_TYPES = ["full_length", "portrait", "detail", "back", "landscape", "close_up"];
const assets: GalleryAsset[] = Array.from({ length: ITEMS }, (_, i) => ({
  id: `asset-${i}`,
  lookId: `look-${i % 500}`,
  shotType: pick(SHOT_TYPES),
  width: pick([2000, 4000, 6000]),
  height: pick([3000, 4000, 6000]),
  sharpness: random() < 0.9 ? random() : null,
  exposure: random() < 0.9 ? random() * 4 - 2 : null,
  tags: ["linen", "studio", "minimal", "denim"].filter(() => random() < 0.5),
  status: pick(["pending", "approved", "rejected", null] as const),
}));
const shotList: ShotItem[] = Array.from({ length: 3_000 }, (_, i) => ({
  id: `shot-${i}`,
  lookId: `look-${i % 500}`,
  shotType: SHOT_TYPES[i % SHOT_TYPES.length],
  quantity: 1 + (i % 4),
  required: i % 3 !== 0,
}));

// Guard: a generated DAG that accidentally failed would benchmark the early error return.
if (analyzeEvent(event, eventPartsFor("all"), NOW).error) {
  throw new Error("Cannot run the bench: the generated task graph is invalid");
}

Deno.bench("analyzeLogistics() all parts, 10,000 samples", { group: "analyze" }, () => {
  analyzeLogistics(samples, logisticsPartsFor("all"), NOW);
});

Deno.bench("analyzeEvent() all parts, 10,000 tasks in a DAG", { group: "analyze" }, () => {
  analyzeEvent(event, eventPartsFor("all"), NOW);
});

Deno.bench("analyzeMedia() all parts, 10,000 assets, 3,000 shots", { group: "analyze" }, () => {
  analyzeMedia({ assets, shotList }, mediaPartsFor("all"), {
    brandKeywords: ["linen", "minimal"],
  });
});

Deno.bench("LogisticsRequestSchema.parse() 10,000 samples", { group: "parse" }, () => {
  LogisticsRequestSchema.parse({ sampleList: samples });
});

Deno.bench("EventsRequestSchema.parse() 10,000 tasks", { group: "parse" }, () => {
  EventsRequestSchema.parse({ event });
});

Deno.bench("MediaRequestSchema.parse() 10,000 assets", { group: "parse" }, () => {
  MediaRequestSchema.parse({ assets, shotList });
});

Deno.bench("stableHash() 10,000 samples", { group: "hash" }, async () => {
  await stableHash(samples);
});
