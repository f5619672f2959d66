/**
 * The bench's users: signed up through the stack's auth API, and handed out so that none
 * reaches the per-user rate limit (the bench measures the endpoints, not the limiter).
 */
import type { Sql } from "../../supabase/functions/_shared/db.ts";

export interface BenchUser {
  id: string;
  email: string;
  accessToken: string;
}

export const BENCH_PASSWORD = "bench-password-123";

/**
 * Gives each user `perUser` samples (as `postgres`, which bypasses RLS), so that the analyses
 * of stored data have rows to read.
 */
export async function giveSamples(sql: Sql, users: readonly BenchUser[], perUser: number) {
  // A few users a statement: each row fires the realtime triggers, and statements have a timeout.
  for (let i = 0; i < users.length; i += 20) {
    await giveSamplesOnce(sql, users.slice(i, i + 20), perUser);
  }
}

async function giveSamplesOnce(sql: Sql, users: readonly BenchUser[], perUser: number) {
  await sql`
    insert into public.samples (owner_id, name, category, status, is_hero)
    select owner, 'Sample ' || i, 'category-' || (i % 12),
      (array['requested', 'in_transit', 'awaiting', 'on_set', 'shot', 'returned'])[1 + i % 6],
      i % 10 = 0
    from unnest(${users.map((user) => user.id)}::uuid[]) as owner,
      generate_series(1, ${perUser}) as i`;
}

/** Signs up `count` new users, `parallel` at a time (each sign-up is one bcrypt hash). */
export async function signUpUsers(
  url: string,
  anonKey: string,
  count: number,
  parallel = 8,
): Promise<BenchUser[]> {
  const run = crypto.randomUUID().slice(0, 8);
  const users: BenchUser[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const email = `bench-${run}-${next++}@example.test`;
      const response = await fetch(`${url}/auth/v1/signup`, {
        method: "POST",
        headers: { apikey: anonKey, "content-type": "application/json" },
        body: JSON.stringify({ email, password: BENCH_PASSWORD }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`Cannot sign up ${email}: ${JSON.stringify(body)}`);
      users.push({ id: body.user.id, email, accessToken: body.access_token });
    }
  }));
  return users;
}

/**
 * Hands out users round-robin, skipping any that made `perWindow` calls in the last
 * `windowMs` (kept under the server's 60 a minute, with room for clock skew) and any with a
 * call in flight (one user is one client; the server caps a user's calls in flight too).
 * `release` ends a call.
 */
export class UserBudget {
  #recent: number[][];
  #busy = new Set<BenchUser>();
  #next = 0;
  /** How many times no user had budget left (the load then waited: more users are needed). */
  starved = 0;

  constructor(
    readonly users: readonly BenchUser[],
    readonly perWindow = 55,
    readonly windowMs = 61_000,
  ) {
    this.#recent = users.map(() => []);
  }

  /** A user with budget left, its call counted now; undefined when every user is spent. */
  take(now = performance.now()): BenchUser | undefined {
    for (let tried = 0; tried < this.users.length; tried++) {
      const i = this.#next;
      this.#next = (this.#next + 1) % this.users.length;
      if (this.#spend(i, now)) return this.users[i];
    }
    this.starved++;
    return undefined;
  }

  /** Counts a call of `user` now if it has budget left and no call in flight; false otherwise. */
  tryTake(user: BenchUser, now = performance.now()): boolean {
    return this.#spend(this.users.indexOf(user), now);
  }

  /** The call of `user` ended. */
  release(user: BenchUser): void {
    this.#busy.delete(user);
  }

  #spend(i: number, now: number): boolean {
    const recent = this.#recent[i];
    if (!recent || this.#busy.has(this.users[i])) return false;
    while (recent.length && recent[0] <= now - this.windowMs) recent.shift();
    if (recent.length >= this.perWindow) return false;
    recent.push(now);
    this.#busy.add(this.users[i]);
    return true;
  }
}
