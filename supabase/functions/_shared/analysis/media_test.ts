import { deepEqual, equal } from "node:assert/strict";
import { analyzeMedia, mediaPartsFor } from "./media.ts";
import type { GalleryAsset, ShotItem } from "./schemas.ts";

const assets: GalleryAsset[] = Array.from({ length: 20 }, (_, i) => ({
  id: `a${String(i).padStart(2, "0")}`,
  lookId: `L${i % 10}`,
  shotType: "full_length",
  width: 4000,
  height: 6000,
  sharpness: i / 20,
}));
const shotList: ShotItem[] = [
  { id: "s1", lookId: "L1", shotType: "full_length", quantity: 3, required: true },
];

Deno.test("mediaPartsFor() expands all into every part", () => {
  deepEqual([...mediaPartsFor("all")], ["quality", "missing", "selects"]);
  deepEqual([...mediaPartsFor("missing")], ["missing"]);
});

Deno.test("analyzeMedia() runs every part with a default of 12 selects", () => {
  const result = analyzeMedia({ assets, shotList }, mediaPartsFor("all"));
  equal(result.qualityScores?.length, 20);
  equal(result.selects?.length, 12);
  equal(result.selects?.[0].id, "a19");
  deepEqual(result.missingShots?.map((m) => [m.shotItemId, m.have, m.missing]), [["s1", 2, 1]]);
});

Deno.test("analyzeMedia() passes topN, cap and brand keywords through", () => {
  const result = analyzeMedia(
    { assets, shotList },
    new Set(["selects", "quality"]),
    { topN: 3, capPerGroup: 1, brandKeywords: ["linen"] },
  );
  equal(result.selects?.length, 3);
  equal(result.qualityScores?.[0].factors.brand, 50);
  equal(result.missingShots, undefined);
});

Deno.test("analyzeMedia() returns only the parts asked for", () => {
  deepEqual(Object.keys(analyzeMedia({ assets, shotList }, new Set(["selects"]))), ["selects"]);
});
