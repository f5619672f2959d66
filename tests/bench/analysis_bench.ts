/**
 * The pure analyzers, and the request schemas at the largest list the handlers
 * accept (10,000 items), without HTTP or a database. Prints figures only; nothing here asserts
 * on time. Run: `npx deno bench tests/bench/analysis_bench.ts`.
 *
 * @module
 */
import { analyzeEvent, eventPartsFor } from "../../supabase/functions/_shared/analysis/events.ts";
import {
  analyzeLogistics,
  logisticsPartsFor,
} from "../../supabase/functions/_shared/analysis/logistics.ts";
import { analyzeMedia, mediaPartsFor } from "../../supabase/functions/_shared/analysis/media.ts";
import {
  EventsRequestSchema,
  LogisticsRequestSchema,
  MediaRequestSchema,
} from "../../supabase/functions/_shared/analysis/schemas.ts";
import { eventOf, mediaOf, NOW, samplesOf } from "./_data.ts";

const ITEMS = 10_000;
const samples = samplesOf(ITEMS);
const event = eventOf(ITEMS);
const { assets, shotList } = mediaOf(ITEMS);

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
  analyzeMedia({ assets, shotList }, mediaPartsFor("all"), { brandKeywords: ["linen", "minimal"] });
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
