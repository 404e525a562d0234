/**
 * 我要投诉 (pages/complaints/new) end to end on the real backend: the category with its answer time; the open
 * complaint of the same compound and category offered for 附议 instead of a duplicate; the filed complaint stored
 * at the company with every field; the server's own 附议 when a same-category complaint is filed.
 */
import { fileComplaint, NEIGHBOUR, RESIDENT, stubPhotos, uploadedAs, usePageBackend } from '../helpers/complaints';
import type { StoredDoc } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, type WxMock, type WxRequest } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const NEW = 'pages/complaints/new/index';

const env = usePageBackend();

let wxMock: WxMock;
const as = (openid: string) => (wxMock = env.as(openid));

const sent = (action: string): WxRequest[] =>
  wxMock.requests.filter((r) => (r.data as { action?: string } | undefined)?.action === action);

const complaintsOf = async (category: string): Promise<StoredDoc[]> =>
  (await env.backend.docs('complaints')).filter((c) => c.category === category && c.compoundId === 'cp-dexuan');

async function openForm(): Promise<LoadedPage> {
  const page = await openPage(NEW);
  await page.waitForText('环境卫生');
  return page;
}

async function pick(page: LoadedPage, category: string) {
  await page.tap(`.category-${category}`);
  await page.waitFor(() => !page.data.similarLoading);
}

describe('我要投诉', () => {
  it('files a complaint with photos and the name switch: stored at the company, then its page opens', async () => {
    as(RESIDENT);
    const page = await openForm();
    expect(page.text('.category-heating')).toContain('24小时内答复');
    expect(page.text('.category-sanitation')).toContain('7天内答复');
    expect(page.text()).toContain('允许邻居看到我的姓名');

    await pick(page, 'sanitation');
    expect(page.get('.category-sanitation').dom!.className).toContain('category--selected');
    expect(page.query('.similar')).toBeUndefined(); // nobody complained of it yet
    const description = '3号楼楼道垃圾三天没人清运，气味很大';
    await page.input('.description', description);
    stubPhotos(wxMock, ['wxfile://tmp/bins.jpg']);
    await page.tap('.add-photo');
    await page.waitFor(() => page.data.form.photos.length === 1);
    await page.tap('.public-name');
    expect(page.data.form.publicName).toBe(true);

    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    const [stored] = await complaintsOf('sanitation');
    expect(stored).toMatchObject({
      filerId: RESIDENT,
      category: 'sanitation',
      description,
      photos: [uploadedAs(RESIDENT, 'bins.jpg')],
      publicName: true,
      status: 'filed',
      level: 'company',
      companyId: 'un-dexuan-property',
      handlerId: 'un-dexuan-property',
      compoundId: 'cp-dexuan',
      supporters: [],
    });
    expect(wxMock.navigations).toEqual([
      { type: 'redirectTo', url: `/pages/complaints/detail/index?id=${encodeURIComponent(stored._id)}` },
    ]);
    expect(wxMock.toasts.map((t) => t.title)).toContain('投诉已提交');
    expect((sent('file')[0].data as { payload: object }).payload).toEqual({
      requestId: page.data.requestId,
      category: 'sanitation',
      description,
      photos: [uploadedAs(RESIDENT, 'bins.jpg')],
      publicName: true,
    });
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('shows the open complaint of the chosen category first; 我也遇到了 joins it and files no second one', async () => {
    const first = await fileComplaint(env.backend, RESIDENT, {
      category: 'noise',
      description: '楼下商铺夜里音响很吵',
    });
    as(NEIGHBOUR);
    const page = await openForm();
    await pick(page, 'noise');
    expect(page.text('.similar')).toContain('一位邻居投诉'); // the filer did not let neighbours see his name
    expect(page.text('.similar')).toContain('楼下商铺夜里音响很吵');
    expect(page.text('.similar')).toContain('待受理');

    wxMock.setModalAnswer(false); // asked first; "no" joins nothing
    await page.tap('.me-too');
    await page.waitFor(() => wxMock.modals.length === 1);
    expect(sent('meToo')).toHaveLength(0);

    wxMock.setModalAnswer(true);
    await page.tap('.me-too');
    await page.waitFor(() => wxMock.navigations.length > 0);
    expect(wxMock.modals[1].content).toContain('不必重复投诉');
    const stored = await complaintsOf('noise');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ _id: first.id, filerId: RESIDENT, supporters: [NEIGHBOUR] });
    expect(wxMock.navigations).toEqual([
      { type: 'redirectTo', url: `/pages/complaints/detail/index?id=${encodeURIComponent(first.id)}&joined=1` },
    ]);
  });

  it('filing a category that has an open complaint joins it, and says so', async () => {
    const first = await fileComplaint(env.backend, NEIGHBOUR, {
      category: 'leaks',
      description: '顶楼屋面漏水，墙皮脱落',
    });
    as(RESIDENT);
    const page = await openForm();
    await pick(page, 'leaks');
    expect(page.queryAll('.me-too')).toHaveLength(1);
    await page.input('.description', '我家卫生间天花板也在渗水');
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    expect(wxMock.toasts.map((t) => t.title)).toContain('已有同类投诉，已为您附议');
    expect(wxMock.navigations[0].url).toBe(
      `/pages/complaints/detail/index?id=${encodeURIComponent(first.id)}&joined=1`,
    );
    const stored = await complaintsOf('leaks');
    expect(stored).toHaveLength(1);
    expect(stored[0].supporters).toEqual([RESIDENT]);
  });

  it('says what is wrong under the fields and sends nothing', async () => {
    as(RESIDENT);
    const page = await openForm();
    await page.tap('.submit');
    expect(page.text('.error-category')).toBe('请选择投诉类别');
    expect(page.text('.error-description')).toBe('请描述问题（至少5个字）');
    expect(page.text('.form-error')).toBe('请按提示修改后再提交');
    await pick(page, 'other');
    expect(page.query('.error-category')).toBeUndefined();
    await page.input('.description', '太差');
    await page.tap('.submit');
    expect(page.text('.error-description')).toBe('请描述问题（至少5个字）');
    expect(sent('file')).toHaveLength(0);
    expect(wxMock.navigations).toEqual([]);
  });

  it('a lost backend shows the error and a retry', async () => {
    as(RESIDENT);
    wxMock.setRequestHandler(forwardRequestsTo('http://127.0.0.1:1'));
    const page = await openPage(NEW);
    await page.waitForText('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(env.backend.url));
    await page.tap('.retry');
    await page.waitForText('环境卫生');
  });
});
