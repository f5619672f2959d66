/** Pick a kind, fill its form, see the result with its quality score, keywords and two
 * alternatives, and save it. */
import { useEffect, useState } from "preact/hooks";
import { type ApiError, callFunction } from "../api.ts";
import { supabase } from "../supabase.ts";
import { Card, EmptyState } from "../ui/states.tsx";
import { showToast } from "../ui/toasts.tsx";
import { inputsOf, type KindName, KINDS } from "./kinds.ts";

interface ComposeAnswer {
  content: string;
  alternatives: string[];
  qualityScore: number;
  keywords: string[];
  source: "prebuilt" | "cached" | "generated";
  generationTimeMs: number;
}

const SOURCES = { prebuilt: "Ready-made", cached: "From cache", generated: "Freshly written" };

export function Writer() {
  const [kind, setKind] = useState<KindName>("product_description");
  const [values, setValues] = useState<Record<string, string>>({});
  const [tone, setTone] = useState("professional");
  const [length, setLength] = useState("medium");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<ComposeAnswer | null>(null);
  const [chosen, setChosen] = useState(0);
  const [events, setEvents] = useState<{ id: string; name: string }[]>([]);
  const spec = KINDS.find((k) => k.name === kind)!;

  useEffect(() => {
    if (kind !== "run_of_show" || events.length) return;
    supabase().from("events").select("id,name").order("starts_at").then(({ data }) => {
      const list = (data ?? []) as { id: string; name: string }[];
      setEvents(list);
      if (list[0]) setValues((v) => ({ ...v, eventId: v.eventId ?? list[0].id }));
    });
  }, [kind]);

  async function compose(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { data, error } = await callFunction<ComposeAnswer>("compose", {
      body: { kind, inputs: inputsOf(kind, values), options: { tone, length } },
    });
    setBusy(false);
    setError(error);
    if (data) {
      setResult(data);
      setChosen(0);
    }
  }

  const texts = result ? [result.content, ...result.alternatives] : [];
  const field = (name: string) => `compose-${name}`;
  return (
    <div class="compose">
      <Card title="What to write" testId="compose-form">
        <form class="stack" onSubmit={compose}>
          <label class="field">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value as KindName)}>
              {KINDS.map((k) => <option key={k.name} value={k.name}>{k.label}</option>)}
            </select>
          </label>
          {spec.fields.map((f) => (
            <div class="setting" key={`${kind}-${f.name}`}>
              <label for={field(f.name)}>{f.label}{f.required ? "" : " (optional)"}</label>
              {f.type === "lines"
                ? (
                  <textarea
                    id={field(f.name)}
                    rows={3}
                    required={f.required}
                    value={values[f.name] ?? ""}
                    onInput={(e) => setValues({ ...values, [f.name]: e.currentTarget.value })}
                  />
                )
                : f.type === "select" || f.type === "event"
                ? (
                  <select
                    id={field(f.name)}
                    value={values[f.name] ?? ""}
                    onChange={(e) => setValues({ ...values, [f.name]: e.currentTarget.value })}
                  >
                    {(f.type === "event"
                      ? events.map((e) => ({ value: e.id, label: e.name }))
                      : f.options ?? [])
                      .map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                )
                : (
                  <input
                    id={field(f.name)}
                    required={f.required}
                    value={values[f.name] ?? ""}
                    onInput={(e) => setValues({ ...values, [f.name]: e.currentTarget.value })}
                  />
                )}
              {f.hint && <p class="muted small">{f.hint}</p>}
              {error?.fields?.[`inputs.${f.name}`] && (
                <p class="field-error" role="alert">{error.fields[`inputs.${f.name}`].join(" ")}</p>
              )}
            </div>
          ))}
          <div class="range">
            <label class="field">
              <span>Tone</span>
              <select value={tone} onChange={(e) => setTone(e.currentTarget.value)}>
                {["professional", "warm", "bold", "luxurious"].map((t) => (
                  <option key={t} value={t}>{t}</option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>Length</span>
              <select value={length} onChange={(e) => setLength(e.currentTarget.value)}>
                {["short", "medium", "long"].map((l) => <option key={l} value={l}>{l}</option>)}
              </select>
            </label>
          </div>
          {error && <p class="form-error" role="alert">{error.message}</p>}
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? "Writing…" : "Compose"}
          </button>
        </form>
      </Card>
      <Card title="Result" testId="compose-result">
        {!result
          ? (
            <EmptyState title="Nothing written yet">
              Fill in the form and press Compose: you get a draft, two alternatives, its quality
              score and keywords.
            </EmptyState>
          )
          : (
            <>
              <div class="result-meta">
                <span class="score" data-testid="quality-score">
                  Quality {Math.round(result.qualityScore * 100)}
                  <span class="meter" aria-hidden="true">
                    <span style={{ width: `${result.qualityScore * 100}%` }} />
                  </span>
                </span>
                <span class="muted small">
                  {SOURCES[result.source]} · {Math.round(result.generationTimeMs)} ms
                </span>
              </div>
              <ul class="chips" aria-label="Keywords">
                {result.keywords.map((k) => <li key={k} class="chip static">{k}</li>)}
              </ul>
              <div class="segmented" role="group" aria-label="Version">
                {texts.map((_, i) => (
                  <button
                    key={i}
                    type="button"
                    class={chosen === i ? "segment selected" : "segment"}
                    aria-pressed={chosen === i}
                    onClick={() => setChosen(i)}
                  >
                    {i === 0 ? "Best" : `Alternative ${i}`}
                  </button>
                ))}
              </div>
              <p class="composed" data-testid="composed-text">{texts[chosen]}</p>
              <SaveForm kind={kind} inputs={inputsOf(kind, values)} content={texts[chosen]} />
            </>
          )}
      </Card>
    </div>
  );
}

function SaveForm(
  { kind, inputs, content }: { kind: string; inputs: Record<string, unknown>; content: string },
) {
  const [name, setName] = useState("");
  const [tags, setTags] = useState("");
  const [isPublic, setIsPublic] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function save(event: Event) {
    event.preventDefault();
    setMessage(null);
    const { data, error } = await callFunction<{ id: string }>("compose/saved", {
      body: {
        name: name.trim(),
        kind,
        inputs,
        content,
        tags: tags.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean),
        isPublic,
      },
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    if (data) {
      showToast({
        kind: "success",
        title: "Saved",
        body: isPublic ? `${name} is in the public gallery.` : `${name} is saved.`,
      });
      setMessage(null);
    } else if (error?.status === 409) setMessage("You have already saved this text.");
    else setMessage(error?.message ?? "Not saved.");
  }

  return (
    <form class="inline-form" onSubmit={save} aria-label="Save this text">
      <label class="field">
        <span>Name</span>
        <input
          required
          maxLength={200}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Tags</span>
        <input
          placeholder="dresses, evening"
          value={tags}
          onInput={(e) => setTags(e.currentTarget.value)}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={isPublic}
          onChange={(e) => setIsPublic(e.currentTarget.checked)}
        />
        Share in the gallery
      </label>
      <button type="submit" class="button">Save</button>
      {message && <p class="form-error" role="alert">{message}</p>}
    </form>
  );
}
