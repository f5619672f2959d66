/**
 * Feature recommendations: assistant features the caller has not used yet (per their
 * `analytics_events`), fitting their role, their stored work and the page they are on. @module
 */
import {
  clampScore,
  MAX_RECOMMENDATIONS,
  oneDecimal,
  type Recommendation,
  topRecommendations,
} from "./recommendation.ts";

export type WorkKit = "logistics" | "events" | "media";

export interface Feature {
  id: string;
  name: string;
  description: string;
  /** The kit whose work it is about; null for features of the assistant as a whole. */
  kit: WorkKit | null;
  /** Roles it is made for (normalized, see `normalizeRole`), or everyone. */
  roles: readonly string[] | "all";
  /** Only administrators can use it (`app_metadata.role = "admin"`). */
  adminOnly?: boolean;
  /**
   * Usage keys that mean it has been used: an analytics `event_type`, or `@<name>` for a
   * `function`, `insightType`, `skill` or `feature` named in an event's data.
   */
  usedBy: readonly string[];
  link: string;
}

/** What the assistant can do, as a producer meets it. */
export const FEATURES: readonly Feature[] = [
  {
    id: "readiness_report",
    name: "Shoot readiness and late-sample blockers",
    description: "How ready the samples for a shoot are, and which late pieces threaten it.",
    kit: "logistics",
    roles: ["producer", "stylist", "coordinator"],
    usedBy: ["@logistics-analyzer", "@logistics", "@readiness", "@blockers"],
    link: "/logistics?assistant=readiness",
  },
  {
    id: "courier_batching",
    name: "Courier batching",
    description: "Groups sample pickups by designer and day to save courier runs.",
    kit: "logistics",
    roles: ["producer", "coordinator"],
    usedBy: ["@batching"],
    link: "/logistics?assistant=batching",
  },
  {
    id: "critical_path",
    name: "Event critical path",
    description: "The chain of tasks that decides whether the show starts on time.",
    kit: "events",
    roles: ["producer", "event_manager", "coordinator"],
    usedBy: ["@events-optimizer", "@events", "@critical_path"],
    link: "/events?assistant=critical-path",
  },
  {
    id: "staffing_gaps",
    name: "Staffing gaps",
    description: "Required versus booked crew per role, for every event.",
    kit: "events",
    roles: ["event_manager", "producer"],
    usedBy: ["@staffing"],
    link: "/events?assistant=staffing",
  },
  {
    id: "run_of_show",
    name: "Run-of-show draft",
    description: "A timed running order from the event's tasks.",
    kit: "events",
    roles: ["event_manager", "producer", "stage_manager"],
    usedBy: ["@run_of_show"],
    link: "/events?assistant=run-of-show",
  },
  {
    id: "photo_selects",
    name: "Photo quality scores and selects",
    description: "Scores every photo and proposes the best frames per look.",
    kit: "media",
    roles: ["photographer", "art_director", "retoucher", "producer"],
    usedBy: ["@media-scorer", "@media", "@quality", "@selects"],
    link: "/media/gallery?assistant=selects",
  },
  {
    id: "missing_shots",
    name: "Missing-shot check",
    description: "Compares the gallery with the shot list before the samples go back.",
    kit: "media",
    roles: ["photographer", "producer", "art_director"],
    usedBy: ["@missing", "@missing_shots"],
    link: "/media/shots?missing=1",
  },
  {
    id: "next_actions",
    name: "Next-action recommendations",
    description: "What to do next across samples, events and photos, most urgent first.",
    kit: null,
    roles: "all",
    usedBy: ["@recommendations", "@next_actions"],
    link: "/assistant?ask=next-actions",
  },
  {
    id: "assistant_chat",
    name: "Ask the assistant",
    description: "Questions in plain words, answered with your own figures.",
    kit: null,
    roles: "all",
    usedBy: ["assistant_opened", "@chat-orchestrator", "@chat"],
    link: "/assistant",
  },
  {
    id: "compose",
    name: "Compose call sheets and briefs",
    description: "Drafts documents from your shoot and event data.",
    kit: null,
    roles: ["producer", "stylist", "coordinator", "marketing"],
    usedBy: ["@compose"],
    link: "/compose",
  },
  {
    id: "live_alerts",
    name: "Live alerts",
    description: "Toasts when samples move, tasks change hands or deadlines come close.",
    kit: null,
    roles: "all",
    usedBy: ["notifications_configured", "@notifications"],
    link: "/settings/notifications",
  },
  {
    id: "ai_settings",
    name: "AI configuration",
    description: "Model, budget and provider key for your organization's assistant.",
    kit: null,
    roles: ["admin"],
    adminOnly: true,
    usedBy: ["@ai-configuration", "ai_configuration_updated"],
    link: "/settings/ai",
  },
];

export interface FeatureSignals {
  /** Usage keys from the caller's analytics (see `Feature.usedBy`). */
  usage: ReadonlySet<string>;
  /** How much stored work the caller has per kit (samples; upcoming events; photos + shots). */
  workByKit: Readonly<Record<WorkKit, number>>;
  isAdmin: boolean;
}

