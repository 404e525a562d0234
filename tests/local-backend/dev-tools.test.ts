/**
 * The development clock and timers over HTTP (local only): a demo or an outside test moves time on and runs the
 * timers, and sees what CloudBase's timer triggers would have done — here an overdue order escalated to the street.
 */
import { seedIfEmpty, startLocalBackend, type LocalBackend } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';

let backend: LocalBackend;
beforeAll(async () => {
  const store = Store.memory();
  backend = await startLocalBackend({ store, timers: false, dev: true });
  await seedIfEmpty(store);
});
afterAll(() => backend.close());

const post = async (path: string, body?: unknown, openid?: string) => {
  const res = await fetch(`${backend.url}${path}`, {
    method: 'POST',
    headers: openid ? { 'x-wx-openid': openid } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data: never; error: never } };
};
const call = async (fn: string, openid: string, action: string, payload: unknown) =>
  (await post(`/functions/${fn}`, { action, payload }, openid)).body;

describe('the development clock and timers', () => {
  it('an order left alone for 25 hours is overdue and escalated once its timers run', async () => {
    const created = await call('orders', 'demo-resident', 'create', {
      requestId: 'dev-clock-order-1',
      categoryId: 'water_supply',
      description: '厨房水管接头漏水，楼下邻居天花板渗水',
    });
    expect(created).toMatchObject({ ok: true, data: { overdue: false, escalated: false } });
    const orderId = (created.data as { id: string }).id;

    const before = (await (await fetch(`${backend.url}/_dev/clock`)).json()) as { data: { now: string } };
    const moved = await post('/_dev/clock', { advance: '25h' });
    expect(moved.status).toBe(200);
    const shift = Date.parse((moved.body.data as { now: string }).now) - Date.parse(before.data.now);
    expect(shift).toBeGreaterThanOrEqual(25 * 3600_000);

    const ran = await post('/_dev/timers/orders');
    expect(ran.body).toMatchObject({ ok: true, data: { orders: { sweep: { ok: true } } } });
    const detail = await call('orders', 'demo-resident', 'getDetail', { orderId });
    expect(detail).toMatchObject({ ok: true, data: { overdue: true, escalated: true } });
  });

  it('sets the clock to a given time, and shows it', async () => {
    const set = await post('/_dev/clock', { set: '2026-12-01T08:00:00+08:00' });
    expect(set.body).toMatchObject({ ok: true, data: { now: expect.stringMatching(/^2026-12-01T00:00:0/) } });
    const shown = (await (await fetch(`${backend.url}/_dev/clock`)).json()) as { data: { now: string } };
    expect(shown.data.now).toMatch(/^2026-12-01T00:00:/);
  });

  it('runs every function’s due timers at POST /_dev/timers', async () => {
    await post('/_dev/clock', { advance: '1h' });
    const ran = await post('/_dev/timers');
    expect(Object.keys(ran.body.data)).toEqual(expect.arrayContaining(['orders', 'complaints', 'councils', 'people']));
  });

  it('refuses a clock change it cannot read, and an unknown function, saying what it takes', async () => {
    for (const body of [{ advance: 'soon' }, { set: 'tomorrow' }, { advance: '1h', set: '2026-12-01T00:00:00Z' }]) {
      const res = await post('/_dev/clock', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/advance/) },
      });
    }
    expect((await post('/_dev/timers/nope')).status).toBe(404);
  });

  it('marks a photo for WeChat to judge risky, and sends WeChat the photo’s link on this backend', async () => {
    expect((await post('/_dev/wechat/risky-media', { fileId: 'https://elsewhere/a.jpg' })).status).toBe(400);
    const photo = 'local://photos/demo-resident/0123456789abcdef01234567.jpg';
    const marked = await post('/_dev/wechat/risky-media', { fileId: photo });
    expect(marked.body.data).toEqual({ riskyMedia: expect.arrayContaining([photo.slice('local://'.length)]) });
    const created = await call('orders', 'demo-resident', 'create', {
      requestId: 'dev-risky-photo-1',
      categoryId: 'water_supply',
      description: '厨房水管接头漏水，楼下邻居天花板渗水',
      photos: [photo],
    });
    expect(created).toMatchObject({ ok: true, data: { photoNote: '照片审核中，审核通过后他人可见' } });
    const calls = (await (await fetch(`${backend.url}/_dev/wechat/calls`)).json()) as {
      data: Array<{ apiName: string; request: { media_url?: string } }>;
    };
    const check = calls.data.find((c) => c.apiName === 'security.mediaCheckAsync');
    expect(check?.request.media_url).toBe(`${backend.url}/files/photos/demo-resident/0123456789abcdef01234567.jpg`);
  });

  it('is not there unless the backend was started with it', async () => {
    const plain = await startLocalBackend({ store: Store.memory(), timers: false });
    try {
      expect((await fetch(`${plain.url}/_dev/clock`)).status).toBe(404);
      expect((await fetch(`${plain.url}/_dev/timers`, { method: 'POST' })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
