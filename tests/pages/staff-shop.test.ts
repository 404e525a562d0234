/**
 * 积分超市管理 (pages/staff/shop) end to end: 雄关社区's staff on the real local backend with npm start's sample
 * activity (the catalogue, and 李建国's 洗衣液 waiting with its pickup code): hand over by code, and keep the
 * catalogue — add, restock, take off sale after a confirmation.
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const STAFF = 'demo-community-staff';
const VOLUNTEER = 'demo-party-member';
const PAGE = 'pages/staff/shop/index';

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend(30_000, { activity: true });
});
afterAll(() => backend?.close());

let wxMock: WxMock;
let page: LoadedPage;
beforeAll(async () => {
  wxMock = installWxMock({ storage: { localOpenid: STAFF } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  page = await openPage(PAGE, { communityId: 'cm-xiongguan' });
  await page.waitFor(() => page.data.vm.state !== 'loading');
});

const rowIndex = (name: string) => page.data.vm.items.findIndex((r: { name: string }) => r.name === name);
const rowText = (name: string) => page.text(page.queryAll('.item')[rowIndex(name)]);

describe('积分超市管理', () => {
  it('lists the catalogue, off-sale and sold-out items too', () => {
    expect(rowText('洗衣液')).toContain('30 积分 · 库存 9');
    expect(rowText('保温杯')).toContain('已兑完');
    expect(rowText('洗衣液')).toContain('在售');
  });

  it('finds the code the volunteer shows (a typo finds nothing) and hands the item over; he is told', async () => {
    const [waiting] = expectOk(await backend.call(VOLUNTEER, 'shop', 'myRedemptions', {})).items;
    await page.input('.code-input', 'zzzzzz');
    await page.tap('.find');
    await page.waitForText('没有这个领取码，请核对后重试');

    await page.input('.code-input', waiting.code.toLowerCase());
    await page.tap('.find');
    await page.waitFor(() => page.data.vm.lookup.card);
    expect(page.text('.found')).toContain('洗衣液');
    expect(page.text('.found')).toContain('兑换人：李建国');
    expect(page.text('.found')).toContain('待领取');

    wxMock.setModalAnswer(true);
    await page.tap('.hand-over');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已交付'));
    expect(wxMock.modals.at(-1)!.content).toBe('将「洗衣液」交给 李建国？');
    expect(page.text('.found')).toContain('已领取');
    expect(page.query('.hand-over')).toBeFalsy();
    const stored = (await backend.doc('redemptions', waiting.id))!;
    expect(stored.state).toBe('handed_over');
    // his notice travels with the change (delivered to his inbox by the deliver timer)
    expect(stored.outbox.map((e: { doc: { audience?: string; title?: string } }) => e.doc)).toContainEqual(
      expect.objectContaining({ audience: `user:${VOLUNTEER}`, title: '洗衣液：已领取' }),
    );
  });

  it('adds an item; a price of 0 is refused in words before anything is sent', async () => {
    await page.tap('.new-item');
    await page.input('.f-name', '食用油');
    await page.input('.f-price', '0');
    await page.input('.f-stock', '4');
    await page.tap('.form-submit');
    expect(page.text('.form__error')).toBe('兑换积分须为 1–100000 的整数');
    await page.input('.f-price', '50');
    await page.tap('.form-submit');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已上架'));
    expect(rowText('食用油')).toContain('50 积分 · 库存 4');
    expect((await backend.docs('shopItems')).some((d) => d.name === '食用油' && d.stock === 4)).toBe(true);
  });

  it('restocks, and takes an item off sale only after a confirmation', async () => {
    wxMock.setModalAnswer({ confirm: true, content: '5' });
    await page.tap(page.queryAll('.restock')[rowIndex('雨伞')]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已补货'));
    expect(rowText('雨伞')).toContain('库存 13');

    wxMock.setModalAnswer(false);
    await page.tap(page.queryAll('.toggle')[rowIndex('雨伞')]);
    await page.waitFor(() => wxMock.modals.at(-1)?.content?.includes('下架「雨伞」'));
    expect(rowText('雨伞')).toContain('在售');
    wxMock.setModalAnswer(true);
    await page.tap(page.queryAll('.toggle')[rowIndex('雨伞')]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已下架'));
    expect(rowText('雨伞')).toContain('已下架');
    const onSale = expectOk(await backend.call(VOLUNTEER, 'shop', 'listItems', {})).items.map((i) => i.name);
    expect(onSale).not.toContain('雨伞');
  });
});