export interface FeatureRequest {
  userRole?: string;
  currentPage?: string;
}

export type FeatureItem = Pick<Feature, "id" | "name" | "description" | "kit"> & {
  usedBefore: boolean;
};
export type FeatureRecommendation = Recommendation<FeatureItem>;

/** "Event Manager", "event-manager" → "event_manager". */
export function normalizeRole(role: string): string {
  return role.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** At least this many features are returned: used ones make up the number when needed. */
const MIN_FEATURES = 3;
/** A used feature offered to make up the minimum keeps this share of its score. */
const USED_PENALTY = 0.2;

const WORK_NOUN: Record<WorkKit, string> = {
  logistics: "samples",
  events: "upcoming events",
  media: "photos and shots",
};

function label(role: string): string {
  return role.replaceAll("_", " ");
}

/**
 * The 3–5 features best worth trying, best first:
 * `score = 0.5 × role + 0.3 × work + 0.2 × page`, where role is 1 when the feature is made for
 * the caller's role (administrators: also for "admin"), 0.8 when it is for everyone, 0.6 when no role is given and 0.2 otherwise;
 * work is 1 when the caller has stored work in the feature's kit, 0.4 when not, 0.6 for
 * features of the whole assistant; page is 1 when `currentPage` is in the feature's kit, 0.5 for
 * features of the whole assistant, else 0. Used features are left out, unless fewer than 3
 * remain: then the best used ones make up the number at a fifth of their score. Admin-only
 * features are offered to administrators only.
 *
 * @example A producer who has only asked about readiness
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { recommendFeatures } from "./features.ts";
 *
 * const [first] = recommendFeatures({
 *   usage: new Set(["@logistics-analyzer"]),
 *   workByKit: { logistics: 40, events: 1, media: 0 },
 *   isAdmin: false,
 * }, { userRole: "Producer", currentPage: "/events/e1" });
 * equal(first.item.id, "critical_path");
 * equal(first.score, 1); // 0.5 × 1 + 0.3 × 1 + 0.2 × 1
 * ```
 */
export function recommendFeatures(
  signals: FeatureSignals,
  request: FeatureRequest,
  catalogue: readonly Feature[] = FEATURES,
): FeatureRecommendation[] {
  const role = request.userRole ? normalizeRole(request.userRole) : undefined;
  const page = request.currentPage;
  const scored = catalogue
    .filter((feature) => !feature.adminOnly || signals.isAdmin)
    .map((feature) => {
      const used = feature.usedBy.some((key) => signals.usage.has(key));
      let roleFit: number;
      let roleText: string;
      if (feature.roles === "all") {
        [roleFit, roleText] = [0.8, "for every role"];
      } else if (signals.isAdmin && feature.roles.includes("admin")) {
        [roleFit, roleText] = [1, "made for administrators"];
      } else if (role !== undefined && feature.roles.includes(role)) {
        [roleFit, roleText] = [1, `made for ${label(role)}`];
      } else if (role === undefined) {
        [roleFit, roleText] = [0.6, "no role given"];
      } else {
        [roleFit, roleText] = [0.2, `made for ${feature.roles.map(label).join(", ")}`];
      }
      let workFit: number;
      let workText: string;
      let pageFit: number;
      if (feature.kit === null) {
        [workFit, workText, pageFit] = [0.6, "any work", 0.5];
      } else {
        const count = signals.workByKit[feature.kit];
        [workFit, workText] = count > 0
          ? [1, `${count} ${WORK_NOUN[feature.kit]} stored`]
          : [0.4, `no ${WORK_NOUN[feature.kit]} stored yet`];
        pageFit = page !== undefined &&
            (page === `/${feature.kit}` || page.startsWith(`/${feature.kit}/`) ||
              page.startsWith(`/${feature.kit}?`))
          ? 1
          : 0;
      }
      const score = 0.5 * roleFit + 0.3 * workFit + 0.2 * pageFit;
      const pageText = feature.kit === null
        ? "any page"
        : pageFit
        ? `you are on ${page}`
        : `not on a ${feature.kit} page`;
      const recommendation: FeatureRecommendation = {
        item: {
          id: feature.id,
          name: feature.name,
          description: feature.description,
          kit: feature.kit,
          usedBefore: used,
        },
        score: clampScore(used ? score * USED_PENALTY : score),
        rationale: `${used ? "Used before" : "Not used yet"}. Role ${oneDecimal(roleFit)}: ` +
          `${roleText}. Work ${oneDecimal(workFit)}: ${workText}. Page ${oneDecimal(pageFit)}: ` +
          `${pageText}.`,
        action: feature.link,
      };
      return recommendation;
    });
  const tieBreak = (r: FeatureRecommendation) => r.item.id;
  const unused = topRecommendations(scored.filter((r) => !r.item.usedBefore), tieBreak);
  if (unused.length >= MIN_FEATURES) return unused;
  const used = topRecommendations(scored.filter((r) => r.item.usedBefore), tieBreak);
  return [...unused, ...used.slice(0, Math.max(0, MIN_FEATURES - unused.length))].slice(
    0,
    MAX_RECOMMENDATIONS,
  );
}
