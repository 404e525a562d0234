/**
 * The shared components (miniprogram/components/), each rendered alone with the properties a page gives it, as a
 * user sees it: the timeline's steps with who and when, the photo grid's preview, the states' words and buttons.
 */
import { loadPage, type LoadedPage } from '../../helpers/simulate';
import { installWxMock, type WxMock } from '../../helpers/wx-mock';

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock();
  wxMock.wx.previewImage = (opts: unknown) => wxMock.calls.push({ api: 'previewImage', options: opts });
});

/** The events a component sent, by name. */
function events(page: LoadedPage): Array<{ name: string; detail: unknown }> {
  const sent: Array<{ name: string; detail: unknown }> = [];
  const trigger = page.instance.triggerEvent.bind(page.instance);
  page.instance.triggerEvent = (name: string, detail?: unknown, options?: unknown) => {
    sent.push({ name, detail });
    return trigger(name, detail, options);
  };
  return sent;
}

const photo = (name: string) => ({ fileID: `local://photos/u1/${name}.jpg`, url: `http://files/${name}.jpg` });

describe('timeline (办理进度)', () => {
  const steps = [
    {
      key: '2',
      title: '发回重办',
      at: '11-02 10:00',
      actor: '居民 张阿姨',
      change: '待确认 → 办理中',
      reason: '客厅还是不热',
      photos: [photo('a'), photo('b')],
    },
    { key: '1', title: '升级', at: '11-01 09:00', actor: '系统', climb: '物业企业 → 社区', reason: '' },
    { key: '0', title: '提交', at: '11-01 08:00', actor: '居民 张阿姨' },
  ];

  it('shows each step, newest first, with who and when, what changed, the reason and its photos', async () => {
    const page = loadPage('components/timeline/index', { properties: { steps, reasonLabel: '理由：' } });
    const shown = page.queryAll('.step').map((s) => page.text(s));
    expect(shown).toHaveLength(3);
    expect(shown[0]).toBe('发回重办 11-02 10:00 居民 张阿姨 待确认 → 办理中 理由：客厅还是不热');
    expect(shown[1]).toBe('升级 11-01 09:00 系统 物业企业 → 社区');
    expect(shown[2]).toBe('提交 11-01 08:00 居民 张阿姨');
    expect(page.text('.step--latest .step__title')).toBe('发回重办');
    expect(page.text('.step__climb')).toBe('物业企业 → 社区');

    // a step's photo opens full screen with the step's other photos
    const photos = page.queryAll('.step__photos >>> .photo');
    expect(photos.map((p) => p.instance.data.src)).toEqual(['http://files/a.jpg', 'http://files/b.jpg']);
    await page.tap(photos[1]);
    expect(wxMock.calls.find((c) => c.api === 'previewImage')?.options).toEqual({
      urls: ['http://files/a.jpg', 'http://files/b.jpg'],
      current: 'http://files/b.jpg',
    });
  });

  it('a reason speaks for itself unless the page names it', () => {
    const page = loadPage('components/timeline/index', { properties: { steps } });
    expect(page.text('.step__reason')).toBe('客厅还是不热');
  });
});

describe('photo grid (照片)', () => {
  it('shows nothing without photos', () => {
    const page = loadPage('components/photo-grid/index', { properties: { photos: [] } });
    expect(page.query('.photo')).toBeUndefined();
  });

  it('says under the photos what their review means to the viewer, and nothing when there is nothing to say', () => {
    const photos = [{ fileID: 'local://photos/u/a.jpg', url: 'http://files/a.jpg' }];
    const page = loadPage('components/photo-grid/index', {
      properties: { photos, note: '照片审核中，审核通过后他人可见' },
    });
    expect(page.text('.photo-note')).toBe('照片审核中，审核通过后他人可见');
  });
});

describe('states', () => {
  it('loading says so', () => {
    const page = loadPage('components/loading-state/index');
    expect(page.text()).toContain('正在加载…');
  });

  it('an error shows its words and offers 重新加载, which asks the page to retry', async () => {
    const page = loadPage('components/error-state/index', { properties: { message: '网络不给力，请稍后再试' } });
    const sent = events(page);
    expect(page.text()).toBe('网络不给力，请稍后再试 重新加载');
    await page.tap('.retry');
    expect(sent.map((e) => e.name)).toEqual(['retry']);
  });

  it('an error that trying again cannot mend offers no retry', () => {
    const page = loadPage('components/error-state/index', {
      properties: { message: '缺少要查看的办理单位', retryable: false },
    });
    expect(page.text()).toBe('缺少要查看的办理单位');
    expect(page.query('.retry')).toBeUndefined();
  });

  it('an empty list says so in its words, with the next step as a button when there is one', async () => {
    const page = loadPage('components/empty-state/index', {
      properties: { icon: 'file', message: '没有进行中的工单', actionText: '我要下单' },
    });
    const sent = events(page);
    expect(page.text()).toBe('没有进行中的工单 我要下单');
    await page.tap('.action');
    expect(sent.map((e) => e.name)).toEqual(['action']);

    const bare = loadPage('components/empty-state/index', { properties: { message: '没有待审核的申请' } });
    expect(bare.text()).toBe('没有待审核的申请');
    expect(bare.query('.action')).toBeUndefined();
  });
});

describe('status tag (状态)', () => {
  it('shows the state in the words the server gave it', () => {
    const page = loadPage('components/status-tag/index', { properties: { label: '办理中', tone: 'primary' } });
    expect(page.text()).toBe('办理中');
  });
});
