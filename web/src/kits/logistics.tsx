/**
 * The logistics kit: readiness, blockers, the batching plan and the sample list, whose status
 * control writes through from('samples').update. Live on samples:<userId>: any change
 * refreshes the analysis (the database already dropped the cached one).
 */
import { SEVERITY_WORDS } from "../ui/severity.ts";
import { useEffect, useRef, useState } from "preact/hooks";
import { type ApiResult, callFunction } from "../api.ts";
import { type LiveEvent, useLiveTopic } from "../live/channel.ts";
import { newlyLateHeroes, toastForEvent } from "../live/toast_rules.ts";
import { navigate, type Route } from "../router.ts";
import { supabase } from "../supabase.ts";
import { Gauge } from "../ui/gauge.tsx";
import { Card, EmptyState, ErrorState, Skeleton } from "../ui/states.tsx";
import { showToast } from "../ui/toasts.tsx";
import { useLoad } from "../use_load.ts";
import { NextActions } from "./next_actions.tsx";
import { AddSampleForm } from "./add_sample_form.tsx";
import {
  type LogisticsAnalysis,
  SAMPLE_STATUSES,
  type SampleRow,
  type SampleStatus,
  statusLabel,
} from "./types.ts";
import { useDebounced } from "./use_debounced.ts";

interface LogisticsData {
  analysis: LogisticsAnalysis;
  samples: SampleRow[];
}

async function loadLogistics(): Promise<ApiResult<LogisticsData>> {
  const [analysis, samples] = await Promise.all([
    callFunction<LogisticsAnalysis>("logistics-analyzer", { body: { analysisType: "all" } }),
    supabase().from("samples")
      .select("id,name,category,status,is_hero,designer,expected_at,shoot_date")
      .order("is_hero", { ascending: false })
      .order("name"),
  ]);
  if (analysis.error) return analysis;
  if (samples.error) {
    return {
      data: null,
      error: { status: 0, code: samples.error.code, message: "Your samples could not be loaded." },
    };
  }
  return { data: { analysis: analysis.data, samples: samples.data as SampleRow[] }, error: null };
}

