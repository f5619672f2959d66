/** The caller's own saved texts (forks included), newest first, each readable and deletable. */
import { useState } from "preact/hooks";
import { callFunction } from "../api.ts";
import { formatDay } from "../kits/format.ts";
import { Card, EmptyState, ErrorState, Skeleton } from "../ui/states.tsx";
import { Pager } from "../ui/pager.tsx";
import { showToast } from "../ui/toasts.tsx";
import { useLoad } from "../use_load.ts";

interface Saved {
  id: string;
  name: string;
  kind: string;
  content: string;
  tags: string[];
  isPublic: boolean;
  parentId: string | null;
  createdAt: string;
}

export function SavedList() {
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const saved = useLoad(
    () =>
      callFunction<{ compositions: Saved[]; pages: number; total: number }>(
        `compose/saved?page=${page}&limit=10`,
        { method: "GET" },
      ),
    [page],
  );

  async function remove(item: Saved) {
    const { error } = await callFunction(`compose/saved/${item.id}`, {
      method: "DELETE",
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    showToast(
      error
        ? { kind: "critical", title: "Not deleted", body: error.message }
        : { kind: "success", title: "Deleted", body: item.name },
    );
    if (!error) saved.reload();
  }

  return (
    <Card title="Your saved texts" wide testId="saved">
      {saved.loading
        ? <Skeleton lines={4} label="your saved texts" />
        : saved.error
        ? <ErrorState error={saved.error} onRetry={saved.reload} />
        : !saved.data?.compositions.length
        ? (
          <EmptyState title="Nothing saved yet">
            Texts you save or fork from the gallery are kept here.
          </EmptyState>
        )
        : (
          <>
            <ul class="list">
              {saved.data.compositions.map((item) => (
                <li key={item.id} class="list-row history-row" data-testid="saved-item">
                  <div class="grow">
                    <strong>{item.name}</strong>
                    <span class="muted small">
                      {` · ${item.kind.replaceAll("_", " ")} · ${formatDay(item.createdAt)}`}
                      {item.parentId ? " · forked" : ""}
                      {item.isPublic ? " · public" : ""}
                    </span>
                    <p class="small">
                      {item.tags.map((t) => <span key={t} class="tag">{t}</span>)}
                    </p>
                    {open === item.id && <p class="composed">{item.content}</p>}
                  </div>
                  <div class="row-actions">
                    <button
                      type="button"
                      class="button"
                      aria-expanded={open === item.id}
                      aria-label={`${open === item.id ? "Hide" : "Read"} ${item.name}`}
                      onClick={() =>
                        setOpen(open === item.id ? null : item.id)}
                    >
                      {open === item.id ? "Hide" : "Read"}
                    </button>
                    <button
                      type="button"
                      class="button"
                      aria-label={`Delete ${item.name}`}
                      onClick={() =>
                        remove(item)}
                    >
                      Delete
                    </button>
                  </div>
                </li>
              ))}
            </ul>
            {saved.data.pages > 1 && (
              <Pager
                label="Saved pages"
                page={page}
                pages={saved.data.pages}
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
