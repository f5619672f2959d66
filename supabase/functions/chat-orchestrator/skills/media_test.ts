import { deepEqual, equal } from "node:assert/strict";
import { missingShots } from "../../_shared/analysis/media.ts";
import type { QualityScore } from "../../_shared/analysis/media.ts";
import { type FullMedia, missingShotsAnswer, qualityAnswer, selectsAnswer } from "./media.ts";

const score = (
  assetId: string,
  value: number,
  lookId = "L1",
  status = "approved",
): QualityScore => ({
  assetId,
  lookId,
  shotType: "front",
  status: status as QualityScore["status"],
  score: value,
  factors: { technical: value, composition: value, brand: null },
});

const media = (parts: Partial<FullMedia>): FullMedia => ({
  qualityScores: [],
  missingShots: [],
  selects: [],
  ...parts,
});

Deno.test("qualityAnswer() averages the photos not rejected and lists the low ones, lowest first", () => {
  // (90 + 80 + 40 + 30) / 4 = 60; the rejected 10 does not count.
  const answer = qualityAnswer(media({
    qualityScores: [
      score("a1", 90),
      score("a2", 80),
      score("a3", 40),
      score("a4", 30),
      score("a5", 10, "L1", "rejected"),
    ],
  }));
  equal(
    answer.content,
    "Average quality is 60 out of 100 across 4 photos; 2 score under 50: a4 (30) and a3 (40).",
  );
  equal(answer.severity, "info");
  equal(qualityAnswer(media({ qualityScores: [score("a1", 90)] })).severity, "success");
  equal(qualityAnswer(media({})).content.startsWith("There are no photos"), true);
});

Deno.test("missingShotsAnswer() counts required shots by look, then optional ones", () => {
  // L1 front needs 2 and has 1; L1 back needs 1 and has none; L2 detail (optional) has none.
  const missing = missingShots(
    [
      { id: "a1", lookId: "L1", shotType: "front", width: 2000, height: 3000 },
      { id: "a2", lookId: "L2", shotType: "front", width: 2000, height: 3000 },
    ],
    [
      { id: "i1", lookId: "L1", shotType: "front", quantity: 2, required: true },
      { id: "i2", lookId: "L1", shotType: "back", quantity: 1, required: true },
      { id: "i3", lookId: "L2", shotType: "detail", quantity: 1, required: false },
    ],
  );
  const answer = missingShotsAnswer(media({ missingShots: missing }));
  equal(
    answer.content,
    "2 required shots are still missing across 1 look: L1 front (1 of 2) and L1 back (0 of 1). " +
      "1 optional shot too.",
  );
  equal(answer.severity, "warning");
  deepEqual(answer.actions?.[0], {
    label: "Open missing shots",
    target: "/media/shots?missing=1",
    primary: true,
  });
  equal(
    missingShotsAnswer(media({ missingShots: missing.filter((m) => !m.required) })).severity,
    "info",
  );
  equal(missingShotsAnswer(media({})).severity, "success");
});

Deno.test("selectsAnswer() gives the picks with their scores and the looks they cover", () => {
  const answer = selectsAnswer(media({
    selects: [
      { id: "a1", score: 92, lookId: "L1", shotType: "front" },
      { id: "a7", score: 88, lookId: "L2", shotType: "back" },
      { id: "a3", score: 80, lookId: "L1", shotType: "back" },
    ],
  }));
  equal(answer.content, "Top 3 selects: a1 (92), a7 (88) and a3 (80); they cover 2 looks.");
  equal(answer.actions?.[0].target, "/media/selects");
});
