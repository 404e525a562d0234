import { AppError } from '../../miniprogram/shared/errors';
import { COLLECTIONS, type Database } from './db';
import { isDuplicateKey } from './records';

/**
 * CloudBase allows one trigger per function ("目前仅支持一个触发器"), so each function has one timer trigger that
 * fires every minute and runs whichever of its timers are due. Each timer decides from its own schedule and its
 * last-run record: a timer every N minutes is due once per N-minute slot (slots count from the epoch, so an hourly
 * timer runs at the top of each UTC hour); a minute the trigger missed is caught up by the next one, once.
 */
export const TIMER_TRIGGER = { name: 'everyMinute', type: 'timer' as const, config: '0 * * * * * *' };

/** A timer's last run: the slot it claimed (and when). Its id is `<function>.<timer>`. */
interface TimerRunDoc {
  _id: string;
  slot: number;
  at: Date;
}

/** Periods must divide a day, so slots line up with hours and days whatever the epoch. */
export function assertSchedule(label: string, everyMinutes: number): void {
  if (!Number.isInteger(everyMinutes) || everyMinutes < 1 || 1440 % everyMinutes !== 0) {
    throw new Error(`timer ${label}: everyMinutes must be a whole divisor of 1440 (got ${everyMinutes})`);
  }
}

export const slotOf = (at: Date, everyMinutes: number) => Math.floor(at.getTime() / 60_000 / everyMinutes);

/**
 * Claims this slot's run of a timer: one conditional write, so two overlapping triggers (a retry, a slow minute)
 * run it once. Returns the record to restore if the run fails, `null` when there was none, or `false` when the
 * timer is not due or someone else claimed it.
 */
async function claim(
  db: Database,
  id: string,
  previous: TimerRunDoc | undefined,
  slot: number,
  at: Date,
): Promise<TimerRunDoc | null | false> {
  const runs = db.collection(COLLECTIONS.timerRuns);
  if (previous && previous.slot >= slot) return false;
  if (!previous) {
    try {
      await runs.add({ _id: id, slot, at });
      return null;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
  const res = await runs.where({ _id: id, slot: previous.slot }).update({ slot, at });
  return res.updated === 1 ? previous : false;
}

/** Gives a failed run's slot back, so the next minute tries again. */
async function release(db: Database, id: string, slot: number, previous: TimerRunDoc | null) {
  const runs = db.collection(COLLECTIONS.timerRuns);
  if (previous) await runs.where({ _id: id, slot }).update({ slot: previous.slot, at: previous.at });
  else await runs.where({ _id: id, slot }).remove();
}

export interface DueTimer {
  name: string;
  everyMinutes: number;
  run(): Promise<Record<string, number>>;
}

/** What one trigger did: each timer that ran, with its counts or its failure. */
export type TimerOutcomes = Record<string, { ok: true; data: Record<string, number> } | { ok: false; error: string }>;

/** Runs the due timers of function `fn` (in declaration order); one timer's failure does not stop the others. */
export async function runDueTimers(db: Database, fn: string, timers: DueTimer[], at: Date): Promise<TimerOutcomes> {
  if (timers.length === 0) return {};
  const _ = db.command;
  const ids = timers.map((t) => `${fn}.${t.name}`);
  const found = await db
    .collection(COLLECTIONS.timerRuns)
    .where({ _id: _.in(ids) })
    .limit(ids.length)
    .get();
  const records = new Map((found.data as TimerRunDoc[]).map((doc) => [doc._id, doc]));
  const outcomes: TimerOutcomes = {};
  for (const timer of timers) {
    const id = `${fn}.${timer.name}`;
    const slot = slotOf(at, timer.everyMinutes);
    const previous = await claim(db, id, records.get(id), slot, at);
    if (previous === false) continue;
    try {
      outcomes[timer.name] = { ok: true, data: await timer.run() };
    } catch (error) {
      console.error(`[timer ${id}] failed`, error);
      outcomes[timer.name] = { ok: false, error: error instanceof AppError ? error.message : String(error) };
      await release(db, id, slot, previous);
    }
  }
  return outcomes;
}
