/** The analyzers' answers as the client reads them (see the README's table of functions). */
export type Severity = "critical" | "warning" | "info";
export type SampleStatus = "requested" | "in_transit" | "awaiting" | "on_set" | "shot" | "returned";

export interface ReadinessSummary {
  total: number;
  ready: number;
  percent: number;
}

export interface LogisticsAnalysis {
  readiness?: ReadinessSummary & {
    byStatus: Record<SampleStatus, number>;
    heroes: ReadinessSummary;
    leastReadyCategories: (ReadinessSummary & { category: string })[];
  };
  blockers?: {
    sampleId: string;
    name: string;
    category: string;
    status: SampleStatus;
    isHero: boolean;
    daysLate: number;
    daysToShoot: number | null;
    severity: Severity;
    reason: string;
    suggestedAction: string;
  }[];
  batching?: {
    batches: {
      category: string;
      itemCount: number;
      heroCount: number;
      estimatedMinutesSaved: number;
      minutesBatched: number;
    }[];
    itemCount: number;
    estimatedMinutesSaved: number;
  };
}

export interface SampleRow {
  id: string;
  name: string;
  category: string;
  status: SampleStatus;
  is_hero: boolean;
  designer: string | null;
  expected_at: string | null;
  shoot_date: string | null;
}

export interface EventRow {
  id: string;
  name: string;
  starts_at: string;
  ends_at: string | null;
  venue: string | null;
}

export interface TaskRow {
  id: string;
  title: string;
  status: "todo" | "in_progress" | "blocked" | "done";
  deadline: string | null;
  phase: "setup" | "show" | "teardown";
  duration_minutes: number;
}

export interface EventAnalysis {
  criticalPath?: {
    projectedFinish: string;
    onTrack: boolean;
    bufferMinutes: number | null;
    criticalChain: string[];
    atRisk: { id: string; title: string; reasons: string[] }[];
  };
  staffing?: { role: string; required: number; assigned: number; gap: number }[];
  runOfShow?: {
    showWindowMinutes: number;
    blocks: {
      phase: string;
      start: string;
      end: string;
      durationMinutes: number;
      taskIds: string[];
      overrun: boolean;
      overrunMinutes: number;
    }[];
  };
}

export interface MediaAnalysis {
  qualityScores?: { assetId: string; score: number; status: string }[];
  missingShots?: {
    shotItemId: string;
    lookId: string;
    shotType: string;
    required: boolean;
    needed: number;
    have: number;
    missing: number;
  }[];
  selects?: { id: string; score: number; lookId: string | null; shotType: string | null }[];
}

export const SAMPLE_STATUSES: { value: SampleStatus; label: string }[] = [
  { value: "requested", label: "Requested" },
  { value: "in_transit", label: "In transit" },
  { value: "awaiting", label: "Awaiting" },
  { value: "on_set", label: "On set" },
  { value: "shot", label: "Shot" },
  { value: "returned", label: "Returned" },
];

export function statusLabel(status: string): string {
  return SAMPLE_STATUSES.find((s) => s.value === status)?.label ?? status.replace(/_/g, " ");
}
