/**
 * Random walks over one tracked document (an order, a complaint, a meeting): step descriptors that fast-check
 * generates and shrinks, and the checks every walk makes after every step.
 */
import fc from 'fast-check';
import { getDb } from '../../../cloudfunctions/lib/db';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { Result } from '../../../miniprogram/shared/result';
import type { TestBackend } from '../functions';
import { describePayload } from './arbitraries';
import { malformed } from './results';

/**
 * One move: somebody does something (indices pick from the walk's lists). `natural`: the actor is one the flow
 * expects for the action, and the action one that applies now (else anything, by anyone of the walk's personas).
 */
export type Move = { kind: 'act'; who: number; what: number; variant: number; natural: boolean };

/** A move; or time passes and the timer runs; or several moves at once (double taps, two staff on one order). */
export type Step = Move | { kind: 'tick'; hours: number } | { kind: 'burst'; moves: Move[]; withSweep: boolean };

const move: fc.Arbitrary<Move> = fc.record({
  kind: fc.constant('act' as const),
  who: fc.nat(),
  what: fc.nat(),
  variant: fc.nat({ max: 11 }),
  natural: fc.nat({ max: 4 }).map((n) => n > 0),
});

export const steps = (min = 15, max = 30): fc.Arbitrary<Step[]> =>
  fc.array(
    fc.oneof<fc.WeightedArbitrary<Step>[]>(
      { weight: 5, arbitrary: move },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('burst' as const),
          moves: fc.array(move, { minLength: 2, maxLength: 4 }),
          withSweep: fc.boolean(),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('tick' as const),
          // a few minutes, past a 2 h clock, past a day, past the 3/7-day clocks, past 15 days
          hours: fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(0, 0.1, 1, 2.5) },
            { weight: 1, arbitrary: fc.constantFrom(25, 24 * 4, 24 * 8, 24 * 16) },
          ),
        }),
      },
    ),
    { minLength: min, maxLength: max },
  );

export const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];

export interface TrackedDoc {
  _id: string;
  status: string;
  timeline: Array<{ action: string; from: string; to: string; fromLevel?: string; toLevel?: string; at: string }>;
  [key: string]: unknown;
}

/** The stored document, read from the store's dump (no query, so no index bookkeeping). */
export function stored<D = TrackedDoc>(backend: TestBackend, collection: string, id: string): D {
  const doc = (backend.store.dump()[collection] ?? []).find((d) => d._id === id);
  if (!doc) throw new Error(`${collection}/${id} is gone`);
  return doc as unknown as D;
}

/** Runs a function's timer as the system at `now`; it must answer ok. */
export async function sweep(fn: string, now: Date, timer = 'sweep'): Promise<void> {
  const target = FUNCTIONS.find((f) => f.name === fn)!;
  const res = await target.runTimer(timer, { now: () => now });
  const problem = malformed(res);
  if (problem || !res.ok) throw new Error(`${fn}.${timer} at ${now.toISOString()}: ${problem ?? JSON.stringify(res)}`);
}

/** How every step answered, across the walks (for a coverage printout). */
export const outcomes: Record<string, number> = {};

/** Sends one step; a malformed answer (INTERNAL included) or a refused step that wrote anything throws. */
export async function act(
  backend: TestBackend,
  openid: string,
  fn: string,
  action: string,
  payload: unknown,
  log: string[],
  /** Off for concurrent steps: another step may write meanwhile. */
  checkWrites = true,
): Promise<Result<unknown>> {
  const before = checkWrites ? backend.store.dump() : null;
  const res = await backend.send(openid, fn, { action, payload });
  log.push(`${openid} ${fn}.${action} ${describePayload(payload)} → ${res.ok ? 'ok' : res.error.code}`);
  outcomes[`${fn}.${action} → ${res.ok ? 'ok' : res.error.code}`] =
    (outcomes[`${fn}.${action} → ${res.ok ? 'ok' : res.error.code}`] ?? 0) + 1;
  const problem = malformed(res);
  if (problem) throw new Error(`${problem}\n${log.join('\n')}`);
  if (!res.ok && before) {
    try {
      expect(backend.store.dump()).toEqual(before);
    } catch (error) {
      throw new Error(`refused (${res.error.code}) but wrote something\n${log.join('\n')}\n${String(error)}`);
    }
  }
  return res;
}

/**
 * The timeline is a chain: each event starts where the previous one ended (state, and level when there is one),
 * and the last one ends at the stored status.
 */
export function checkChain(doc: TrackedDoc, levelField?: string): string | null {
  const events = doc.timeline;
  if (events.length === 0) return 'empty timeline';
  for (let i = 1; i < events.length; i++) {
    if (events[i].from !== events[i - 1].to) {
      return `event ${i + 1} (${events[i].action}) starts at ${events[i].from}, the previous ended at ${events[i - 1].to}`;
    }
    if (levelField && events[i].fromLevel !== events[i - 1].toLevel) {
      return `event ${i + 1} (${events[i].action}) starts at level ${events[i].fromLevel}, previous ended at ${events[i - 1].toLevel}`;
    }
  }
  const last = events[events.length - 1];
  if (last.to !== doc.status) return `the timeline ends at ${last.to}, the document is ${doc.status}`;
  if (levelField && last.toLevel !== doc[levelField]) {
    return `the timeline ends at level ${last.toLevel}, the document is at ${String(doc[levelField])}`;
  }
  return null;
}

/** Watches a document's closed state: once closed, its status and timeline never change. */
export class TerminalWatch {
  private frozen: { status: string; events: number; version: unknown } | null = null;

  constructor(private readonly isClosed: (status: string) => boolean) {}

  check(doc: TrackedDoc): string | null {
    if (this.frozen) {
      const now = { status: doc.status, events: doc.timeline.length, version: doc.version };
      if (now.status !== this.frozen.status || now.events !== this.frozen.events) {
        return `closed at ${this.frozen.status} (${this.frozen.events} events), now ${now.status} (${now.events} events)`;
      }
      return null;
    }
    if (this.isClosed(doc.status)) {
      this.frozen = { status: doc.status, events: doc.timeline.length, version: doc.version };
    }
    return null;
  }
}

/** Users written straight into the store: fixtures for seats and claims, not a flow under test. */
export async function addUsers(
  prefix: string,
  n: number,
  fields: (i: number) => Record<string, unknown>,
  at: Date,
): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await getDb()
    .collection('users')
    .add(
      ids.map((id, i) => ({ _id: id, name: `${prefix}${i}`, phone: '', createdAt: at, updatedAt: at, ...fields(i) })),
    );
  return ids;
}
