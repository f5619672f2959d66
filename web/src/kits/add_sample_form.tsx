/** Adds a sample with from('samples').insert; the database broadcasts it to every open page. */
import { useState } from "preact/hooks";
import { supabase } from "../supabase.ts";

export function AddSampleForm({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState("");
  const [category, setCategory] = useState("");
  const [isHero, setIsHero] = useState(false);
  const [shootDate, setShootDate] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { error } = await supabase().from("samples").insert({
      name: name.trim(),
      category: category.trim(),
      is_hero: isHero,
      shoot_date: shootDate || null,
    });
    setBusy(false);
    if (error) {
      setError("The sample could not be added. Check the name and category, then try again.");
      return;
    }
    setName("");
    setCategory("");
    setIsHero(false);
    onAdded();
  }

  return (
    <form class="inline-form" onSubmit={submit} aria-label="Add a sample">
      <label class="field">
        <span>Name</span>
        <input
          required
          maxLength={300}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Category</span>
        <input
          required
          maxLength={100}
          placeholder="dresses, shoes…"
          value={category}
          onInput={(e) => setCategory(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Shoot date</span>
        <input type="date" value={shootDate} onInput={(e) => setShootDate(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={isHero}
          onChange={(e) => setIsHero(e.currentTarget.checked)}
        />
        Hero piece
      </label>
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? "Adding…" : "Add sample"}
      </button>
      {error && <p class="form-error" role="alert">{error}</p>}
    </form>
  );
}
