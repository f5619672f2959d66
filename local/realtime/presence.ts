/**
 * Presence per topic: what each joined channel tracks, `presence_state` for a new join and
 * `presence_diff` to every presence listener on a change or a disconnect, as Phoenix.Presence
 * sends them (`{key: {metas: [{phx_ref, ...meta}]}}`).
 */
import { encodeFrame } from "./serializer.ts";
import type { Subscription, Topics } from "./topics.ts";

interface Tracked {
  key: string;
  meta: Record<string, unknown>;
}

type State = Record<string, { metas: Record<string, unknown>[] }>;

let refs = 0;
const nextRef = () => `F${(++refs).toString(36)}`;

export class Presence {
  #tracked = new Map<string, Map<Subscription, Tracked>>();

  constructor(private readonly topics: Topics) {}

  /** The topic's presence as a new join receives it. */
  state(topicKey: string): State {
    const state: State = {};
    for (const { key, meta } of this.#tracked.get(topicKey)?.values() ?? []) {
      (state[key] ??= { metas: [] }).metas.push(meta);
    }
    return state;
  }

  track(subscription: Subscription, key: string, payload: Record<string, unknown>): void {
    let topic = this.#tracked.get(subscription.key);
    if (!topic) this.#tracked.set(subscription.key, topic = new Map());
    const before = topic.get(subscription);
    const now: Tracked = { key, meta: { ...payload, phx_ref: nextRef() } };
    if (before) now.meta.phx_ref_prev = before.meta.phx_ref;
    topic.set(subscription, now);
    this.#diff(subscription.key, { [key]: { metas: [now.meta] } }, before ? single(before) : {});
  }

  untrack(subscription: Subscription): void {
    const topic = this.#tracked.get(subscription.key);
    const before = topic?.get(subscription);
    if (!topic || !before) return;
    topic.delete(subscription);
    if (topic.size === 0) this.#tracked.delete(subscription.key);
    this.#diff(subscription.key, {}, single(before));
  }

  #diff(topicKey: string, joins: State, leaves: State): void {
    for (const member of this.topics.members(topicKey)) {
      if (!member.presenceEnabled || !member.permissions.readPresence) continue;
      member.write(encodeFrame(member.vsn, {
        joinRef: null,
        ref: null,
        topic: member.topic,
        event: "presence_diff",
        payload: { joins, leaves },
      }));
    }
  }
}

function single({ key, meta }: Tracked): State {
  return { [key]: { metas: [meta] } };
}
