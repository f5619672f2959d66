/**
 * The media skills: quality, missing shots and selects of the gallery, over the media
 * scorer's full result (`analyzeMedia` with every part).
 */
import type { MissingShot, QualityScore, Select } from "../../_shared/analysis/media.ts";
import { count, isAre, listOf } from "../format.ts";
import type { SkillAnswer } from "../types.ts";
import { FOLLOW_UPS } from "./follow_up.ts";

/** Every part of a media analysis (what the analyzers' cache holds for the stored gallery). */
export interface FullMedia {
  qualityScores: QualityScore[];
  missingShots: MissingShot[];
  selects: Select[];
}

/** Below this score a photo is worth a second look. */
export const LOW_QUALITY_SCORE = 50;

export const MISSING_SHOTS = "/media/shots?missing=1";
export const GALLERY = "/media/gallery";
export const SELECTS = "/media/selects";

const noPhotos = (): SkillAnswer => ({
  content: "There are no photos in the gallery yet: upload the shoot's photos to score them.",
  severity: "info",
  actions: [{ label: "Open the gallery", target: GALLERY, primary: true }],
  followUp: ["Which shots are missing?", "What should I do next?"],
  facts: { assets: 0 },
});

/** The average score, and the photos under `LOW_QUALITY_SCORE`, lowest first. */
export function qualityAnswer(full: FullMedia): SkillAnswer {
  const scores = full.qualityScores.filter((s) => s.status !== "rejected");
  if (scores.length === 0) return noPhotos();
  const average = Math.round(scores.reduce((sum, s) => sum + s.score, 0) / scores.length);
  const low = scores.filter((s) => s.score < LOW_QUALITY_SCORE)
    .sort((a, b) => a.score - b.score || (a.assetId < b.assetId ? -1 : 1));
  let content = `Average quality is ${average} out of 100 across ${count(scores.length, "photo")}`;
  content += low.length > 0
    ? `; ${low.length} score${low.length === 1 ? "s" : ""} under ${LOW_QUALITY_SCORE}: ${
      listOf(low.map((s) => `${s.assetId} (${s.score})`))
    }.`
    : `; none scores under ${LOW_QUALITY_SCORE}.`;
  return {
    content,
    severity: low.length > 0 ? "info" : "success",
    actions: [
      { label: "Review by score", target: `${GALLERY}?sort=score`, primary: true },
      ...(low.length > 0 ? [{ label: "Low scores", target: `${GALLERY}?filter=low-quality` }] : []),
    ],
    followUp: FOLLOW_UPS.quality,
    facts: {
      photos: scores.length,
      averageScore: average,
      lowScores: low.slice(0, 10).map((s) => ({ assetId: s.assetId, score: s.score })),
      lowCount: low.length,
    },
  };
}

/** Shot-list items still short, required first; none short is a success. */
export function missingShotsAnswer(full: FullMedia): SkillAnswer {
  const missing = full.missingShots;
  if (missing.length === 0) {
    return {
      content: full.qualityScores.length === 0
        ? "Nothing is missing from the shot list (the shot list is empty or fully covered)."
        : "Every shot on the shot list is covered.",
      severity: "success",
      actions: [{ label: "Open the shot list", target: "/media/shots", primary: true }],
      followUp: FOLLOW_UPS.missing_shots,
      facts: { missing: [] },
    };
  }
  const required = missing.filter((m) => m.required);
  const shots = (list: MissingShot[]) => list.reduce((sum, m) => sum + m.missing, 0);
  const looks = new Set(required.map((m) => m.lookId)).size;
  const describe = (m: MissingShot) => `${m.lookId} ${m.shotType} (${m.have} of ${m.needed})`;
  let content: string;
  if (required.length > 0) {
    const n = shots(required);
    content = `${count(n, "required shot")} ${isAre(n)} still missing across ` +
      `${count(looks, "look")}: ${listOf(required.map(describe))}.`;
    const optional = shots(missing) - n;
    if (optional > 0) content += ` ${count(optional, "optional shot")} too.`;
  } else {
    const n = shots(missing);
    content = `Every required shot is covered; ${count(n, "optional shot")} ${isAre(n)} ` +
      `still missing: ${listOf(missing.map(describe))}.`;
  }
  return {
    content,
    severity: required.length > 0 ? "warning" : "info",
    actions: [{ label: "Open missing shots", target: MISSING_SHOTS, primary: true }],
    followUp: FOLLOW_UPS.missing_shots,
    facts: {
      requiredMissing: shots(required),
      optionalMissing: shots(missing) - shots(required),
      items: missing.slice(0, 10).map((m) => ({
        lookId: m.lookId,
        shotType: m.shotType,
        required: m.required,
        have: m.have,
        needed: m.needed,
      })),
    },
  };
}

/** The top picks with their scores and how many looks they cover. */
export function selectsAnswer(full: FullMedia): SkillAnswer {
  const selects = full.selects;
  if (selects.length === 0) return noPhotos();
  const looks = new Set(selects.map((s) => s.lookId ?? "")).size;
  const content = `Top ${count(selects.length, "select")}: ${
    listOf(selects.map((s) => `${s.id} (${s.score})`), 5)
  }; they cover ${count(looks, "look")}.`;
  return {
    content,
    severity: "info",
    actions: [
      { label: "Open selects", target: SELECTS, primary: true },
      { label: "Review by score", target: `${GALLERY}?sort=score` },
    ],
    followUp: FOLLOW_UPS.selects,
    facts: { selects: selects.map((s) => ({ id: s.id, score: s.score, lookId: s.lookId })) },
  };
}
