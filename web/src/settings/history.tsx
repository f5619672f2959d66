/** The settings' history, newest first: what each change touched, its diff, and a rollback
 * to the settings as they were just before it. */
import { useState } from "preact/hooks";
import { callFunction } from "../api.ts";
import { formatDay } from "../kits/format.ts";
import { Card, EmptyState, ErrorState, Skeleton } from "../ui/states.tsx";
import { Pager } from "../ui/pager.tsx";
import { showToast } from "../ui/toasts.tsx";
import { useLoad } from "../use_load.ts";
import { useSettings } from "./fields.tsx";
import { rollbackSettings } from "./store.ts";

interface HistoryItem {
  id: string;
  changedAt: string;
  reason: string | null;
  changes: string[];
}

interface Diff {
  added: { path: string; value: unknown }[];
  removed: { path: string; value: unknown }[];
  changed: { path: string; before: unknown; after: unknown }[];
}

const show = (value: unknown) => JSON.stringify(value);

export function SettingsHistory() {
  const { answer } = useSettings();
  const [page, setPage] = useState(1);
  const history = useLoad(
    () =>
      callFunction<{ items: HistoryItem[]; pages: number }>(
        `preferences/history?page=${page}&limit=10`,
        {
          method: "GET",
        },
      ),
    [page, answer?.updatedAt],
  );
  return (
    <Card title="History" wide testId="settings-history">
      {history.loading
        ? <Skeleton lines={3} label="history" />
        : history.error
        ? <ErrorState error={history.error} onRetry={history.reload} />
        : !history.data?.items.length
        ? (
          <EmptyState title="No changes yet">
            Every change you make to your settings is listed here.
          </EmptyState>
        )
        : (
          <>
            <ul class="list">
              {history.data.items.map((item) => <HistoryRow key={item.id} item={item} />)}
            </ul>
            {history.data.pages > 1 && (
              <Pager
                label="History pages"
                page={page}
                pages={history.data.pages}
                onPage={setPage}
                previous="Newer"
                next="Older"
              />
            )}
          </>
        )}
    </Card>
  );
}

function HistoryRow({ item }: { item: HistoryItem }) {
  const [diff, setDiff] = useState<Diff | null>(null);
  const [open, setOpen] = useState(false);
  async function toggle() {
    if (!open && !diff) {
      const { data } = await callFunction<Diff>(`preferences/history/${item.id}/diff`, {
        method: "GET",
      });
      setDiff(data);
    }
    setOpen(!open);
  }
  async function rollback() {
    const error = await rollbackSettings(item.id);
    showToast(
      error
        ? { kind: "critical", title: "Not rolled back", body: error.message }
        : { kind: "success", title: "Settings restored", body: "As they were before that change." },
    );
  }
  return (
    <li class="list-row history-row">
      <div class="grow">
        <strong>{item.reason ?? "update"}</strong>
        <span class="muted small">· {formatDay(item.changedAt)}</span>
        <p class="muted small">{item.changes.join(", ") || "no visible change"}</p>
        {open && diff && (
          <dl class="diff">
            {diff.changed.map((c) => (
              <div key={c.path}>
                <dt>{c.path}</dt>
                <dd>
                  <del>{show(c.before)}</del> → <ins>{show(c.after)}</ins>
                </dd>
              </div>
            ))}
            {diff.added.map((c) => (
              <div key={c.path}>
                <dt>{c.path}</dt>
                <dd>
                  <ins>{show(c.value)}</ins> added
                </dd>
              </div>
            ))}
            {diff.removed.map((c) => (
              <div key={c.path}>
                <dt>{c.path}</dt>
                <dd>
                  <del>{show(c.value)}</del> removed
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
      <div class="row-actions">
        <button type="button" class="button" aria-expanded={open} onClick={toggle}>
          {open ? "Hide diff" : "Diff"}
        </button>
        <button type="button" class="button" onClick={rollback}>Roll back</button>
      </div>
    </li>
  );
}
