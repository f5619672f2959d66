/**
 * How many requests each user has in flight in this isolate. A user's requests beyond the cap
 * are refused at once (429) instead of queueing: one account sending its heaviest bodies in
 * parallel cannot take the memory and the event loop that everyone else's requests need.
 * One limiter per function handler (serve.ts): hosted Supabase runs each function in isolates
 * of its own, so the cap bounds one function's work there; the local stack serves all seven
 * from one process, where a shared limiter would refuse a page that calls four functions at
 * once, which production never would.
 */
import { httpError } from "./errors.ts";

/** A few at once: a browser tab rarely has more than two calls to the assistant open. */
export const MAX_IN_FLIGHT_PER_USER = 4;

export class InFlightLimiter {
  readonly #counts = new Map<string, number>();

  constructor(readonly max: number = MAX_IN_FLIGHT_PER_USER) {}

  /** Holds a slot for `key`; returns its release, or throws a 429 when `key` has `max` already. */
  acquire(key: string): () => void {
    const held = this.#counts.get(key) ?? 0;
    if (held >= this.max) {
      throw httpError(
        "rate_limited",
        `At most ${this.max} requests may be in progress at once; wait for one to finish`,
        { headers: { "Retry-After": "1" } },
      );
    }
    this.#counts.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left > 0) this.#counts.set(key, left);
      else this.#counts.delete(key);
    };
  }

  /** Requests in flight for `key` (tests, health). */
  count(key: string): number {
    return this.#counts.get(key) ?? 0;
  }
}
