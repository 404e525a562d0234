import { assertAccess } from '../../cloudfunctions/lib/access';
import { loadCaller } from '../../cloudfunctions/lib/caller';
import { getDb } from '../../cloudfunctions/lib/db';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { demoUsers } from '../../local-backend/seed';
import { startTestBackend, type TestBackend } from '../helpers/functions';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close());

/** A demo user allowed to call the action, so that the input — not the caller — is what gets refused. */
async function allowedCaller(access: Parameters<typeof assertAccess>[0]): Promise<string> {
  for (const user of demoUsers) {
    try {
      assertAccess(access, (await loadCaller(getDb(), user.openid)).caller);
      return user.openid;
    } catch {
      // not this one
    }
  }
  throw new Error('no demo user may call this action');
}

const badPayloads: Array<[string, unknown]> = [
  ['a number instead of an object', 42],
  ['a string', 'DROP TABLE'],
  ['an array', [1, 2]],
  ['an unexpected field', { $where: 'sleep(1000)', unexpected: { $gt: '' } }],
];

const everyAction = FUNCTIONS.flatMap((fn) =>
  Object.entries(fn.actions).map(([action, entry]) => ({ fn: fn.name, action, access: entry.impl.access })),
);

describe.each(everyAction)('$fn.$action', ({ fn, action, access }) => {
  it.each(badPayloads)('answers %s with a structured validation error and writes nothing', async (_label, payload) => {
    const openid = await allowedCaller(access);
    const before = backend.store.dump();
    const res = await backend.send(openid, fn, { action, payload });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('VALIDATION_FAILED');
    expect(res.error.message).toEqual(expect.any(String));
    expect(res.error.details?.issues?.length).toBeGreaterThan(0);
    expect(backend.store.dump()).toEqual(before);
  });
});

describe('malformed requests', () => {
  it('refuses an event without an action', async () => {
    expect(await backend.send('demo-resident', 'community', { payload: {} })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('refuses an unknown action, including inherited property names', async () => {
    for (const action of ['dropDatabase', 'constructor', '__proto__', 'toString']) {
      expect(await backend.send('demo-resident', 'community', { action })).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_ACTION' },
      });
    }
  });
});

describe('malformed ids: NOT_FOUND, never INTERNAL', () => {
  it('a task id that names no order (-t1: an empty order id) is not found, for every task action', async () => {
    const before = backend.store.dump();
    for (const taskId of ['-t1', '-t0', '-t12345']) {
      for (const action of ['claim', 'withdraw', 'checkIn'] as const) {
        expect([taskId, await backend.call('demo-party-member', 'orders', action, { taskId })]).toMatchObject([
          taskId,
          { ok: false, error: { code: 'NOT_FOUND' } },
        ]);
      }
      const report = await backend.call('demo-party-member', 'orders', 'report', { taskId, notes: '已完成任务' });
      expect(report).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(backend.store.dump()).toEqual(before);
  });

  it('documents asked for by no id at all come back as empty lists, like ids that match nothing', async () => {
    const { loaded } = await loadCaller(getDb(), 'demo-resident', {
      subject: { collection: 'orders', ids: [''] },
      none: { collection: 'places', ids: [] },
    });
    expect(loaded).toEqual({ subject: [], none: [] });
  });
});
