/**
 * A deep link names a part of a kit (`/logistics/batching`, `/media/shots?missing=1`): bring
 * that card into view once it has rendered and mark it, so following an action visibly lands
 * somewhere.
 */
import { useEffect } from "preact/hooks";
import type { Route } from "../router.ts";

const SECTIONS: Record<string, string> = {
  "logistics/samples": "samples",
  "logistics/batching": "batching",
  "logistics/blockers": "blockers",
  "events/tasks": "critical-path",
  "events/staffing": "staffing",
  "events/run-of-show": "run-of-show",
  "media/shots": "missing-shots",
  "media/selects": "selects",
  "media/gallery": "quality",
};

export function sectionFor(path: string): string | null {
  const parts = path.split("/").slice(1);
  // /events/<id>/<part>: the part comes after the event's id.
  const part = parts[0] === "events" ? parts[2] : parts[1];
  return part ? SECTIONS[`${parts[0]}/${part}`] ?? null : null;
}

export function useSectionFocus(route: Route) {
  useEffect(() => {
    const section = sectionFor(route.path);
    if (!section) return;
    // The kit's data may still be loading: watch for the card to appear.
    const find = () => document.querySelector<HTMLElement>(`[data-testid="${section}"]`);
    const reveal = (card: HTMLElement) => {
      card.scrollIntoView({ block: "start", behavior: "smooth" });
      card.classList.add("focused");
      setTimeout(() => card.classList.remove("focused"), 2000);
    };
    const found = find();
    if (found) {
      reveal(found);
      return;
    }
    const observer = new MutationObserver(() => {
      const card = find();
      if (card) {
        observer.disconnect();
        reveal(card);
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [route.path, route.query.toString()]);
}
