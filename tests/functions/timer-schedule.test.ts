/**
 * One timer trigger per function (CloudBase allows one): it fires every minute and runs the timers that are due,
 * each by its own schedule and its last-run record in `timerRuns`.
 */
import { getDb } from '../../cloudfunctions/lib/db';
import { runDueTimers, slotOf } from '../../cloudfunctions/lib/timers';
import { complaints } from '../../cloudfunctions/complaints';
import { attachStore } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';

let detach: () => void;
beforeEach(() => {
  detach = attachStore(Store.memory());
});
afterEach(() => detach());

/** Two timers: one every minute, one hourly; each counts its runs. */
function counting(fail = false) {
  const runs = { minutely: 0, hourly: 0 };
  const timers = [
    { name: 'minutely', everyMinutes: 1, run: async () => ({ n: ++runs.minutely }) },
    {
      name: 'hourly',
      everyMinutes: 60,
      run: async () => {
        runs.hourly += 1;
        if (fail) throw new Error('boom');
        return { n: runs.hourly };
      },
    },
  ];
  return { runs, timers };
}

const at = (iso: string) => new Date(iso);
const quiet = () => jest.spyOn(console, 'error').mockImplementation(() => {});

describe('due timers', () => {
  it('an hourly timer runs once an hour though the trigger fires every minute', async () => {
    const { runs, timers } = counting();
    const start = Date.parse('2026-12-01T08:00:00Z');
    for (let minute = 0; minute < 120; minute += 1) {
      await runDueTimers(getDb(), 'demo', timers, new Date(start + minute * 60_000));
    }
    expect(runs).toEqual({ minutely: 120, hourly: 2 });
  });

  it('missed minutes are caught up by the next trigger, once', async () => {
    const { runs, timers } = counting();
    await runDueTimers(getDb(), 'demo', timers, at('2026-12-01T08:00:00Z'));
    const outcomes = await runDueTimers(getDb(), 'demo', timers, at('2026-12-01T11:37:00Z'));
    expect(Object.keys(outcomes)).toEqual(['minutely', 'hourly']);
    expect(runs).toEqual({ minutely: 2, hourly: 2 });
  });

  it('two overlapping triggers in the same minute run each timer once', async () => {
    const { runs, timers } = counting();
    const now = at('2026-12-01T08:00:30Z');
    await Promise.all([1, 2, 3].map(() => runDueTimers(getDb(), 'demo', timers, now)));
    expect(runs).toEqual({ minutely: 1, hourly: 1 });
  });

  it('a failed run is tried again the next minute; the others still ran', async () => {
    const spy = quiet();
    const failing = counting(true);
    const first = await runDueTimers(getDb(), 'demo', failing.timers, at('2026-12-01T08:00:00Z'));
    expect(first).toMatchObject({
      minutely: { ok: true },
      hourly: { ok: false, error: expect.stringMatching(/boom/) },
    });
    const fixed = counting();
    await runDueTimers(getDb(), 'demo', fixed.timers, at('2026-12-01T08:01:00Z'));
    expect(fixed.runs).toEqual({ minutely: 1, hourly: 1 });
    spy.mockRestore();
  });

  it('keeps its last-run record in the timerRuns collection', async () => {
    const { timers } = counting();
    const now = at('2026-12-01T08:05:00Z');
    await runDueTimers(getDb(), 'demo', timers, now);
    const { data } = await getDb().collection('timerRuns').doc('demo.hourly').get();
    expect(data[0]).toMatchObject({ slot: slotOf(now, 60), at: now });
  });

  it("a function's trigger runs its deliver (every minute) and its hourly credit score by schedule", async () => {
    const minute = (m: number) => ({ now: () => new Date(Date.parse('2026-12-01T08:00:00Z') + m * 60_000) });
    const first = await complaints.runDueTimers(minute(0));
    expect(first.ok && Object.keys(first.data).sort()).toEqual(['deliver', 'scoreCredit', 'sweep']);
    const next = await complaints.runDueTimers(minute(1));
    expect(next.ok && Object.keys(next.data)).toEqual(['deliver']);
    const fifth = await complaints.runDueTimers(minute(5));
    expect(fifth.ok && Object.keys(fifth.data).sort()).toEqual(['deliver', 'sweep']);
  });

  it('refuses a schedule that does not divide a day (slots would drift off the hour)', async () => {
    const { defineFunction } = await import('../../cloudfunctions/lib/router');
    const run = async () => ({});
    expect(() => defineFunction('x', {}, {}, { odd: { summary: '', everyMinutes: 7, run } })).toThrow(/1440/);
  });
});
