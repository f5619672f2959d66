import { deepEqual, equal } from "node:assert/strict";
import { qualityScores } from "./quality.ts";
import type { GalleryAsset } from "./schemas.ts";

const sharpFullLength: GalleryAsset = {
  id: "a1",
  lookId: "L1",
  shotType: "full_length",
  width: 2000,
  height: 3000,
  sharpness: 0.8,
  exposure: 0.5,
  tags: ["Linen", "minimal", "studio"],
};

Deno.test("qualityScores() combines technical and composition without brand keywords", () => {
  // technical: 0.3 * 45.45 (6 MP) + 0.4 * 80 + 0.3 * 75 (0.5 EV off) = 68.14
  // score: 0.625 * 68.14 + 0.375 * 100 = 80.09
  deepEqual(qualityScores([sharpFullLength]), [
    {
      assetId: "a1",
      lookId: "L1",
      shotType: "full_length",
      status: "pending",
      score: 80,
      factors: { technical: 68, composition: 100, brand: null },
    },
  ]);
});

Deno.test("qualityScores() weighs in brand keywords matched by tags", () => {
  const [scored] = qualityScores([sharpFullLength], {
    brandKeywords: ["linen", "Minimal ", "summer", "beach"],
  });
  // 2 of the 3 keywords needed for full marks: 66.7; 0.5 * 68.14 + 0.3 * 100 + 0.2 * 66.7 = 77.4
  deepEqual(scored.factors, { technical: 68, composition: 100, brand: 67 });
  equal(scored.score, 77);
});

Deno.test("qualityScores() treats missing measurements and tags as neutral", () => {
  const bare: GalleryAsset = { id: "bare", width: 1000, height: 1000 };
  const [withoutBrand] = qualityScores([bare]);
  // 1 MP scores 0 for resolution; sharpness and exposure default to 50; no shot type: 50.
  deepEqual(withoutBrand, {
    assetId: "bare",
    lookId: null,
    shotType: null,
    status: "pending",
    score: 41,
    factors: { technical: 35, composition: 50, brand: null },
  });
  const [withBrand] = qualityScores([{ ...bare, tags: [] }], { brandKeywords: ["linen"] });
  equal(withBrand.factors.brand, 50);
});

Deno.test("qualityScores() scores a tagged asset with no matching keyword 0 for brand", () => {
  const [scored] = qualityScores([sharpFullLength], { brandKeywords: ["denim"] });
  equal(scored.factors.brand, 0);
});

Deno.test("qualityScores() scores aspect ratio against the shot type's table", () => {
  const asset = (id: string, shotType: string, width: number, height: number) => ({
    id,
    shotType,
    width,
    height,
  });
  const scores = qualityScores([
    asset("rotated", "full_length", 3000, 2000),
    asset("spelled", "Full Length", 2000, 3000),
    asset("portrait45", "portrait", 4000, 5000),
    asset("squarePortrait", "portrait", 4000, 4000),
    asset("wide", "landscape", 6000, 4000),
    asset("unknown", "polaroid", 6000, 4000),
    asset("inherited", "constructor", 6000, 4000),
  ]);
  deepEqual(scores.map((s) => [s.assetId, s.factors.composition]), [
    ["rotated", 0],
    ["spelled", 100],
    ["portrait45", 100],
    ["squarePortrait", 45],
    ["wide", 100],
    ["unknown", 50],
    ["inherited", 50],
  ]);
});

Deno.test("qualityScores() caps resolution and exposure penalties", () => {
  const [big, dark] = qualityScores([
    { id: "big", width: 8000, height: 6000, sharpness: 1, exposure: 0 },
    { id: "dark", width: 8000, height: 6000, sharpness: 1, exposure: -3 },
  ]);
  equal(big.factors.technical, 100);
  equal(dark.factors.technical, 70);
});

Deno.test("qualityScores() keeps each asset's status and returns nothing for no assets", () => {
  const [rejected] = qualityScores([{ ...sharpFullLength, status: "rejected" }]);
  equal(rejected.status, "rejected");
  deepEqual(qualityScores([]), []);
});
