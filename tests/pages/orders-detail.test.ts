/**
 * 工单详情 end to end: the page → services → wx.request → real HTTP → the real `orders` function → a fresh
 * seeded local store. The order's earlier steps are taken through the functions as community staff and the unit;
 * the resident's own steps through the page, answering its dialogs with the wx mock.
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { loadPage, openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

const DETAIL = 'pages/orders/detail/index';

let backend: PageBackend;
let wxMock: WxMock;

beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(async () => {
  await backend?.close();
});

const as = (openid: string) => {
  wxMock = installWxMock({ storage: { localOpenid: openid } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  wxMock.wx.previewImage = (opts: unknown) => wxMock.calls.push({ api: 'previewImage', options: opts });
};

let seq = 0;
const create = async (description: string, photos?: string[]) =>
  expectOk(
    await backend.call('demo-resident', 'orders', 'create', {
      requestId: `detail-test-${++seq}-abc`,
      categoryId: 'heating',
      description,
      address: '2单元301',
      preferredTime: 'evening',
      ...(photos && { photos }),
    }),
  );

/** 社区发单 → 单位接单 → 办结: the order waits for the resident's confirmation. */
async function completed(description: string) {
  const order = await create(description);
  expectOk(
    await backend.call('demo-community-staff', 'orders', 'dispatch', {
      orderId: order.id,
      unitId: 'un-dexuan-property',
    }),
  );
  expectOk(await backend.call('demo-unit-member', 'orders', 'accept', { orderId: order.id }));
  expectOk(
    await backend.call('demo-unit-member', 'orders', 'complete', {
      orderId: order.id,
      notes: '已更换暖气阀门，室温恢复到20度',
      photos: ['local://photos/demo-unit-member/done-1.jpg'],
    }),
  );
  return order;
}

const timeline = (page: LoadedPage) => page.queryAll('.timeline >>> .step').map((s) => page.text(s));
const buttons = (page: LoadedPage) => page.queryAll('.action').map((b) => page.text(b));
const stored = async (id: string) => (await backend.doc('orders', id))!;

