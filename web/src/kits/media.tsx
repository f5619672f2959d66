/**
 * The media kit: how good the shoot's photos are (a distribution), which required shots are
 * still missing, and the selects. Live on assets:<userId>.
 */
import { useState } from "preact/hooks";
import { callFunction } from "../api.ts";
import { useLiveTopic } from "../live/channel.ts";
import { toastForEvent } from "../live/toast_rules.ts";
import { navigate, type Route } from "../router.ts";
import { Card, EmptyState, ErrorState } from "../ui/states.tsx";
import { showToast } from "../ui/toasts.tsx";
import { useLoad } from "../use_load.ts";
import { KitSkeleton } from "./logistics.tsx";
import { NextActions } from "./next_actions.tsx";
import type { MediaAnalysis } from "./types.ts";
import { useDebounced } from "./use_debounced.ts";

const BUCKETS = [
  { label: "Excellent", min: 80, tone: "good" },
  { label: "Good", min: 60, tone: "fair" },
  { label: "Weak", min: 40, tone: "weak" },
  { label: "Poor", min: 0, tone: "poor" },
];

export function MediaView(
  { userId, route, notify }: { userId: string; route: Route; notify?: Record<string, boolean> },
) {
  const { data, error, loading, reload } = useLoad(
    () => callFunction<MediaAnalysis>("media-scorer", { body: { analysisType: "all" } }),
    [],
  );
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useDebounced(() => {
    setRefreshKey((k) => k + 1);
    reload();
  }, 250);
  useLiveTopic(`assets:${userId}`, (live) => {
    const toast = toastForEvent(live, { blockerIds: new Set(), ownChanges: new Set(), notify });
    if (toast) showToast(toast);
    refresh();
  }, refresh);

  if (loading) return <KitSkeleton />;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return null;
  const scores = data.qualityScores ?? [];
  const missing = (data.missingShots ?? []).filter((m) => m.missing > 0);
  const selects = data.selects ?? [];
  const missingOnly = route.query.get("missing") === "1";
  const counts = BUCKETS.map((b, i) => ({
    ...b,
    count:
      scores.filter((s) => s.score >= b.min && (i === 0 || s.score < BUCKETS[i - 1].min)).length,
  }));
  const most = Math.max(1, ...counts.map((c) => c.count));
  const average = scores.length
    ? Math.round(scores.reduce((n, s) => n + s.score, 0) / scores.length)
    : 0;

  if (scores.length === 0 && missing.length === 0) {
    return (
      <div class="grid">
        <Card title="Photos" wide>
          <EmptyState title="No photos yet">
            Photos appear here as they are uploaded from the shoot, scored for sharpness, exposure
            and framing. Add a shot list to see which shots are still missing.
          </EmptyState>
        </Card>
      </div>
    );
  }

  return (
    <div class="grid">
      {!missingOnly && (
        <Card title="Quality" testId="quality">
          <p class="muted">{scores.length} photos · average score {average}</p>
          <ul class="bars" aria-label="Photos by quality">
            {counts.map((c) => (
              <li key={c.label}>
                <span class="bar-label">{c.label}</span>
                <span class="bar" aria-hidden="true">
                  <span class={`tone-${c.tone}`} style={{ width: `${(c.count / most) * 100}%` }} />
                </span>
                <span class="bar-value">{c.count}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title={`Missing shots (${missing.length})`} testId="missing-shots">
        {missingOnly && (
          <button
            type="button"
            class="link-button"
            onClick={() => navigate("/media")}
          >
            Show everything
          </button>
        )}
        {missing.length === 0
          ? <EmptyState title="Nothing missing">Every shot on the list has its photos.</EmptyState>
          : (
            <ul class="list">
              {missing.slice(0, missingOnly ? undefined : 8).map((m) => (
                <li key={m.shotItemId} class="list-row">
                  <div class="grow">
                    <strong>{m.lookId} · {m.shotType}</strong>
                    <p class="muted small">
                      {m.have} of {m.needed}
                      {m.required ? " · required" : ""}
                    </p>
                  </div>
                  <span class={m.required ? "badge badge-warning" : "small"}>
                    {m.missing} missing
                  </span>
                </li>
              ))}
            </ul>
          )}
      </Card>
      <NextActions kit="media" refreshKey={refreshKey} />
      {!missingOnly && (
        <Card title={`Selects (${selects.length})`} wide testId="selects">
          {selects.length === 0
            ? (
              <EmptyState title="No selects yet">
                The best approved or pending photos appear here.
              </EmptyState>
            )
            : (
              <ul class="thumbs">
                {selects.map((s) => (
                  <li key={s.id} class="thumb">
                    <div
                      class="thumb-image"
                      role="img"
                      aria-label={`Photo of ${s.lookId ?? "a look"}, ${s.shotType ?? "shot"}`}
                    >
                      <span aria-hidden="true">
                        {(s.shotType ?? "photo").slice(0, 1).toUpperCase()}
                      </span>
                    </div>
                    <span class="small">{s.lookId ?? "—"} · {s.shotType ?? "shot"}</span>
                    <span class="thumb-score">{s.score}</span>
                  </li>
                ))}
              </ul>
            )}
        </Card>
      )}
    </div>
  );
}
