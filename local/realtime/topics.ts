/**
 * Who is joined to which topic, and fan-out. A topic key joins the privacy flag and the name
 * (`private:samples:<uid>`), because hosted Realtime keeps public and private channels of one
 * name apart: a database broadcast sent with `private => true` reaches private joins only.
 */
import type { Permissions } from "./authorization.ts";
import { type Broadcast, encodeBroadcast, type Vsn } from "./serializer.ts";

export function topicKey(isPrivate: boolean, subTopic: string): string {
  return `${isPrivate ? "private" : "public"}:${subTopic}`;
}

/** One joined channel of one socket. */
export interface Subscription {
  readonly key: string;
  /** The channel's topic as the client names it: `realtime:<subTopic>`. */
  readonly topic: string;
  readonly vsn: Vsn;
  readonly self: boolean;
  readonly presenceEnabled: boolean;
  permissions: Permissions;
  /** Queues an encoded frame on the socket (which drops itself when it cannot keep up). */
  write(frame: string | Uint8Array): void;
}

export class Topics {
  #joined = new Map<string, Set<Subscription>>();

  add(subscription: Subscription): void {
    let set = this.#joined.get(subscription.key);
    if (!set) this.#joined.set(subscription.key, set = new Set());
    set.add(subscription);
  }

  remove(subscription: Subscription): void {
    const set = this.#joined.get(subscription.key);
    if (!set) return;
    set.delete(subscription);
    if (set.size === 0) this.#joined.delete(subscription.key);
  }

  members(key: string): ReadonlySet<Subscription> {
    return this.#joined.get(key) ?? new Set();
  }

  /**
   * Delivers `message` to every subscriber of `key` allowed to read broadcasts, the sender
   * only if it asked for `self`. Each frame is encoded once per protocol version, not once
   * per subscriber.
   */
  publish(key: string, message: Omit<Broadcast, "topic">, sender?: Subscription): number {
    const members = this.#joined.get(key);
    if (!members) return 0;
    const encoded = new Map<Vsn, string | Uint8Array | null>();
    let delivered = 0;
    for (const member of members) {
      if (member === sender && !member.self) continue;
      if (!member.permissions.readBroadcast) continue;
      let frame = encoded.get(member.vsn);
      if (frame === undefined) {
        frame = encodeBroadcast(member.vsn, { ...message, topic: member.topic });
        encoded.set(member.vsn, frame);
      }
      if (frame === null) continue;
      member.write(frame);
      delivered++;
    }
    return delivered;
  }
}
