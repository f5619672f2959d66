/** Previous/next page buttons with "Page n of m" between them, for every paginated list. */
import type { ComponentChildren } from "preact";

export function Pager(props: {
  label: string;
  page: number;
  pages: number;
  onPage: (page: number) => void;
  previous?: string;
  next?: string;
  /** Said after "Page n of m" (e.g. a total). */
  extra?: ComponentChildren;
}) {
  const { page, pages, onPage } = props;
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" class="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {props.previous ?? "Previous"}
      </button>
      <span class="small">
        Page {page} of {pages}
        {props.extra}
      </span>
      <button
        type="button"
        class="button"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {props.next ?? "Next"}
      </button>
    </nav>
  );
}
