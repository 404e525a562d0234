import { AppError } from '../../miniprogram/shared/errors';

/**
 * Compare-and-set without a transaction: a step reads, decides, and writes ONE conditional update on what it read
 * (a version, or the facts its decision relied on). An update that matched nothing lost a race: read again and
 * decide again, after a short random pause (contention spreads out, as CloudBase's own transaction retries do), a
 * bounded number of times, then CONFLICT with the step's own sentence.
 */

/** What an attempt returns when its conditional write matched nothing (or what it read was stale): try again. */
export const LOST = Symbol('lost');

/** The pause before try `attempt` (1, 2…): up to 5 ms per try so far, at most 50 ms. */
export const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * Math.min(attempt, 10)));

/**
 * Runs `attempt(0)`, `attempt(1)`… until one lands (returns anything but LOST), pausing before each retry; after
 * `attempts` lost tries, CONFLICT with `conflictMessage`. A refusal an attempt throws ends it at once.
 */
export async function untilLanded<T>(
  attempts: number,
  conflictMessage: string,
  attempt: (n: number) => Promise<T | typeof LOST>,
): Promise<T> {
  for (let n = 0; n < attempts; n += 1) {
    if (n > 0) await backoff(n);
    const result = await attempt(n);
    if (result !== LOST) return result;
  }
  throw new AppError('CONFLICT', conflictMessage);
}
