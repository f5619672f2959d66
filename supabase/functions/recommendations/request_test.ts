import { deepEqual, equal } from "node:assert/strict";
import { cacheInputs, RecommendationsRequestSchema, timelineDate } from "./request.ts";
import { crewOf } from "./stored_signals.ts";

const NOW = new Date("2026-11-22T08:00:00.000Z");

Deno.test("timelineDate() reads dates, date-times and spans of days, weeks and months", () => {
  equal(timelineDate("10 days", NOW)?.toISOString(), "2026-12-02T08:00:00.000Z");
  equal(timelineDate("1 week", NOW)?.toISOString(), "2026-11-29T08:00:00.000Z");
  equal(timelineDate(" 2 Months ", NOW)?.toISOString(), "2027-01-21T08:00:00.000Z");
  equal(timelineDate("2026-12-24T18:30:00Z", NOW)?.toISOString(), "2026-12-24T18:30:00.000Z");
  for (const text of ["", "tomorrow", "10", "2026-13-45", "1000 days", "-2 days", "Dec 24"]) {
    equal(timelineDate(text, NOW), undefined, JSON.stringify(text));
  }
});

Deno.test("RecommendationsRequestSchema drops unknown context keys and defaults the context", () => {
  const parsed = RecommendationsRequestSchema.parse({
    recommendationType: "features",
    context: { userRole: " stylist ", kit: "media" },
    extra: true,
  });
  deepEqual(parsed, { recommendationType: "features", context: { userRole: "stylist" } });
  deepEqual(RecommendationsRequestSchema.parse({ recommendationType: "packages" }).context, {});
  equal(RecommendationsRequestSchema.safeParse({ recommendationType: "all" }).success, false);
  equal(
    RecommendationsRequestSchema.safeParse({
      recommendationType: "packages",
      context: { budget: Number.POSITIVE_INFINITY },
    }).success,
    false,
  );
});

Deno.test("cacheInputs() keys each type by the inputs it reads, normalized", () => {
  const context = {
    budget: 900,
    timeline: " 2 weeks ",
    userRole: "Art Director",
    currentPage: "/media",
  };
  deepEqual(cacheInputs("packages", context, true), { budget: 900, timeline: "2 weeks" });
  deepEqual(cacheInputs("features", context, true), {
    role: "art_director",
    page: "/media",
    isAdmin: true,
  });
  deepEqual(cacheInputs("next_actions", context, true), {});
});

Deno.test("crewOf() sums the positive head counts and ignores anything else", () => {
  equal(crewOf({ dresser: 8, hair: 4, makeup: 0 }), 12);
  equal(crewOf({ dresser: "8", security: -1, hair: 2.5 }), 2.5);
  equal(crewOf(null), 0);
});
