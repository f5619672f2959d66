/**
 * The load generator: `connections` loops, each sending one request after the other over
 * keep-alive connections for a fixed time, and the figures of what they measured.
 */

/** What one cell of the table measured. */
export interface CellStats {
  connections: number;
  requests: number;
  /**
   * Every request sent in the recorded seconds, measured or not (a cache-hit cell's priming calls
   * too): what the time the processes spent in those seconds was spent on.
   */
  requestsSent: number;
  /** Answers with another status than the expected one, and failed requests. */
  errors: number;
  /** The errors by status ("failed": no answer). */
  errorStatuses: Record<string, number>;
  /** Answers that came from a cache. */
  cacheHits: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

/**
 * One request of a cell. `measured` false marks set-up work the loop had to do first (priming a
 * cache entry): its time is left out of both the latencies and the loop's running time. `hit`:
 * the answer came from a cache.
 */
export type Attempt = () => Promise<Outcome>;
export interface Outcome {
  /** The status, or "failed" when there was no answer. */
  status: number | "failed";
  ok: boolean;
  measured?: boolean;
  hit?: boolean;
  /** How many requests the attempt sent: 1 unless it says (0 when it only waited). */
  sent?: number;
}

interface Loop {
  latencies: number[];
  errors: Record<string, number>;
  hits: number;
  activeMs: number;
  /** Requests sent by the attempts started in the recorded seconds, measured or not. */
  sent: number;
}

/** The `p`-th percentile (0-100) of ascending `sorted`, nearest rank; 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Folds the loops' latencies (ms) and running times (ms) into a cell's figures. */
export function summarize(
  connections: number,
  loops: readonly Loop[],
): CellStats {
  const latencies = loops.flatMap((loop) => loop.latencies).sort((a, b) => a - b);
  // Each loop's rate over the time it spent on measured requests, summed: the steady rate of
  // `connections` clients, undisturbed by set-up requests some loops had to make.
  const requestsPerSecond = loops.reduce(
    (sum, loop) => sum + (loop.activeMs > 0 ? loop.latencies.length / (loop.activeMs / 1000) : 0),
    0,
  );
  const errorStatuses: Record<string, number> = {};
  for (const loop of loops) {
    for (const [status, n] of Object.entries(loop.errors)) {
      errorStatuses[status] = (errorStatuses[status] ?? 0) + n;
    }
  }
  return {
    connections,
    requests: latencies.length,
    errors: Object.values(errorStatuses).reduce((sum, n) => sum + n, 0),
    errorStatuses,
    cacheHits: loops.reduce((sum, loop) => sum + loop.hits, 0),
    requestsSent: loops.reduce((sum, loop) => sum + loop.sent, 0),
    requestsPerSecond,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * Runs `attempt` from `connections` concurrent loops: `warmupMs` unrecorded, then `durationMs`
 * recorded (calls started in it, and at least one a loop). A thrown attempt counts as an error
 * (and takes its time like any other). `recording` is called when the warm-up ends.
 */
export async function runCell(
  connections: number,
  attempt: Attempt,
  { durationMs, warmupMs }: { durationMs: number; warmupMs: number },
  recording?: () => void,
): Promise<CellStats> {
  const warmupEnds = performance.now() + warmupMs;
  const ends = warmupEnds + durationMs;
  const warmedUp = setTimeout(() => recording?.(), warmupMs);
  const loops = await Promise.all(Array.from({ length: connections }, async () => {
    const loop: Loop = { latencies: [], errors: {}, hits: 0, activeMs: 0, sent: 0 };
    while (true) {
      const started = performance.now();
      // Slow calls: every loop measures at least one, however long the warm-up call took.
      if (started >= ends && (loop.latencies.length || started >= ends + 30_000)) break;
      let outcome: Outcome;
      try {
        outcome = await attempt();
      } catch {
        outcome = { status: "failed", ok: false };
      }
      const finished = performance.now();
      if (started < warmupEnds) continue;
      loop.sent += outcome.sent ?? 1;
      if (outcome.measured === false) continue;
      loop.activeMs += finished - started;
      loop.latencies.push(finished - started);
      if (!outcome.ok) loop.errors[outcome.status] = (loop.errors[outcome.status] ?? 0) + 1;
      if (outcome.hit) loop.hits++;
    }
    return loop;
  }));
  clearTimeout(warmedUp);
  return summarize(connections, loops);
}
