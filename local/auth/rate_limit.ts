/**
 * GoTrue's per-address request limits, kept in memory: a sliding window that never lets more
 * than `limit` requests through in any `windowMs` (a fixed window lets twice the limit
 * through across a boundary).
 */

/** A limiter for one kind of request, keyed by client address. */
export interface SlidingWindowLimiter {
  /**
   * Counts a request from `key` if the window has room and returns 0; otherwise counts
   * nothing and returns the seconds until the oldest counted request leaves the window.
   */
  take(key: string): number;
}

export interface SlidingWindowOptions {
  limit: number;
  windowMs: number;
  /** Milliseconds since the epoch; a fake clock in tests. */
  now?: () => number;
  /**
   * Addresses remembered at most (the least recently seen is forgotten first), so a flood
   * of forged `X-Forwarded-For` values cannot grow memory without bound.
   */
  maxKeys?: number;
}

/**
 * A sliding-window-log limiter: each key keeps the times of its counted requests in the
 * last window, at most `limit` of them. Refused requests are not counted, so a client that
 * keeps trying is let in again as soon as its oldest request leaves the window.
 *
 * @example
 * ```ts
 * const signIns = slidingWindowLimiter({ limit: 30, windowMs: 5 * 60_000 });
 * const retryAfter = signIns.take("203.0.113.7"); // 0: allowed
 * ```
 */
export function slidingWindowLimiter(options: SlidingWindowOptions): SlidingWindowLimiter {
  const { limit, windowMs } = options;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const log = new Map<string, number[]>();

  return {
    take(key) {
      const t = now();
      const times = log.get(key) ?? [];
      let expired = 0;
      while (expired < times.length && times[expired] <= t - windowMs) expired++;
      if (expired) times.splice(0, expired);
      // Re-inserting keeps the Map in least-recently-seen order for eviction.
      log.delete(key);
      if (times.length >= limit) {
        log.set(key, times);
        return Math.max(1, Math.ceil((times[0] + windowMs - t) / 1000));
      }
      times.push(t);
      log.set(key, times);
      if (log.size > maxKeys) log.delete(log.keys().next().value!);
      return 0;
    },
  };
}

/**
 * The address a request is counted against: the first `X-Forwarded-For` entry when the
 * header is there (the client as the proxies in front saw it), else the socket's peer.
 * Requests with neither share one key, so they are limited together rather than not at all.
 */
export function clientAddress(req: Request, remoteAddress?: string): string {
  const forwarded = req.headers.get("X-Forwarded-For")?.split(",")[0].trim();
  return forwarded || remoteAddress || "unknown";
}
