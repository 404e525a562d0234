/** The WeChat emulator answers as WeChat does (error codes included), behind node-sdk's real callWxOpenApi. */
import { callOpenApi } from '../../cloudfunctions/lib/wechat';
import { DEV_TEMPLATE_IDS } from '../../miniprogram/shared/notices/templates';
import { attachWechat } from '../../local-backend/wechat/index';

let wechat: ReturnType<typeof attachWechat>;
beforeEach(() => {
  wechat = attachWechat({ verdictDelayMs: 0 });
});
afterEach(() => wechat.detach());

const message = (extra: Record<string, unknown> = {}) => ({
  touser: 'demo-resident',
  template_id: DEV_TEMPLATE_IDS.order_accepted,
  page: 'pages/orders/detail/index?id=o1',
  data: {
    thing1: { value: '供水排水' },
    phrase2: { value: '处理中' },
    time3: { value: '2026年11月2日 10:00' },
    thing4: { value: '接单' },
  },
  ...extra,
});

it('delivers a valid message and records it', async () => {
  expect(await callOpenApi('subscribeMessage.send', message())).toMatchObject({ errcode: 0 });
  expect(wechat.emulator.messagesTo('demo-resident')).toHaveLength(1);
});

it('47003 for a value that breaks its field rule, naming the field; 40037 for an unknown template; 41030 for an unknown page', async () => {
  const bad = message({ data: { ...message().data, phrase2: { value: '已经处理完毕' } } });
  expect(await callOpenApi('subscribeMessage.send', bad)).toMatchObject({
    errcode: 47003,
    errmsg: 'argument invalid! data.phrase2.value invalid',
  });
  expect(await callOpenApi('subscribeMessage.send', message({ template_id: 'x' }))).toMatchObject({ errcode: 40037 });
  expect(await callOpenApi('subscribeMessage.send', message({ page: 'pages/nope/index' }))).toMatchObject({
    errcode: 41030,
  });
  expect(wechat.emulator.messages).toEqual([]);
});

it('43101 for a user who turned messages off', async () => {
  wechat.emulator.refusing.add('demo-resident');
  expect(await callOpenApi('subscribeMessage.send', message())).toMatchObject({ errcode: 43101 });
});

it('msgSecCheck v2 finds the configured risky words; it needs openid and scene', async () => {
  wechat.emulator.riskyWords = ['违禁词'];
  expect(
    await callOpenApi('security.msgSecCheck', { version: 2, openid: 'u', scene: 3, content: '含违禁词的内容' }),
  ).toMatchObject({ errcode: 0, result: { suggest: 'risky' } });
  expect(await callOpenApi('security.msgSecCheck', { version: 2, scene: 3, content: 'x' })).toMatchObject({
    errcode: 40003,
  });
});

describe('GET /_dev/wechat/messages', () => {
  const start = async (dev: boolean) => {
    wechat.detach(); // the backend installs its own emulator
    const { startLocalBackend } = await import('../../local-backend/backend');
    const { Store } = await import('../../local-backend/db/store');
    return startLocalBackend({ store: Store.memory(), timers: false, dev });
  };

  it('lists what WeChat delivered to a user, and answers 404 without the development tools', async () => {
    const backend = await start(true);
    try {
      await callOpenApi('subscribeMessage.send', message());
      const res = await fetch(`${backend.url}/_dev/wechat/messages?touser=demo-resident`);
      const body = (await res.json()) as { ok: boolean; data: Array<{ touser: string }> };
      expect(body.data.map((m) => m.touser)).toEqual(['demo-resident']);
      const none = await fetch(`${backend.url}/_dev/wechat/messages?touser=someone-else`);
      expect(((await none.json()) as { data: unknown[] }).data).toEqual([]);
    } finally {
      await backend.close();
    }
    const off = await start(false);
    try {
      expect((await fetch(`${off.url}/_dev/wechat/messages`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
