import { COLLECTIONS, getDb } from '../../cloudfunctions/lib/db';
import { noticesOf } from '../../cloudfunctions/lib/notify';
import { deliverOutbox, outboxOf } from '../../cloudfunctions/lib/outbox';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { onDatabaseRequest } from '../../local-backend/db/install';
import { expectOk, startTestBackend, type TestBackend } from '../helpers/functions';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close());

const notificationIds = () => (backend.store.dump().notifications ?? []).map((n) => n._id as string).sort();
const orderDoc = (id: string) => backend.store.dump().orders!.find((o) => o._id === id)!;

describe('outbox: a change and the records it owes other collections are one write', () => {
  it('a new order carries its notice; the deliver timer moves it to notifications once', async () => {
    const order = expectOk(
      await backend.call('demo-resident', 'orders', 'create', {
        requestId: 'outbox-create-1',
        categoryId: 'water_supply',
        description: '卫生间下水道堵塞',
      }),
    );
    const before = notificationIds();
    // Written with the order, not yet handed to the sending channel.
    expect(orderDoc(order.id)).toMatchObject({ outboxSize: 1, outbox: [{ to: 'notifications' }] });

    await backend.deliver();
    const after = notificationIds();
    expect(after.length).toBe(before.length + 1);
    expect(orderDoc(order.id)).toMatchObject({ outboxSize: 0, outbox: [] });

    // Nothing is waiting: a second pass adds nothing.
    await backend.deliver();
    expect(notificationIds()).toEqual(after);
  });

  it('a refused step leaves neither a new state nor a notice', async () => {
    const order = expectOk(
      await backend.call('demo-resident', 'orders', 'create', {
        requestId: 'outbox-create-2',
        categoryId: 'water_supply',
        description: '厨房水龙头漏水',
      }),
    );
    await backend.deliver();
    const rejected = await backend.call('demo-resident', 'orders', 'confirm', { orderId: order.id });
    expect(rejected.ok).toBe(false);
    expect(orderDoc(order.id)).toMatchObject({ outboxSize: 0, status: 'submitted' });
  });

  it('an entry appended while a delivery is under way is not cleared with the delivered ones', async () => {
    const db = getDb();
    const id = 'outbox-race';
    const first = noticesOf(`${id}-e1`, notice(id, 'first'), '2026-11-02T01:00:00.000Z');
    await db.collection(COLLECTIONS.topics).add({ _id: id, ...outboxOf(first) });

    // The delivery reads the outbox; right after that read, a step appends another notice.
    const second = noticesOf(`${id}-e2`, notice(id, 'second'), '2026-11-02T01:05:00.000Z');
    let appended = false;
    const stop = onDatabaseRequest((event) => {
      if (appended || event.collection !== COLLECTIONS.topics || event.action !== 'database.getDocument') return;
      appended = true;
      const doc = backend.store.dump().topics!.find((t) => t._id === id)!;
      const outbox = [...(doc.outbox as unknown[]), ...second];
      backend.store.commit([
        { collection: COLLECTIONS.topics, id, doc: { ...doc, outbox, outboxSize: outbox.length } },
      ]);
    });
    expect(await deliverOutbox(db, COLLECTIONS.topics)).toEqual({ documents: 1, moved: 0 });
    stop();
    expect(appended).toBe(true);
    // The first notice went out; the outbox was not cleared under the second one.
    expect(notificationIds()).toContain(first[0].doc._id);
    expect(backend.store.dump().topics!.find((t) => t._id === id)).toMatchObject({ outboxSize: 2 });

    await deliverOutbox(db, COLLECTIONS.topics);
    expect(notificationIds()).toEqual(expect.arrayContaining([first[0].doc._id, second[0].doc._id]));
    expect(backend.store.dump().topics!.find((t) => t._id === id)).toMatchObject({ outboxSize: 0 });
  });
});

describe('the deliver timer', () => {
  it('works through a backlog larger than one page in one run', async () => {
    const db = getDb();
    const ids = Array.from({ length: 250 }, (_, i) => `outbox-backlog-${i}`);
    await db.collection(COLLECTIONS.topics).add(
      ids.map((id) => ({
        _id: id,
        ...outboxOf(noticesOf(`${id}-e1`, notice(id, 'backlog'), '2026-11-02T01:00:00.000Z')),
      })),
    );
    const councils = FUNCTIONS.find((f) => f.name === 'councils')!;
    expect(expectOk(await councils.runTimer('deliver'))).toEqual({ delivered: 250 });
    const waiting = backend.store.dump().topics!.filter((t) => ids.includes(t._id as string) && t.outboxSize !== 0);
    expect(waiting).toEqual([]);
  });
});

function notice(id: string, title: string) {
  return {
    audiences: [{ kind: 'user' as const, id: 'demo-resident' }],
    subject: { type: 'meeting' as const, id },
    title,
    body: '',
  };
}
