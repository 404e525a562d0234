/**
 * 消息 at scale: a notice to a 2,000-household compound reaches every inbox in pages a timer run can finish (the
 * figure is printed). Photo review is tests/functions/photo-review.test.ts.
 */
import { getDb } from '../../cloudfunctions/lib/db';
import { noticesOf } from '../../cloudfunctions/lib/notify';
import { insertAll } from '../../cloudfunctions/lib/outbox';
import { fanout, FANOUT_PAGE } from '../../cloudfunctions/messages/timers';
import { T0, useTestBackend } from '../helpers/functions';

const backend = useTestBackend();

it('a notice to a 2,000-household compound lands in every inbox, a page of 500 at a time', async () => {
  const households = Array.from({ length: 2000 }, (_, i) => ({
    _id: `household-${String(i).padStart(4, '0')}`,
    name: `住户${i}`,
    compoundId: 'cp-bench',
    roles: [],
    createdAt: T0,
    updatedAt: T0,
  }));
  for (let i = 0; i < households.length; i += 500)
    await getDb()
      .collection('users')
      .add(households.slice(i, i + 500));
  const [entry] = noticesOf(
    'hotspot-1',
    {
      audiences: [{ kind: 'compound_residents', id: 'cp-bench' }],
      subject: { type: 'order', id: 'ord-1' },
      title: '社区已主动办理：供暖',
      body: '已派单处理',
    },
    T0.toISOString(),
  );
  await insertAll(getDb(), 'notifications', [entry.doc]);
  const started = Date.now();
  const result = await fanout(getDb(), () => T0);
  const ms = Date.now() - started;
  console.log(`fan-out: 2,000 households in ${ms} ms (${Math.ceil(2000 / FANOUT_PAGE)} pages of ${FANOUT_PAGE})`);
  expect(result).toEqual({ notifications: 1, people: 2000 });
  expect(backend.store.count('inbox')).toBe(2000);
  // a second run adds nothing and the notice is marked sent
  expect(await fanout(getDb(), () => T0)).toEqual({ notifications: 0, people: 0 });
});

it('a run out of time leaves the rest of a big audience for the next run, which finishes it', async () => {
  await getDb()
    .collection('users')
    .add(Array.from({ length: 600 }, (_, i) => ({ _id: `h-${i}`, name: '', compoundId: 'cp-x', roles: [] })));
  const [entry] = noticesOf(
    'n-1',
    {
      audiences: [{ kind: 'compound_residents', id: 'cp-x' }],
      subject: { type: 'order', id: 'o' },
      title: 't',
      body: 'b',
    },
    T0.toISOString(),
  );
  await insertAll(getDb(), 'notifications', [entry.doc]);
  const first = await fanout(getDb(), () => T0, -1); // one page, then out of time
  expect(first.people).toBe(FANOUT_PAGE);
  expect(await fanout(getDb(), () => T0)).toEqual({ notifications: 1, people: 100 });
  expect(backend.store.count('inbox')).toBe(600);
});
