/**
 * Private realtime channels (samples:<userId>, events:<eventId>, assets:<userId>): the
 * database broadcasts every change on them. realtime-js rejoins by itself after the network
 * drops; a rejoin after a drop calls `onResync`, since events sent while away are not replayed.
 */
import { useEffect, useRef } from "preact/hooks";
import { supabase } from "../supabase.ts";
import { setLinkState } from "./link_state.ts";

export interface LiveEvent {
  type: string;
  [key: string]: unknown;
}

export function useLiveTopic(
  topic: string | null,
  onEvent: (event: LiveEvent) => void,
  onResync: () => void,
  /**
   * Also resync on the first join: a change made between the view's first load and the join is
   * broadcast to nobody. Off by default: it costs every view mount one more call against the
   * user's 60 a minute, for a window of a few milliseconds.
   */
  resyncOnFirstJoin = false,
) {
  // The latest callbacks without resubscribing on every render.
  const handlers = useRef({ onEvent, onResync });
  handlers.current = { onEvent, onResync };
  useEffect(() => {
    if (!topic) return;
    const channel = supabase().channel(topic, { config: { private: true } });
    let joinedBefore = false;
    let lost = false;
    channel.on("broadcast", { event: "*" }, ({ payload }) => {
      handlers.current.onEvent(payload as LiveEvent);
    });
    channel.subscribe((status) => {
      if (status === "SUBSCRIBED") {
        setLinkState(topic, "live");
        if ((!joinedBefore && resyncOnFirstJoin) || lost) handlers.current.onResync();
        joinedBefore = true;
        lost = false;
      } else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") {
        lost = true;
        setLinkState(topic, "reconnecting");
      } else if (status === "CLOSED") {
        setLinkState(topic, null);
      }
    });
    // Back online after a drop: the socket may take a while to notice, the data should not.
    const online = () => handlers.current.onResync();
    addEventListener("online", online);
    return () => {
      removeEventListener("online", online);
      setLinkState(topic, null);
      supabase().removeChannel(channel);
    };
  }, [topic, resyncOnFirstJoin]);
}
