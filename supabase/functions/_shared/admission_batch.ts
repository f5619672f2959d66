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
 * Each request keeps its own statements (its admission, then its lookup) and its own answer;
 * nothing is decided across requests. A batch holds at most one request per user, so that a
 * user's bucket row is written once per transaction (`admittedInThisTransaction` reads it),
 * and admits in user order, so that concurrent batches lock buckets in one order. A batch that
 * fails for a reason other than an unreachable database (one request's lookup refused, say) is
 * rolled back whole and its requests are tried again one by one: each gets its own answer.
 */
import { asService, pool, type Tx } from "./db.ts";
import { HttpError } from "./errors.ts";

/** A query a batch can pipeline: a postgres.js pending query (without parameters: inline_sql.ts). */
export type Lookup<R> = Promise<R> & { execute(): unknown };

/** How many batches may be written at once (each holds one connection). */
export const MAX_IN_FLIGHT = 2;
/** How many requests one batch holds at most. */
export const MAX_BATCH = 32;

interface Job {
  userId: string;
  statements: (tx: Tx) => Lookup<unknown>[];
  resolve: (values: unknown[]) => void;
  reject: (error: unknown) => void;
}

export class AdmissionBatcher {
  #waiting: Job[] = [];
  #inFlight = 0;

  constructor(readonly dbUrl: string) {}

  /**
   * Runs `statements` (the request's admission first) as the service role in the next batch,
   * and resolves to their rows.
   */
  run(userId: string, statements: (tx: Tx) => Lookup<unknown>[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ userId, statements, resolve, reject });
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
      if (batch.length < MAX_BATCH && !users.has(job.userId)) {
        users.add(job.userId);
        batch.push(job);
      } else {
        rest.push(job);
      }
    }
    this.#waiting = rest;
    return batch.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  }

  async #write(batch: Job[]): Promise<void> {
    const counts: number[] = [];
    try {
      const rows = await asService(pool(this.dbUrl), (tx) =>
        batch.flatMap((job) => {
          const statements = job.statements(tx);
          counts.push(statements.length);
          return statements;
        })) as unknown[];
      let at = 0;
      batch.forEach((job, i) => {
        job.resolve(rows.slice(at, at + counts[i]));
        at += counts[i];
      });
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
      job.resolve(await asService(pool(this.dbUrl), job.statements) as unknown[]);
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
