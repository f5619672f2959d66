import { deepEqual, equal } from "node:assert/strict";
import { FEATURES, type FeatureSignals, normalizeRole, recommendFeatures } from "./features.ts";

const NO_WORK = { logistics: 0, events: 0, media: 0 };
const ids = (list: ReturnType<typeof recommendFeatures>) => list.map((r) => [r.item.id, r.score]);

Deno.test("normalizeRole() folds case, spaces and hyphens", () => {
  equal(normalizeRole(" Event Manager "), "event_manager");
  equal(normalizeRole("art-director"), "art_director");
});

Deno.test("recommendFeatures() offers unused features for the role, the work and the page", () => {
  const signals: FeatureSignals = {
    usage: new Set(["@media-scorer", "assistant_opened"]),
    workByKit: { logistics: 0, events: 0, media: 12 },
    isAdmin: false,
  };
  const ranked = recommendFeatures(signals, {
    userRole: "Photographer",
    currentPage: "/media/gallery",
  });
  deepEqual(ids(ranked), [
    ["missing_shots", 1], // 0.5 × 1 + 0.3 × 1 + 0.2 × 1
    ["live_alerts", 0.68], // 0.5 × 0.8 + 0.3 × 0.6 + 0.2 × 0.5
    ["next_actions", 0.68],
    ["compose", 0.38], // 0.5 × 0.2 + 0.3 × 0.6 + 0.2 × 0.5
    ["courier_batching", 0.22], // 0.5 × 0.2 + 0.3 × 0.4 + 0
  ]);
  equal(
    ranked[0].rationale,
    "Not used yet. Role 1: made for photographer. Work 1: 12 photos and shots stored. " +
      "Page 1: you are on /media/gallery.",
  );
  equal(ranked[0].action, "/media/shots?missing=1");
  equal(ranked[4].rationale.includes("Role 0.2: made for producer, coordinator"), true);
  // photo_selects (@media-scorer) and assistant_chat (assistant_opened) were used
  equal(ranked.some((r) => r.item.usedBefore), false);
});

Deno.test("recommendFeatures() shows the AI configuration to administrators only", () => {
  const none: FeatureSignals = { usage: new Set(), workByKit: NO_WORK, isAdmin: false };
  deepEqual(ids(recommendFeatures({ ...none, isAdmin: true }, {})), [
    ["ai_settings", 0.78], // 0.5 × 1 + 0.3 × 0.6 + 0.2 × 0.5
    ["assistant_chat", 0.68],
    ["live_alerts", 0.68],
    ["next_actions", 0.68],
    ["compose", 0.58], // no role given: 0.5 × 0.6 + 0.18 + 0.1
  ]);
  deepEqual(ids(recommendFeatures(none, {})), [
    ["assistant_chat", 0.68],
    ["live_alerts", 0.68],
    ["next_actions", 0.68],
    ["compose", 0.58],
    ["courier_batching", 0.42], // 0.5 × 0.6 + 0.3 × 0.4
  ]);
});

Deno.test("recommendFeatures() makes up three with used features at a fifth of their score", () => {
  const usage = new Set(
    FEATURES.filter((f) => f.id !== "compose").flatMap((f) => f.usedBy),
  );
  const ranked = recommendFeatures({ usage, workByKit: NO_WORK, isAdmin: false }, {});
  deepEqual(ids(ranked), [
    ["compose", 0.58],
    ["assistant_chat", 0.136], // 0.68 × 0.2
    ["live_alerts", 0.136],
  ]);
  deepEqual(ranked.map((r) => r.item.usedBefore), [false, true, true]);
  equal(ranked[1].rationale.startsWith("Used before."), true);
});
