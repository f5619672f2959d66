/**
 * Seeded inputs for the analyzers at any size: the same lists on every run and machine, valid
 * for the request schemas (an event's dependency edges stay under the 20,000 the schema allows).
 */
import { mulberry32 } from "../_random.ts";
import type {
  EventInput,
  EventTask,
  GalleryAsset,
  Sample,
  SampleStatus,
  ShotItem,
} from "../../supabase/functions/_shared/analysis/schemas.ts";
import { SampleStatusSchema } from "../../supabase/functions/_shared/analysis/schemas.ts";

export const NOW = new Date("2025-03-10T12:00:00.000Z");
const DAY_MS = 86_400_000;
const SAMPLE_STATUSES: readonly SampleStatus[] = SampleStatusSchema.options;
const SHOT_TYPES = ["full_length", "portrait", "detail", "back", "landscape", "close_up"];

function generator(seed: number) {
  const random = mulberry32(seed);
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)],
    isoAround: (days: number) =>
      new Date(NOW.getTime() + (random() * 2 - 1) * days * DAY_MS).toISOString(),
  };
}

/** `n` samples for logistics-analyzer's `sampleList`. */
export function samplesOf(n: number): Sample[] {
  const { random, pick, isoAround } = generator(2025);
  return Array.from({ length: n }, (_, i) => ({
    id: `sample-${i}`,
    name: `Sample ${i}`,
    category: `category-${i % 40}`,
    status: pick(SAMPLE_STATUSES),
    isHero: random() < 0.1,
    expectedAt: isoAround(10),
    shootDate: isoAround(10),
    lookId: `look-${i % 500}`,
    designer: `Designer ${i % 60}`,
  }));
}

/** An event of `n` tasks, each depending on one or two earlier ones (a DAG by construction). */
export function eventOf(n: number): EventInput {
  const { random, pick, isoAround } = generator(2026);
  const tasks: EventTask[] = Array.from({ length: n }, (_, i) => {
    const dependsOn = new Set<string>();
    const wanted = i === 0 ? 0 : 1 + Math.floor(random() * 2);
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
  return {
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
}

/** `n` gallery assets and a shot list of about a third as many shots. */
export function mediaOf(n: number): { assets: GalleryAsset[]; shotList: ShotItem[] } {
  const { random, pick } = generator(2027);
  const assets: GalleryAsset[] = Array.from({ length: n }, (_, i) => ({
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
  const shotList: ShotItem[] = Array.from({ length: Math.ceil(n * 0.3) }, (_, i) => ({
    id: `shot-${i}`,
    lookId: `look-${i % 500}`,
    shotType: SHOT_TYPES[i % SHOT_TYPES.length],
    quantity: 1 + (i % 4),
    required: i % 3 !== 0,
  }));
  return { assets, shotList };
}
