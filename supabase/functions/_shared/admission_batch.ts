/**
 * Admissions share transactions. Every admitted request writes its user's rate-limit bucket,
 * and a writing transaction has a fixed cost (begin, the role, the commit record) that was
 * much of an admission's. Measured on the local stack (a cached analysis, 16 concurrent
 * callers, in-process): Postgres spent 0.91 ms a request with a transaction each and 0.61-0.70
 * ms with batches of 3 to 8; Deno 0.49 ms against 0.35. So the requests that wait for
 * admission while a batch is being written go together in the next one (at most
 * `MAX_IN_FLIGHT` batches at a time): no timer, so a lone request never waits, and under load
 * batches form by themselves.
 *
 * A batch's admissions, and the cache lookups of those that ask for one, go in ONE statement
 * (`admit_batch`): a statement each cost more in parsing, planning and messages than the work
 * inside them (see its migration). A request's own query (`AdmissionLookup` as a function)
 * follows it in the same transaction. Each request keeps its own answer; nothing is decided
 * across requests. A batch holds at most one request per user, so that a user's bucket row is
 * written once per transaction (`admittedInThisTransaction` reads it), and admits in user order,
 * so that concurrent batches lock buckets in one order. A batch that fails for a reason other
 * than an unreachable database (one request's query refused, say) is rolled back whole and its
 * requests are tried again one by one: each gets its own answer.
 */
import { asService, pool, type Tx } from "./db.ts";
import { HttpError } from "./errors.ts";
import { inline } from "./inline_sql.ts";
import type { CachedInsightRow, InsightKey } from "./insight_cache.ts";
import type { AdmissionRow, BucketLimit } from "./rate_limit.ts";

/** A query a batch can pipeline: a postgres.js pending query (without parameters: inline_sql.ts). */
export type Lookup<R> = Promise<R> & { execute(): unknown };

/**
 * What a request reads with its admission: the cache entry of a key of the caller's (read in the
 * batch's statement, and only when the call is admitted), or a query of its own.
 */
export type AdmissionLookup<R> = InsightKey | ((tx: Tx) => Lookup<R>);

/** A request's answer: its admission, and what its lookup found (entry rows: none or one). */
export interface Admitted {
  admission: AdmissionRow;
  found: unknown;
}

/** How many batches may be written at once (each holds one connection). */
export const MAX_IN_FLIGHT = 2;
/** How many requests one batch holds at most. */
export const MAX_BATCH = 32;

/** One call to admit: its user, the limits it counts against, the cache entry it reads. */
export interface AdmissionRequest {
  userId: string;
  limits: readonly BucketLimit[];
  /** A key of `userId`'s, read when the call is admitted. */
  insight?: InsightKey;
}

/** A waiting request: what its batch's statement admits and reads, and its own query if any. */
interface Job {
  request: AdmissionRequest;
  query?: (tx: Tx) => Lookup<unknown>;
  resolve: (admitted: Admitted) => void;
  reject: (error: unknown) => void;
}

/** A row of `admit_batch`: the call's admission and, when it asked and was admitted, its entry. */
export type AdmissionBatchRow = AdmissionRow & {
  insight_id: string | null;
  insight_json: string | null;
  insight_calculated_at: Date | null;
};

/**
 * The statement that admits `requests` in order and reads the entries they ask for: a row each.
 * Run it as the service role; it has no parameters (inline_sql.ts), so it pipelines.
 */
export function admissionStatement(tx: Tx, requests: readonly AdmissionRequest[]) {
  const specs = requests.map(({ userId, limits, insight }) => {
    if (!insight) return { userId, limits };
    if (insight.userId !== userId) {
      throw new Error("A call reads cache entries of its own user only");
    }
    return { userId, limits, insight: { type: insight.type, contextId: insight.contextId } };
  });
  return inline(tx)<AdmissionBatchRow[]>`select user_active, allowed, "limit", remaining,
      reset_seconds, insight_id, insight_json, insight_calculated_at
    from public.admit_batch(${specs}::jsonb)`;
}

