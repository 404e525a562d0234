/**
 * 我要下单 (居民下单) end to end: the page with real tdesign components → services → wx.request → real HTTP →
 * the real `orders` cloud function → a fresh seeded local store. Photo picking (wx.chooseMedia, through t-upload)
 * and uploading (wx.uploadFile) are answered by the test; everything else is the real chain.
 */
import { uploadedAs } from '../helpers/complaints';
import { startPageBackend, type PageBackend, type StoredDoc } from '../helpers/page-backend';
import { loadPage, openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock, type WxRequest } from '../helpers/wx-mock';

const NEW = 'pages/orders/new/index';

let backend: PageBackend;
let wxMock: WxMock;

beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(async () => {
  await backend?.close();
});

/** What the test's fake camera roll and upload server do. */
interface PhotoScript {
  picked: string[];
  /** Temp paths whose upload fails (the network drops). */
  failing?: Set<string>;
  /** Uploads report 30% and 60%, then wait for this before finishing. */
  gate?: Promise<void>;
}

const as = (openid: string, photos: PhotoScript = { picked: [] }) => {
  wxMock = installWxMock({ storage: { localOpenid: openid } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  const wx = wxMock.wx;
  wx.chooseMedia = (opts: { success?: (res: unknown) => void }) => {
    wxMock.calls.push({ api: 'chooseMedia', options: opts });
    setTimeout(() =>
      opts.success?.({
        type: 'image',
        tempFiles: photos.picked.map((tempFilePath) => ({ tempFilePath, size: 2048, fileType: 'image' })),
      }),
    );
  };
  wx.uploadFile = (opts: {
    url: string;
    filePath: string;
    header?: Record<string, string>;
    success?: (res: { data: string; statusCode: number }) => void;
    fail?: (res: { errMsg: string }) => void;
  }) => {
    wxMock.calls.push({ api: 'uploadFile', options: opts });
    const listeners: ((p: { progress: number }) => void)[] = [];
    setTimeout(async () => {
      for (const progress of [30, 60]) listeners.forEach((l) => l({ progress }));
      await photos.gate;
      listeners.forEach((l) => l({ progress: 100 }));
      if (photos.failing?.has(opts.filePath)) opts.fail?.({ errMsg: 'uploadFile:fail timeout' });
      else {
        const fileID = uploadedAs(opts.header?.['x-wx-openid'] ?? '', opts.filePath.split('/').pop() ?? '');
        opts.success?.({ statusCode: 200, data: JSON.stringify({ ok: true, data: { fileID } }) });
      }
    }, 5);
    return { onProgressUpdate: (l: (p: { progress: number }) => void) => listeners.push(l) };
  };
};

const createRequests = (): WxRequest[] =>
  wxMock.requests.filter((r) => (r.data as { action?: string } | undefined)?.action === 'create');

const ordersOf = async (openid: string, description: string): Promise<StoredDoc[]> =>
  (await backend.docs('orders')).filter((o) => o.residentId === openid && o.description === description);

async function openForm(): Promise<LoadedPage> {
  const page = await openPage(NEW);
  await page.waitForText('紧急求助');
  return page;
}

async function fillHeating(page: LoadedPage, description: string) {
  await page.tap('.category-heating');
  await page.input('.description', description);
}

describe('我要下单', () => {
  it('offers the catalogue grouped by 大类 with each tier’s time limit, and the resident’s own building', async () => {
    as('demo-resident');
    const page = loadPage(NEW);
    expect(page.text()).toContain('正在加载');
    await page.launch();
    await page.waitForText('紧急求助');

    const groups = page.queryAll('.picker__group-title').map((g) => page.text(g));
    expect(groups.slice(0, 2)).toEqual(['紧急求助', '水电气暖']);
    expect(page.text('.category-elevator_trapped')).toContain('紧急 · 2小时内办结');
    expect(page.text('.category-heating')).toContain('供暖问题');
    expect(page.text('.category-heating')).toContain('加急 · 24小时内办结');
    // the default place is his registered building; the address is optional
    expect(page.text()).toContain('德轩小区 1号楼');
    expect(page.text()).toContain('时间不限');
    expect(page.text()).toContain('小程序消息');
    expect(page.text()).toContain('对志愿者隐藏我的姓名电话');

    // picking a category closes the list and shows the choice with its time limit
    await page.tap('.category-heating');
    expect(page.query('.picker')).toBeUndefined();
    expect(page.text('.category-cell')).toContain('供暖问题');
    expect(page.text('.category-cell')).toContain('加急 · 24小时内办结');
    // tapping the choice opens the list again, the choice marked
    await page.tap('.category-cell');
    expect(page.get('.category-heating').dom!.className).toContain('category--selected');
  });

  it('creates the order with every field, the photos uploaded with progress, then opens its page', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    as('demo-resident', { picked: ['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg'], gate });
    const page = await openForm();
    const description = '暖气片一直不热，屋里只有十四度';
    await fillHeating(page, description);
    await page.input('.address', '2单元301');
    await page.tap(page.queryAll('.preferred-time >>> .t-radio-option')[3]); // 晚上
    await page.tap(page.queryAll('.contact >>> .t-radio-option')[1]); // 小程序消息
    await page.tap('.private-contact');
    expect(page.data.form).toMatchObject({ preferredTime: 'evening', contact: 'message', privateContact: true });

    // t-upload's add button → wx.chooseMedia → each photo uploads on its own, showing its progress
    await page.tap('.uploader >>> .t-upload__add-icon');
    expect(wxMock.calls.filter((c) => c.api === 'chooseMedia')).toHaveLength(1);
    await page.waitForText('60%'); // on each photo, while it uploads
    expect(page.text('.photo-info')).toBe('2张照片正在上传…');
    await page.tap('.submit');
    expect(page.data.errors.photos).toBe('照片还在上传，请稍候');
    expect(createRequests()).toHaveLength(0);
    release();
    await page.waitFor(
      () => page.data.photos.length === 2 && page.data.photos.every((p: { status: string }) => p.status === 'done'),
    );
    expect(page.data.photos.map((p: { fileID: string }) => p.fileID)).toEqual([
      uploadedAs('demo-resident', 'a.jpg'),
      uploadedAs('demo-resident', 'b.jpg'),
    ]);
    const uploads = wxMock.calls
      .filter((c) => c.api === 'uploadFile')
      .map((c) => c.options as { url: string; header: object });
    expect(uploads).toHaveLength(2);
    expect(uploads[0]).toMatchObject({
      url: 'http://127.0.0.1:3000/files',
      header: { 'x-wx-openid': 'demo-resident' },
    });
    expect(page.text('.photo-info')).toBe('2/9');

    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);

    const [order] = await ordersOf('demo-resident', description);
    expect(order).toMatchObject({
      categoryId: 'heating',
      tier: 'fast',
      status: 'submitted',
      place: '1号楼 2单元301',
      buildingId: 'bd-dexuan-1',
      communityId: 'cm-xiongguan',
      photos: [uploadedAs('demo-resident', 'a.jpg'), uploadedAs('demo-resident', 'b.jpg')],
      preferredTime: 'evening',
      contact: 'message',
      privateContact: true,
      residentName: '张桂兰',
    });
    expect(wxMock.navigations).toEqual([
      { type: 'redirectTo', url: `/pages/orders/detail/index?id=${encodeURIComponent(order._id)}` },
    ]);
    // what was sent: the form's request id, no empty fields
    const [sent] = createRequests();
    expect((sent.data as { payload: object }).payload).toEqual({
      requestId: page.data.requestId,
      categoryId: 'heating',
      description,
      photos: [uploadedAs('demo-resident', 'a.jpg'), uploadedAs('demo-resident', 'b.jpg')],
      address: '2单元301',
      preferredTime: 'evening',
      contact: 'message',
      privateContact: true,
    });
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('a double tap on 提交 sends once and creates one order; the button shows loading meanwhile', async () => {
    as('demo-resident');
    const page = await openForm();
    const description = '楼道灯坏了，晚上看不见台阶';
    await fillHeating(page, description);

    await page.tap('.submit');
    expect(page.data.submitting).toBe(true);
    expect(page.text('.submit')).toContain('正在提交');
    expect(page.html('.submit')).toContain('t-button__loading');
    await page.tap('.submit'); // the second tap lands on a disabled, loading button
    await page.waitFor(() => wxMock.navigations.length > 0);

    expect(createRequests()).toHaveLength(1);
    expect(await ordersOf('demo-resident', description)).toHaveLength(1);
  });

  it('a retry after a lost answer resends the same request id: still one order', async () => {
    as('demo-resident');
    const forward = forwardRequestsTo(backend.url);
    let dropped = false;
    wxMock.setRequestHandler(async (req) => {
      const res = await forward(req);
      // the first create reaches the server, but its answer never comes back
      if ((req.data as { action?: string }).action === 'create' && !dropped) {
        dropped = true;
        throw new Error('timeout');
      }
      return res;
    });
    const page = await openForm();
    const description = '家里水管漏水，楼下也渗了';
    await fillHeating(page, description);

    await page.tap('.submit');
    await page.waitForText('连不上本地服务');
    expect(page.data.submitting).toBe(false);
    expect(wxMock.navigations).toEqual([]);
    expect(await ordersOf('demo-resident', description)).toHaveLength(1); // it was created

    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    const sent = createRequests().map((r) => (r.data as { payload: { requestId: string } }).payload.requestId);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(sent[1]);
    const orders = await ordersOf('demo-resident', description);
    expect(orders).toHaveLength(1);
    expect(wxMock.navigations[0].url).toBe(`/pages/orders/detail/index?id=${orders[0]._id}`);
  });

  it('shows what is wrong under the fields and sends nothing', async () => {
    as('demo-resident');
    const page = await openForm();
    await page.tap('.submit');
    expect(page.text('.error-category')).toBe('请选择服务类别');
    expect(page.text('.error-description')).toBe('请描述需要的帮助（至少5个字）');

    await fillHeating(page, '不热');
    expect(page.query('.error-category')).toBeUndefined(); // cleared once chosen
    await page.tap('.submit');
    expect(page.query('.error-category')).toBeUndefined();
    expect(page.text('.error-description')).toBe('请描述需要的帮助（至少5个字）');
    expect(page.text('.form-error')).toBe('请按提示修改后再提交');
    expect(createRequests()).toHaveLength(0);
    expect(wxMock.navigations).toEqual([]);

    // typing clears the message; a too-long address is caught too (the contract's own limit)
    await page.input('.description', '暖气不热已经三天了');
    expect(page.query('.error-description')).toBeUndefined();
    page.instance.setData({ 'form.address': '很'.repeat(101) });
    await page.tap('.submit');
    expect(page.text('.error-address')).toBe('地址最多100个字');
    expect(createRequests()).toHaveLength(0);
  });

  it('a failed photo shows an error on it and blocks sending; removed, the order goes without it', async () => {
    as('demo-resident', {
      picked: ['wxfile://tmp/ok.jpg', 'wxfile://tmp/bad.jpg'],
      failing: new Set(['wxfile://tmp/bad.jpg']),
    });
    const page = await openForm();
    const description = '电梯按钮失灵，按了不亮';
    await fillHeating(page, description);

    await page.tap('.uploader >>> .t-upload__add-icon');
    await page.waitFor(
      () => page.data.photos.length === 2 && page.data.photos.every((p: { status: string }) => p.status !== 'loading'),
    );
    expect(page.data.photos.map((p: { status: string }) => p.status)).toEqual(['done', 'failed']);
    expect(page.text('.uploader')).toContain('上传失败'); // on the photo itself (t-upload's failed mask)
    expect(page.text('.error-photo')).toContain('第2张照片上传失败');

    await page.tap('.submit');
    expect(page.text('.error-photo')).toContain('第2张照片上传失败');
    expect(page.data.errors.photos).toBe('有照片上传失败，请重新上传或删除');
    expect(createRequests()).toHaveLength(0);

    await page.tap(page.queryAll('.uploader >>> .t-upload__close-btn')[1]);
    expect(page.data.photos).toHaveLength(1);
    expect(page.query('.error-photo')).toBeUndefined();

    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    const [order] = await ordersOf('demo-resident', description);
    expect(order.photos).toEqual([uploadedAs('demo-resident', 'ok.jpg')]);
  });

  it('shows the server’s refusal in words: a user who has not registered is sent to register', async () => {
    as('demo-newcomer');
    const page = await openPage(NEW);
    await page.waitForText('下单前请先选择您所在的社区和楼栋');
    await page.tap('.go-register');
    expect(wxMock.navigations).toEqual([{ type: 'redirectTo', url: '/pages/onboarding/index' }]);
  });

  it('a backend that cannot be reached shows the error and a retry', async () => {
    as('demo-resident');
    wxMock.setRequestHandler(forwardRequestsTo('http://127.0.0.1:1'));
    const page = await openPage(NEW);
    await page.waitForText('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
    await page.tap('.retry');
    await page.waitForText('紧急求助');
  });
});
