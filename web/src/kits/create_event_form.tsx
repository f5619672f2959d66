/** Creates an event with from('events').insert. */
import { useState } from "preact/hooks";
import { supabase } from "../supabase.ts";

export function CreateEventForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [name, setName] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [venue, setVenue] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    const { data, error } = await supabase().from("events")
      .insert({
        name: name.trim(),
        starts_at: new Date(startsAt).toISOString(),
        venue: venue.trim() || null,
      })
      .select("id").single();
    if (error || !data) {
      setError("The event could not be created. Check its name and start, then try again.");
    } else onCreated((data as { id: string }).id);
  }

  return (
    <form class="inline-form" onSubmit={submit} aria-label="Create an event">
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
        <span>Starts</span>
        <input
          type="datetime-local"
          required
          value={startsAt}
          onInput={(e) => setStartsAt(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Venue</span>
        <input value={venue} onInput={(e) => setVenue(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button button-primary">Create event</button>
      {error && <p class="form-error" role="alert">{error}</p>}
    </form>
  );
}
