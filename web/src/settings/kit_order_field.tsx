/** The kit switcher's order: move a kit up or down; saved like any other setting. */
import { changeSettings } from "./store.ts";
import { useSettings } from "./fields.tsx";

const LABELS: Record<string, string> = {
  logistics: "Logistics",
  events: "Events",
  media: "Media",
  compose: "Compose",
};

export function KitOrderField() {
  const state = useSettings();
  const order = (state.answer?.assistant.kit_order as string[] | undefined) ?? [];
  const errors = state.errors["assistant.kit_order"];
  const move = (index: number, by: number) => {
    const next = [...order];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    changeSettings({ assistant: { kit_order: next } });
  };
  return (
    <div class="setting">
      <span id="kit-order-label">Kit order</span>
      <ol class="kit-order" aria-labelledby="kit-order-label">
        {order.map((kit, i) => (
          <li key={kit}>
            <span class="grow">{LABELS[kit] ?? kit}</span>
            <button
              type="button"
              class="icon-button"
              aria-label={`Move ${LABELS[kit] ?? kit} up`}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              class="icon-button"
              aria-label={`Move ${LABELS[kit] ?? kit} down`}
              disabled={i === order.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      {errors && <p class="field-error" role="alert">{errors.join(" ")}</p>}
    </div>
  );
}
