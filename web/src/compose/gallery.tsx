/** The public gallery: search, tags, sort and pages; like and fork. */
import { useState } from "preact/hooks";
import { callFunction } from "../api.ts";
import { useDebounced } from "../kits/use_debounced.ts";
import { Card, EmptyState, ErrorState, Skeleton } from "../ui/states.tsx";
import { Pager } from "../ui/pager.tsx";
import { showToast } from "../ui/toasts.tsx";
import { useLoad } from "../use_load.ts";

interface GalleryItem {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  tags: string[];
  likeCount: number;
  forkCount: number;
  own: boolean;
}

interface GalleryPage {
  compositions: GalleryItem[];
  total: number;
  page: number;
  pages: number;
}

export function Gallery() {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState({ search: "", tags: "", sort: "recent", page: 1 });
  const [liked, setLiked] = useState<Set<string>>(new Set());
  const applySearch = useDebounced(() => setQuery((q) => ({ ...q, search, page: 1 })), 300);
  const params = new URLSearchParams({ sort: query.sort, page: String(query.page), limit: "12" });
  if (query.search) params.set("search", query.search);
  if (query.tags) params.set("tags", query.tags);
  const gallery = useLoad(
    () => callFunction<GalleryPage>(`compose/public?${params}`, { method: "GET" }),
    [params.toString()],
  );

  async function like(item: GalleryItem) {
    const on = !liked.has(item.id);
    const { error } = await callFunction(`compose/saved/${item.id}/like`, {
      method: on ? "POST" : "DELETE",
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    if (error) return showToast({ kind: "critical", title: "Not done", body: error.message });
    const next = new Set(liked);
    if (on) next.add(item.id);
    else next.delete(item.id);
    setLiked(next);
    gallery.reload();
  }

  async function fork(item: GalleryItem) {
    const { error } = await callFunction(`compose/saved/${item.id}/fork`, {
      body: {},
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    showToast(
      error ? { kind: "critical", title: "Not forked", body: error.message } : {
        kind: "success",
        title: "Forked",
        body: `A copy of ${item.name} is in your saved texts.`,
      },
    );
    if (!error) gallery.reload();
  }

  return (
    <Card title="Public gallery" wide testId="gallery">
      <form class="inline-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <label class="field grow">
          <span>Search</span>
          <input
            type="search"
            value={search}
            onInput={(e) => {
              setSearch(e.currentTarget.value);
              applySearch();
            }}
          />
        </label>
        <label class="field">
          <span>Tags</span>
          <input
            placeholder="dresses, evening"
            value={query.tags}
            onChange={(e) => setQuery({ ...query, tags: e.currentTarget.value, page: 1 })}
          />
        </label>
        <label class="field">
          <span>Sort</span>
          <select
            value={query.sort}
            onChange={(e) => setQuery({ ...query, sort: e.currentTarget.value, page: 1 })}
          >
            <option value="recent">Newest</option>
            <option value="popular">Popular</option>
            <option value="likes">Most liked</option>
            <option value="trending">Trending</option>
          </select>
        </label>
      </form>
      {gallery.loading
        ? <Skeleton lines={4} label="the gallery" />
        : gallery.error
        ? <ErrorState error={gallery.error} onRetry={gallery.reload} />
        : !gallery.data?.compositions.length
        ? (
          <EmptyState
            title={query.search || query.tags ? "Nothing matches" : "The gallery is empty"}
          >
            {query.search || query.tags
              ? "Try other words or fewer tags."
              : "Texts shared from Compose appear here for everyone to fork."}
          </EmptyState>
        )
        : (
          <>
            <ul class="list">
              {gallery.data.compositions.map((item) => (
                <li key={item.id} class="list-row" data-testid="gallery-item">
                  <div class="grow">
                    <strong>{item.name}</strong>
                    <span class="muted small">· {item.kind.replaceAll("_", " ")}</span>
                    {item.description && <p class="muted small">{item.description}</p>}
                    <p class="small">
                      {item.tags.map((t) => <span key={t} class="tag">{t}</span>)}
                    </p>
                  </div>
                  <div class="row-actions">
                    <button
                      type="button"
                      class="button"
                      aria-pressed={liked.has(item.id)}
                      aria-label={`Like ${item.name} (${item.likeCount} likes)`}
                      onClick={() =>
                        like(item)}
                    >
                      ♥ {item.likeCount}
                    </button>
                    {!item.own && (
                      <button
                        type="button"
                        class="button"
                        aria-label={`Fork ${item.name}`}
                        onClick={() => fork(item)}
                      >
                        Fork
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
            {gallery.data.pages > 1 && (
              <Pager
                label="Gallery pages"
                page={query.page}
                pages={gallery.data.pages}
                onPage={(next) => setQuery({ ...query, page: next })}
                extra={` · ${gallery.data.total} texts`}
              />
            )}
          </>
        )}
    </Card>
  );
}