/** What the job's lookup found: its own query's result, or the entry its batch row carries. */
function foundOf(job: Job, row: AdmissionBatchRow, own: () => unknown): unknown {
  if (job.query) return own();
  if (!job.request.insight) return undefined;
  const entry: CachedInsightRow[] = row.insight_id === null ? [] : [{
    id: row.insight_id,
    json: row.insight_json!,
    calculated_at: row.insight_calculated_at!,
  }];
  return entry;
}

/** Writes `jobs` in one transaction and answers each: the batch's statement, then own queries. */
async function writeJobs(dbUrl: string, jobs: readonly Job[]): Promise<Admitted[]> {
  const [rows, ...own] = await asService(pool(dbUrl), (tx) => [
    admissionStatement(tx, jobs.map((job) => job.request)),
    ...jobs.flatMap((job) => job.query ? [job.query(tx)] : []),
  ]) as [AdmissionBatchRow[], ...unknown[]];
  let next = 0;
  return jobs.map((job, i) => ({
    admission: rows[i],
    found: foundOf(job, rows[i], () => own[next++]),
  }));
}

export class AdmissionBatcher {
  #waiting: Job[] = [];
  #inFlight = 0;

  constructor(readonly dbUrl: string) {}

  /**
   * Admits a call of `userId` against `limits` (`limitsFor`) in the next batch, as the service
   * role, with `lookup` read in the same transaction.
   */
  run(
    userId: string,
    limits: readonly BucketLimit[],
    lookup?: AdmissionLookup<unknown>,
  ): Promise<Admitted> {
    const query = typeof lookup === "function" ? lookup : undefined;
    const insight = typeof lookup === "function" ? undefined : lookup;
    const request: AdmissionRequest = { userId, limits, insight };
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, query, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < MAX_IN_FLIGHT && this.#waiting.length > 0) {
      const batch = this.#take();
      this.#inFlight++;
      void this.#write(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /** The next batch: waiting requests in arrival order, one per user, in user order. */
  #take(): Job[] {
    const users = new Set<string>();
    const batch: Job[] = [];
    const rest: Job[] = [];
    for (const job of this.#waiting) {
      if (batch.length < MAX_BATCH && !users.has(job.request.userId)) {
        users.add(job.request.userId);
        batch.push(job);
      } else {
        rest.push(job);
      }
    }
    this.#waiting = rest;
    const userOf = (job: Job) => job.request.userId;
    return batch.sort((a, b) => (userOf(a) < userOf(b) ? -1 : userOf(a) > userOf(b) ? 1 : 0));
  }

  async #write(batch: Job[]): Promise<void> {
    try {
      const answers = await writeJobs(this.dbUrl, batch);
      batch.forEach((job, i) => job.resolve(answers[i]));
    } catch (error) {
      // The database is out of reach, or slow: trying again would only make everyone wait.
      const unavailable = error instanceof HttpError && error.status === 503;
      if (batch.length === 1 || unavailable) {
        for (const job of batch) job.reject(error);
        return;
      }
      await Promise.all(batch.map((job) => this.#writeAlone(job)));
    }
  }

  async #writeAlone(job: Job): Promise<void> {
    try {
      const [answer] = await writeJobs(this.dbUrl, [job]);
      job.resolve(answer);
    } catch (error) {
      job.reject(error);
    }
  }
}

const batchers = new Map<string, AdmissionBatcher>();

/** The batcher of admissions to the database at `dbUrl`, one per isolate (as `pool` is). */
export function admissionsFor(dbUrl: string): AdmissionBatcher {
  let batcher = batchers.get(dbUrl);
  if (!batcher) batchers.set(dbUrl, batcher = new AdmissionBatcher(dbUrl));
  return batcher;
}
