/** Controls bound to a settings path: each shows its value, writes through the store, and
 * carries the server's message for its path beside it. */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Json, type JsonObject, patchAt, valueAt } from "./merge.ts";
import { changeSettings, onSettings, type SettingsState, settingsState } from "./store.ts";

export function useSettings(): SettingsState {
  const [state, setState] = useState(settingsState);
  useEffect(() => onSettings(setState), []);
  return state;
}

function useField(path: string) {
  const state = useSettings();
  const value = state.answer ? valueAt(state.answer as unknown as JsonObject, path) : undefined;
  const errors = state.errors[path];
  const id = `field-${path.replaceAll(".", "-")}`;
  return { value, errors, id, set: (next: Json) => changeSettings(patchAt(path, next)) };
}

function FieldFrame(
  { id, label, errors, children, hint }: {
    id: string;
    label: string;
    errors?: string[];
    hint?: string;
    children: ComponentChildren;
  },
) {
  return (
    <div class="setting">
      <label for={id}>{label}</label>
      {children}
      {hint && <p class="muted small">{hint}</p>}
      {errors && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {errors.join(" ")}
        </p>
      )}
    </div>
  );
}

export function SelectField(
  { path, label, options, numeric }: {
    path: string;
    label: string;
    options: { value: string | number; label: string }[];
    numeric?: boolean;
  },
) {
  const { value, errors, id, set } = useField(path);
  return (
    <FieldFrame id={id} label={label} errors={errors}>
      <select
        id={id}
        value={String(value ?? "")}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
        onChange={(e) => set(numeric ? Number(e.currentTarget.value) : e.currentTarget.value)}
      >
        {options.map((o) => <option key={o.value} value={String(o.value)}>{o.label}</option>)}
      </select>
    </FieldFrame>
  );
}

export function NumberField(
  { path, label, min, max, step = 1, hint }: {
    path: string;
    label: string;
    min: number;
    max: number;
    step?: number;
    hint?: string;
  },
) {
  const { value, errors, id, set } = useField(path);
  return (
    <FieldFrame id={id} label={label} errors={errors} hint={hint}>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={typeof value === "number" ? value : ""}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
        onInput={(e) => {
          const text = e.currentTarget.value;
          if (text !== "" && Number.isFinite(Number(text))) set(Number(text));
        }}
      />
    </FieldFrame>
  );
}

export function ToggleField({ path, label }: { path: string; label: string }) {
  const { value, errors, id, set } = useField(path);
  return (
    <div class="setting setting-toggle">
      <label class="check" for={id}>
        <input
          id={id}
          type="checkbox"
          checked={value !== false}
          onChange={(e) => set(e.currentTarget.checked)}
        />
        {label}
      </label>
      {errors && <p class="field-error" role="alert">{errors.join(" ")}</p>}
    </div>
  );
}

export function ListField(
  { path, label, hint }: { path: string; label: string; hint?: string },
) {
  const { value, errors, id, set } = useField(path);
  const list = Array.isArray(value) ? value.map(String) : [];
  const [text, setText] = useState(list.join(", "));
  // Follow saves made elsewhere (another tab, a reset) unless the person is typing here.
  useEffect(() => {
    if (document.activeElement?.id !== id) setText(list.join(", "));
  }, [list.join(", ")]);
  return (
    <FieldFrame id={id} label={label} errors={errors} hint={hint}>
      <input
        id={id}
        value={text}
        aria-invalid={errors ? true : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          set(e.currentTarget.value.split(",").map((s) => s.trim()).filter(Boolean));
        }}
      />
    </FieldFrame>
  );
}

/** A [from, to] pair saved as one array (the document keeps ranges as tuples). */
export function RangeField({ path, label }: { path: string; label: string }) {
  const state = useSettings();
  const raw = state.answer ? valueAt(state.answer as unknown as JsonObject, path) : undefined;
  const range = Array.isArray(raw) && raw.length === 2 ? (raw as number[]) : [0, 10];
  const errors = Object.entries(state.errors)
    .filter(([key]) => key === path || key.startsWith(`${path}.`))
    .flatMap(([, messages]) => messages);
  const id = `field-${path.replaceAll(".", "-")}`;
  const set = (index: number, text: string) => {
    if (text === "" || !Number.isFinite(Number(text))) return;
    const next = [...range];
    next[index] = Number(text);
    changeSettings(patchAt(path, next));
  };
  return (
    <fieldset class="setting-group">
      <legend>{label}</legend>
      <div class="range">
        <label class="field">
          <span>From</span>
          <input
            id={`${id}-from`}
            type="number"
            min={0}
            max={10}
            value={range[0]}
            onInput={(e) => set(0, e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>To</span>
          <input
            id={`${id}-to`}
            type="number"
            min={0}
            max={10}
            value={range[1]}
            onInput={(e) => set(1, e.currentTarget.value)}
          />
        </label>
      </div>
      {errors.length > 0 && <p class="field-error" role="alert">{errors.join(" ")}</p>}
    </fieldset>
  );
}
