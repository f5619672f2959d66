/**
 * Refusals remembered in this isolate, so that a client hammering past its limit costs no
 * database work. Sound because a full sliding window stays full until its oldest call leaves
 * it: other callers only ever add calls. `admit_request` says in whole seconds (rounded up)
 * when that is; the memo refuses only for one second less than that, counted from before the
 * admission was sent, so it never refuses a call the database would have admitted. Past that
 * instant the calls go to the database again, which decides as before.
 *
 * Keyed by each limit's bucket, size and window (a bucket's fullness depends on the limit it
 * is counted against). A refusal of one limit refuses every admission that includes it (an
 * admission is all or none); one of several limits together is remembered for that set.
 */
import type { BucketLimit, RateLimitState } from "./rate_limit.ts";

interface Refusal {
  /** Until when (clock ms) the window is surely full. */
  until: number;
  /** By when (clock ms) it surely has room again: what Retry-After says. */
  freeBy: number;
  limit: number;
}

/** Bounded: a process serving many users keeps at most this many refusals. */
export const MAX_REFUSALS = 10_000;

const keyOf = (limits: readonly BucketLimit[]) =>
  limits.map((l) => `${l.key}/${l.limit}/${l.windowSeconds}`).join(" ");

export class RefusalMemo {
  #refusals = new Map<string, Refusal>();

  constructor(
    readonly now: () => number = () => performance.now(),
    readonly capacity = MAX_REFUSALS,
  ) {}

  /**
   * The refusal in force for an admission against `limits`, if one is known; else undefined
   * (ask the database).
   *
   * @example
   * ```ts
   * import { equal } from "node:assert/strict";
   * import { RefusalMemo } from "./refusals.ts";
   *
   * let clock = 0;
   * const memo = new RefusalMemo(() => clock);
   * const limits = [{ key: "user:a", limit: 60, windowSeconds: 60 }];
   * memo.remember(limits, { allowed: false, limit: 60, remaining: 0, resetSeconds: 30 }, 0);
   * clock = 10_000;
   * equal(memo.refusal(limits)?.resetSeconds, 20);
   * clock = 29_000; // from here on, the database may have room again
   * equal(memo.refusal(limits), undefined);
   * ```
   */
  refusal(limits: readonly BucketLimit[]): RateLimitState | undefined {
    const now = this.now();
    const keys = limits.map((l) => keyOf([l]));
    if (limits.length > 1) keys.push(keyOf(limits));
    for (const key of keys) {
      const refusal = this.#refusals.get(key);
      if (!refusal) continue;
      if (refusal.until <= now) {
        this.#refusals.delete(key);
        continue;
      }
      return {
        allowed: false,
        limit: refusal.limit,
        remaining: 0,
        resetSeconds: Math.max(1, Math.ceil((refusal.freeBy - now) / 1000)),
      };
    }
    return undefined;
  }

  /**
   * Remembers the database's answer to an admission against `limits` sent at `sentAt` (this
   * memo's clock), if it was a refusal that holds for more than a second.
   */
  remember(limits: readonly BucketLimit[], state: RateLimitState, sentAt: number): void {
    if (state.allowed || state.resetSeconds <= 1 || limits.length === 0) return;
    const now = this.now();
    const refusal = {
      until: sentAt + (state.resetSeconds - 1) * 1000,
      freeBy: now + state.resetSeconds * 1000,
      limit: state.limit,
    };
    // Of several limits, the refusing one is known when its size is theirs alone; else the set.
    const refusing = limits.filter((l) => l.limit === state.limit);
    const key = keyOf(refusing.length === 1 ? refusing : limits);
    this.#refusals.delete(key);
    if (this.#refusals.size >= this.capacity) this.#evict(now);
    this.#refusals.set(key, refusal);
  }

  #evict(now: number): void {
    for (const [key, refusal] of this.#refusals) {
      if (refusal.until <= now) this.#refusals.delete(key);
    }
    // Still full: the oldest go first (a Map iterates in insertion order).
    for (const key of this.#refusals.keys()) {
      if (this.#refusals.size < this.capacity) break;
      this.#refusals.delete(key);
    }
  }

  get size(): number {
    return this.#refusals.size;
  }
}

const memos = new Map<string, RefusalMemo>();

/** The memo of refusals by the database at `dbUrl`, one per isolate (as `pool` is). */
export function refusalsFor(dbUrl: string): RefusalMemo {
  let memo = memos.get(dbUrl);
  if (!memo) memos.set(dbUrl, memo = new RefusalMemo());
  return memo;
}
