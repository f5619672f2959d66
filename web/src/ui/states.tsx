/** What a view shows instead of data: a skeleton while loading, an error with a retry, or
 * an empty state that says what to do next. Never a blank area. */
import type { ComponentChildren } from "preact";
import type { ApiError } from "../api.ts";

export function Skeleton({ lines = 3, label }: { lines?: number; label: string }) {
  return (
    <div class="skeleton" role="status" aria-live="polite" aria-label={`Loading ${label}`}>
      {Array.from({ length: lines }, (_, i) => <div key={i} class="skeleton-line" />)}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <p>{error.message}</p>
      <button type="button" class="button" onClick={onRetry}>Try again</button>
    </div>
  );
}

export function EmptyState(
  { title, children }: { title: string; children?: ComponentChildren },
) {
  return (
    <div class="state state-empty">
      <p class="state-title">{title}</p>
      {children && <div class="state-body">{children}</div>}
    </div>
  );
}

export function Card(
  { title, children, wide, testId }: {
    title: string;
    children: ComponentChildren;
    wide?: boolean;
    testId?: string;
  },
) {
  return (
    <section class={wide ? "card card-wide" : "card"} aria-label={title} data-testid={testId}>
      <h2 class="card-title">{title}</h2>
      {children}
    </section>
  );
}
