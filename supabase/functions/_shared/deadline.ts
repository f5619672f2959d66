/**
 * Waiting at most so long: `work`'s value, or `late()`'s error once `ms` have passed. The work
 * itself goes on unawaited (a failure after the deadline is nobody's to handle, and never an
 * unhandled rejection), and the timer is cleared either way, so it keeps no process alive.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { withDeadline } from "./deadline.ts";
 *
 * equal(await withDeadline(Promise.resolve(1), 50, () => new Error("late")), 1);
 * ```
 */
export async function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  late: () => unknown,
): Promise<T> {
  work.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
