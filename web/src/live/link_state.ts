/** Whether every live channel is joined: shown in the header as Live / Reconnecting. */
import { useEffect, useState } from "preact/hooks";

export type LinkState = "live" | "reconnecting" | "connecting" | "idle";
const channels = new Map<string, "live" | "reconnecting">();
const listeners = new Set<() => void>();

export function setLinkState(topic: string, state: "live" | "reconnecting" | null) {
  if (state) channels.set(topic, state);
  else channels.delete(topic);
  for (const listener of listeners) listener();
}

function overall(): LinkState {
  if (!navigator.onLine) return "reconnecting";
  // A screen without live data (settings) has no channels: nothing to say.
  if (channels.size === 0) return "idle";
  return [...channels.values()].includes("reconnecting") ? "reconnecting" : "live";
}

export function useLinkState(): LinkState {
  const [state, setState] = useState(overall);
  useEffect(() => {
    const update = () => setState(overall());
    listeners.add(update);
    addEventListener("online", update);
    addEventListener("offline", update);
    return () => {
      listeners.delete(update);
      removeEventListener("online", update);
      removeEventListener("offline", update);
    };
  }, []);
  return state;
}
