/** Toasts for what matters, announced to screen readers; each leaves after a while or on
 * its close button. */
import { useEffect, useState } from "preact/hooks";

import type { ToastKind } from "../live/toast_rules.ts";

export type { ToastKind };

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body?: string;
}

const VISIBLE_MS = 8000;
let nextId = 1;
let toasts: Toast[] = [];
const listeners = new Set<(toasts: Toast[]) => void>();

function publish() {
  for (const listener of listeners) listener(toasts);
}

export function showToast(toast: Omit<Toast, "id">) {
  const id = nextId++;
  toasts = [...toasts.slice(-3), { ...toast, id }];
  publish();
  setTimeout(() => dismissToast(id), VISIBLE_MS);
}

export function dismissToast(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  publish();
}

export function Toasts() {
  const [list, setList] = useState(toasts);
  useEffect(() => {
    listeners.add(setList);
    return () => void listeners.delete(setList);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} class={`toast toast-${t.kind}`} data-testid="toast">
          <div class="toast-text">
            <strong>{t.title}</strong>
            {t.body && <span>{t.body}</span>}
          </div>
          <button
            type="button"
            class="icon-button"
            aria-label="Dismiss notification"
            onClick={() => dismissToast(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
