/**
 * 投诉待办 of a property company (pages/unit/complaints) end to end, as the demo member of 德轩物业: the demo
 * resident files through the real function; the page 受理s (asked first) and 答复s with notes and a photo, and the
 * store holds each step.
 */
import {
  COMPANY,
  COMPANY_MEMBER,
  fileComplaint,
  RESIDENT,
  stubPhotos,
  uploadedAs,
  usePageBackend,
} from '../helpers/complaints';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const INBOX = 'pages/unit/complaints/index';

const env = usePageBackend();

let wxMock: WxMock;
beforeEach(() => {
  wxMock = env.as(COMPANY_MEMBER);
});

async function openInbox(query: Record<string, string> = {}) {
  const page = await openPage(INBOX, { unitId: COMPANY, ...query });
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const rowOf = (page: LoadedPage, id: string): number =>
  page.data.vm.items.findIndex((r: { id: string }) => r.id === id);

async function switchTab(page: LoadedPage, label: string) {
  const tab = page.queryAll('.tabs >>> .t-tabs__item').find((n) => page.text(n) === label);
  if (!tab) throw new Error(`no tab ${label}: ${page.text('.tabs')}`);
  await page.tap(tab);
  await page.waitFor(() => page.data.vm.state !== 'loading');
}

describe('物业企业投诉待办', () => {
  it('受理 asks first, then the complaint is acknowledged; 答复 with notes and a photo answers it', async () => {
    const filed = await fileComplaint(env.backend, RESIDENT, {
      category: 'elevator',
      description: '3号楼电梯一周停了三次，老人下不了楼',
    });
    const page = await openInbox();
    expect(page.text('.tabs')).toContain('新投诉');
    expect(page.text('.tabs')).toContain('已超时');
    const row = rowOf(page, filed.id);
    expect(row).toBeGreaterThanOrEqual(0);
    const card = page.queryAll('.complaint')[row];
    expect(page.text(card)).toContain('电梯');
    expect(page.text(card)).toContain('3号楼电梯一周停了三次');
    expect(page.text(card)).toContain('德轩小区 · 物业企业');
    expect(page.text(card)).toContain('待受理');
    expect(page.text(card)).toContain('受理时限');

    // 受理 asks; a "no" changes nothing
    wxMock.setModalAnswer(false);
    await page.tap(page.queryAll('.acknowledge')[row]);
    await page.waitFor(() => wxMock.modals.length === 1);
    expect((await env.backend.doc('complaints', filed.id))!.status).toBe('filed');

    wxMock.setModalAnswer(true);
    await page.tap(page.queryAll('.acknowledge')[row]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已受理'));
    expect(await env.backend.doc('complaints', filed.id)).toMatchObject({ status: 'acknowledged', level: 'company' });
    expect(rowOf(page, filed.id)).toBe(-1); // no longer new

    await switchTab(page, '处理中');
    const open = rowOf(page, filed.id);
    expect(page.text(page.queryAll('.complaint')[open])).toContain('处理中');
    expect(page.text(page.queryAll('.complaint')[open])).toContain('答复时限');
    await page.tap(page.queryAll('.answer')[open]);
    await page.waitFor(() => page.query('.answer-sheet >>> .answer-form'));
    await page.tap('.answer-sheet >>> .answer-submit');
    expect(page.text('.answer-sheet >>> .answer-error')).toBe('请填写办理情况');

    stubPhotos(wxMock, ['wxfile://tmp/lift.jpg']);
    await page.tap('.answer-sheet >>> .add-photo');
    await page.waitFor(() => page.get('.answer-sheet').instance.data.answer.photos.length === 1);
    await page.input('.answer-sheet >>> .answer-notes', '已请电梯公司更换控制板，今天起恢复运行');
    await page.tap('.answer-sheet >>> .answer-submit');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已答复'));
    const stored = await env.backend.doc('complaints', filed.id);
    expect(stored).toMatchObject({
      status: 'answered',
      answer: {
        level: 'company',
        notes: '已请电梯公司更换控制板，今天起恢复运行',
        photos: [uploadedAs(COMPANY_MEMBER, 'lift.jpg')],
      },
    });
    expect(stored!.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'acknowledge', 'answer']);
    expect(rowOf(page, filed.id)).toBe(-1); // the resident's turn now
    expect(page.query('.answer-sheet >>> .answer-form')).toBeUndefined();
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('a row opens the complaint’s page; a missing unit says so; a lost backend shows a retry', async () => {
    const filed = await fileComplaint(env.backend, RESIDENT, {
      category: 'parking',
      description: '消防通道天天被私家车堵住',
    });
    wxMock.setRequestHandler(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const page = await openInbox();
    expect(page.text()).toContain('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(env.backend.url));
    await page.tap('.retry');
    await page.waitFor(() => page.data.vm.state === 'ready');
    await page.tap(page.queryAll('.complaint')[rowOf(page, filed.id)]);
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: `/pages/complaints/detail/index?id=${encodeURIComponent(filed.id)}` },
    ]);

    const none = await openPage(INBOX, {});
    await none.waitForText('缺少要查看的办理单位');
  });
});