describe('工单详情', () => {
  it('shows the new order: status, deadline, description, photos, place, details and the timeline', async () => {
    const order = await create('暖气片一直不热，屋里只有十四度', [
      'local://photos/demo-resident/a.jpg',
      'local://photos/demo-resident/b.jpg',
    ]);
    as('demo-resident');
    const page = loadPage(DETAIL);
    expect(page.text()).toContain('正在加载');
    await page.launch({ id: order.id });
    await page.waitForText('办理进度');

    expect(page.text('.status')).toContain('供暖问题');
    expect(page.text('.status')).toContain('待受理');
    expect(page.text('.status')).toContain('社区将在2小时内受理');
    expect(page.text('.status')).toContain('加急 · 24小时内办结');
    expect(page.text('.deadline')).toMatch(/剩余1小时|剩余\d+分钟/);
    expect(page.text('.description')).toBe('暖气片一直不热，屋里只有十四度');
    // photos through photoUrl: the local backend's file URL
    const photos = page.queryAll('.photos >>> .photo');
    expect(photos).toHaveLength(2);
    expect(photos.map((p) => p.instance.data.src)).toEqual([
      'http://127.0.0.1:3000/files/photos/demo-resident/a.jpg',
      'http://127.0.0.1:3000/files/photos/demo-resident/b.jpg',
    ]);
    await page.tap(photos[1]);
    expect(wxMock.calls.find((c) => c.api === 'previewImage')?.options).toEqual({
      urls: [
        'http://127.0.0.1:3000/files/photos/demo-resident/a.jpg',
        'http://127.0.0.1:3000/files/photos/demo-resident/b.jpg',
      ],
      current: 'http://127.0.0.1:3000/files/photos/demo-resident/b.jpg',
    });

    const info = page.text('.info');
    for (const part of ['1号楼 2单元301', '雄关社区', '待社区派单', '晚上', '电话联系']) expect(info).toContain(part);
    expect(timeline(page)).toHaveLength(1);
    expect(timeline(page)[0]).toContain('居民下单');
    expect(timeline(page)[0]).toContain('居民 张桂兰');
    // what he may do now: only 撤销 (from the server's actions)
    expect(buttons(page)).toEqual(['撤销工单']);
    expect(page.query('.rating-form')).toBeUndefined();
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('撤销 asks first; declined nothing is sent, confirmed the order is cancelled', async () => {
    const order = await create('楼道里有人乱堆杂物');
    as('demo-resident');
    const page = await openPage(DETAIL, { id: order.id });
    await page.waitForText('办理进度');

    wxMock.setModalAnswer(false);
    await page.tap('.action-cancel');
    expect(wxMock.modals.at(-1)).toMatchObject({ title: '撤销工单', confirmText: '撤销' });
    expect(wxMock.requests.filter((r) => (r.data as { action: string }).action === 'cancel')).toHaveLength(0);
    expect(page.text('.status')).toContain('待受理');

    wxMock.setModalAnswer(true);
    await page.tap('.action-cancel');
    await page.waitFor(() => page.text('.status').includes('已撤销'));
    expect(buttons(page)).toEqual([]);
    expect(timeline(page)[0]).toContain('撤销');
    expect(page.text('.status')).not.toMatch(/剩余|已超时/);
    expect(wxMock.toasts.at(-1)).toMatchObject({ title: '已撤销', icon: 'success' });
    expect((await stored(order.id)).status).toBe('cancelled');
  });

  it('the resident confirms a completed order and rates it', async () => {
    const order = await completed('暖气片一直不热，需要检修');
    await backend.photosReviewed(); // the unit's photo is shown to the resident once WeChat passed it
    as('demo-resident');
    const page = await openPage(DETAIL, { id: order.id });
    await page.waitForText('办理情况');

    expect(page.text('.status')).toContain('待确认');
    expect(page.text('.completion')).toContain('已更换暖气阀门，室温恢复到20度');
    expect(page.get('.completion .photos >>> .photo').instance.data.src).toBe(
      'http://127.0.0.1:3000/files/photos/demo-unit-member/done-1.jpg',
    );
    expect(page.text('.info')).toContain('德轩物业服务有限公司');
    expect(buttons(page)).toEqual(['确认解决', '没解决，发回重办']);
    const steps = timeline(page);
    expect(steps.map((s) => s.split(' ')[0])).toEqual(['办结', '接单', '派单', '居民下单']);
    expect(steps[2]).toContain('社区工作人员 陈明');
    expect(steps[2]).toContain('待受理 → 待单位接单');

    await page.tap('.action-confirm');
    expect(wxMock.modals.at(-1)).toMatchObject({ title: '确认解决' });
    await page.waitFor(() => page.text('.status').includes('待评价'));
    expect(buttons(page)).toEqual([]);
    expect(page.query('.rating-form')).toBeDefined();
    expect((await stored(order.id)).status).toBe('confirmed');

    // no stars: the contract's message, nothing sent
    await page.tap('.submit-rating');
    expect(page.text('.rating-error')).toBe('请选择星级');
    expect(wxMock.requests.filter((r) => (r.data as { action: string }).action === 'rate')).toHaveLength(0);

    // t-rate reads the touch position from layout, which simulate has not: it reports its change as it would
    page.get('.stars').instance.triggerEvent('change', { value: 5 });
    await page.waitFor(() => page.data.rating.stars === 5);
    expect(page.text('.rating-form')).toContain('非常满意');
    await page.input('.rating-comment', '师傅来得很快，修得也好');
    await page.tap('.submit-rating');
    await page.waitFor(() => page.text('.status').includes('待社区评价'));
    expect(page.query('.rating-form')).toBeUndefined();
    expect(page.text('.rating')).toContain('我的评价');
    expect(page.text('.rating')).toContain('5星 · 非常满意');
    expect(page.text('.rating')).toContain('师傅来得很快，修得也好');
    expect(timeline(page)[0]).toContain('居民评价');

    const doc = await stored(order.id);
    expect(doc.status).toBe('resident_rated');
    expect(doc.ratings.resident).toMatchObject({ stars: 5, comment: '师傅来得很快，修得也好' });
  });

  it('发回重办 asks for a reason: none given, nothing is sent; given, the order goes back to the unit', async () => {
    const order = await completed('卫生间暖气不热');
    as('demo-resident');
    const page = await openPage(DETAIL, { id: order.id });
    await page.waitForText('办理情况');

    wxMock.setModalAnswer(false); // cancelled: nothing happens
    await page.tap('.action-not_fixed');
    expect(wxMock.modals.at(-1)).toMatchObject({ title: '发回重办', editable: true });

    wxMock.setModalAnswer({ confirm: true, content: ' ' }); // an empty reason
    await page.tap('.action-not_fixed');
    expect(page.text('.action-error')).toBe('请填写理由（至少2个字）');
    expect(wxMock.requests.filter((r) => (r.data as { action: string }).action === 'notFixed')).toHaveLength(0);
    expect((await stored(order.id)).status).toBe('completed');

    wxMock.setModalAnswer({ confirm: true, content: '客厅还是不热' });
    await page.tap('.action-not_fixed');
    await page.waitFor(() => page.text('.status').includes('处理中'));
    expect(page.query('.action-error')).toBeUndefined();
    expect(page.text('.status')).toContain('发回重办1次');
    expect(timeline(page)[0]).toContain('发回重办');
    expect(timeline(page)[0]).toContain('理由：客厅还是不热');
    expect(buttons(page)).toEqual([]);
    const doc = await stored(order.id);
    expect(doc).toMatchObject({ status: 'accepted', reworkCount: 1 });
  });

  it('a refused action shows the server’s words and keeps the page', async () => {
    const order = await completed('阳台暖气漏水');
    as('demo-resident');
    const page = await openPage(DETAIL, { id: order.id });
    await page.waitForText('办理情况');
    // meanwhile he confirmed it on another phone
    expectOk(await backend.call('demo-resident', 'orders', 'confirm', { orderId: order.id }));

    await page.tap('.action-confirm');
    await page.waitFor(() => page.query('.action-error'));
    expect(page.text('.action-error')).toBe('工单待评价，不能确认解决');
    expect(wxMock.toasts.at(-1)).toMatchObject({ title: '工单待评价，不能确认解决' });
    expect(page.text('.status')).toContain('待确认'); // until he refreshes
    await page.onPullDownRefresh();
    await page.waitFor(() => page.text('.status').includes('待评价'));
    expect(page.query('.rating-form')).toBeDefined();
  });

  it('someone else’s order is not shown: the server’s message instead', async () => {
    const order = await create('别人的工单');
    as('demo-resident-changsheng');
    const page = await openPage(DETAIL, { id: order.id });
    await page.waitFor(() => page.query('.error-state >>> .retry'));
    expect(page.text()).not.toContain('别人的工单');
    expect(page.text()).toContain('您无权查看这张工单');
  });
});
