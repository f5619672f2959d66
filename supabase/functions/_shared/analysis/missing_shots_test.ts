import { deepEqual } from "node:assert/strict";
import { missingShots } from "./missing_shots.ts";
import type { GalleryAsset, ShotItem } from "./schemas.ts";

function asset(id: string, lookId: string | null, shotType: string | null, extra = {}) {
  const built: GalleryAsset = { id, lookId, shotType, width: 2000, height: 3000, ...extra };
  return built;
}

function item(id: string, lookId: string, shotType: string, extra: Partial<ShotItem> = {}) {
  const built: ShotItem = { id, lookId, shotType, quantity: 1, required: true, ...extra };
  return built;
}

const assets = [
  asset("a1", "L1", "front"),
  asset("a2", "L1", "front", { status: "approved" }),
  asset("a3", "L1", "front", { status: "rejected" }),
  asset("a4", "L1", "back"),
  asset("a5", null, "front"),
  asset("a6", "L2", "Detail"),
];

Deno.test("missingShots() counts quantity, one unit per asset, rejected assets excluded", () => {
  deepEqual(missingShots(assets, [item("s1", "L1", "front", { quantity: 3 })]), [
    {
      shotItemId: "s1",
      lookId: "L1",
      shotType: "front",
      required: true,
      needed: 3,
      have: 2,
      missing: 1,
    },
  ]);
});

Deno.test("missingShots() serves required items first and lists them first", () => {
  const gaps = missingShots(assets, [
    item("s1", "L1", "front", { quantity: 3 }),
    item("s2", "L1", "back", { required: false }),
    item("s3", "L2", "detail"),
    item("s4", "L3", "front", { quantity: 2, required: false }),
    item("s5", "L1", "back"),
  ]);
  deepEqual(
    gaps.map((g) => [g.shotItemId, g.required, g.have, g.missing]),
    [
      ["s1", true, 2, 1],
      ["s2", false, 0, 1],
      ["s4", false, 0, 2],
    ],
  );
});

Deno.test("missingShots() returns nothing when the shot list is covered or empty", () => {
  deepEqual(missingShots(assets, [item("s1", "L1", "front", { quantity: 2 })]), []);
  deepEqual(missingShots(assets, []), []);
});

Deno.test("missingShots() reports every item as missing when there are no assets", () => {
  deepEqual(missingShots([], [item("s1", "L1", "front", { quantity: 2 })]).map((g) => g.missing), [
    2,
  ]);
});