export function LogisticsView(
  { userId, route, notify }: { userId: string; route: Route; notify?: Record<string, boolean> },
) {
  const { data, error, loading, reload } = useLoad(loadLogistics, []);
  const [overrides, setOverrides] = useState<Record<string, SampleStatus>>({});
  const [refreshKey, setRefreshKey] = useState(0);
  const ownChanges = useRef(new Set<string>());
  const lastBlockers = useRef(data?.analysis.blockers ?? []);
  if (data?.analysis.blockers) lastBlockers.current = data.analysis.blockers;

  // A live refresh compares the blockers before and after it, for "hero sample late" toasts.
  const compareWith = useRef<LogisticsAnalysis["blockers"] | null>(null);
  useEffect(() => {
    if (!compareWith.current || !data?.analysis.blockers) return;
    for (const toast of newlyLateHeroes(compareWith.current, data.analysis.blockers)) {
      showToast(toast);
    }
    compareWith.current = null;
  }, [data]);

  const refresh = useDebounced(() => {
    compareWith.current = lastBlockers.current;
    setRefreshKey((k) => k + 1);
    reload().then(() => setOverrides({}));
  }, 250);

  useLiveTopic(`samples:${userId}`, (event: LiveEvent) => {
    const blockerIds = new Set(lastBlockers.current.map((b) => b.sampleId));
    const toast = toastForEvent(event, { blockerIds, ownChanges: ownChanges.current, notify });
    if (toast) showToast(toast);
    refresh();
  }, refresh);

  async function changeStatus(sample: SampleRow, status: SampleStatus) {
    setOverrides((o) => ({ ...o, [sample.id]: status }));
    ownChanges.current.add(sample.id);
    const { error } = await supabase().from("samples").update({ status }).eq("id", sample.id);
    // The broadcast of our own change arrives after the update; forget it a little later.
    setTimeout(() => ownChanges.current.delete(sample.id), 5000);
    if (error) {
      setOverrides((o) => ({ ...o, [sample.id]: sample.status }));
      showToast({
        kind: "critical",
        title: "Status not saved",
        body: `${sample.name} is still ${statusLabel(sample.status)}.`,
      });
    }
  }

  if (loading) return <KitSkeleton />;
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return null;
  const { readiness, blockers = [], batching } = data.analysis;
  const lateOnly = route.query.get("filter") === "late";
  const blockerIds = new Set(blockers.map((b) => b.sampleId));
  const samples = lateOnly ? data.samples.filter((s) => blockerIds.has(s.id)) : data.samples;

  if (data.samples.length === 0) {
    return (
      <div class="grid">
        <Card title="Samples" wide>
          <EmptyState title="No samples yet">
            Add the samples for your next shoot: the assistant then tracks what has arrived, what is
            late and how to batch the rest.
          </EmptyState>
          <AddSampleForm onAdded={reload} />
        </Card>
      </div>
    );
  }

  return (
    <div class="grid">
      <Card title="Readiness" testId="readiness">
        {readiness && (
          <div class="readiness">
            <Gauge percent={readiness.percent} label="ready for the shoot" />
            <p class="muted">
              {readiness.ready} of {readiness.total} samples on set or shot · heroes{" "}
              {readiness.heroes.ready} of {readiness.heroes.total}
            </p>
            {readiness.leastReadyCategories.length > 0 && (
              <ul class="bars" aria-label="Readiness by category">
                {readiness.leastReadyCategories.slice(0, 4).map((c) => (
                  <li key={c.category}>
                    <span class="bar-label">{c.category}</span>
                    <span class="bar" aria-hidden="true">
                      <span style={{ width: `${c.percent}%` }} />
                    </span>
                    <span class="bar-value">{Math.round(c.percent)}%</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Card>
      <Card title={`Blockers (${blockers.length})`} testId="blockers">
        {blockers.length === 0
          ? <EmptyState title="No blockers">Every sample is on time for its shoot.</EmptyState>
          : (
            <ul class="list">
              {blockers.slice(0, 6).map((b) => (
                <li key={b.sampleId} class="list-row">
                  <span class={`badge badge-${b.severity}`}>{SEVERITY_WORDS[b.severity]}</span>
                  <div class="grow">
                    <strong>{b.name}</strong>
                    {b.isHero && <span class="tag">hero</span>}
                    <p class="muted small">{b.reason}</p>
                    <p class="small">{b.suggestedAction}</p>
                  </div>
                </li>
              ))}
              {blockers.length > 6 && (
                <li>
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => navigate("/logistics/samples?filter=late")}
                  >
                    Show all {blockers.length} late samples
                  </button>
                </li>
              )}
            </ul>
          )}
      </Card>
      <Card title="Batching plan" testId="batching">
        {!batching || batching.batches.length === 0
          ? <EmptyState title="Nothing to batch">Every sample is shot or returned.</EmptyState>
          : (
            <>
              <p class="muted">
                {batching.itemCount} samples in {batching.batches.length} batches save about{" "}
                <strong>{batching.estimatedMinutesSaved} min</strong>.
              </p>
              <ul class="list">
                {batching.batches.slice(0, 6).map((b) => (
                  <li key={b.category} class="list-row">
                    <div class="grow">
                      <strong>{b.category}</strong>
                      <p class="muted small">
                        {b.itemCount} items{b.heroCount ? ` · ${b.heroCount} hero` : ""} ·{" "}
                        {b.minutesBatched} min
                      </p>
                    </div>
                    <span class="small">−{b.estimatedMinutesSaved} min</span>
                  </li>
                ))}
              </ul>
            </>
          )}
      </Card>
      <NextActions kit="logistics" refreshKey={refreshKey} />
      <Card
        title={lateOnly ? `Late samples (${samples.length})` : `Samples (${samples.length})`}
        wide
        testId="samples"
      >
        {lateOnly && (
          <button
            type="button"
            class="link-button"
            onClick={() => navigate("/logistics")}
          >
            Show all samples
          </button>
        )}
        <ul class="list samples">
          {samples.map((s) => {
            const status = overrides[s.id] ?? s.status;
            return (
              <li key={s.id} class="list-row" data-testid="sample-row" data-sample-id={s.id}>
                <div class="grow">
                  <strong>{s.name}</strong>
                  {s.is_hero && <span class="tag">hero</span>}
                  {blockerIds.has(s.id) && <span class="tag tag-late">late</span>}
                  <p class="muted small">
                    {[s.category, s.designer, s.shoot_date && `shoot ${s.shoot_date}`].filter(
                      Boolean,
                    ).join(" · ")}
                  </p>
                </div>
                <label class="visually-hidden" for={`status-${s.id}`}>Status of {s.name}</label>
                <select
                  id={`status-${s.id}`}
                  class={`status status-${status}`}
                  value={status}
                  onChange={(e) => changeStatus(s, e.currentTarget.value as SampleStatus)}
                >
                  {SAMPLE_STATUSES.map((o) => (
                    <option key={o.value} value={o.value}>{o.label}</option>
                  ))}
                </select>
              </li>
            );
          })}
        </ul>
        <details class="add-sample">
          <summary>Add a sample</summary>
          <AddSampleForm onAdded={reload} />
        </details>
      </Card>
    </div>
  );
}

export function KitSkeleton() {
  return (
    <div class="grid">
      {["first", "second", "third"].map((k) => (
        <section key={k} class="card">
          <Skeleton lines={4} label="your kit" />
        </section>
      ))}
    </div>
  );
}
