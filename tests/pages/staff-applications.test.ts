/**
 * 双报到审核 end to end, as 雄关社区's staff: applications made through the real functions by residents are
 * listed; approving asks for confirmation and makes the applicant a party member; rejecting asks a reason;
 * reviewed applications leave the list; more than a page loads on reaching the bottom.
 */
import { PRIVACY_GUIDE_VERSION } from '../../miniprogram/shared/privacy';
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

const QUEUE = 'pages/staff/applications/index';
const STAFF = 'demo-community-staff';
const COMMUNITY = 'cm-xiongguan';

let backend: PageBackend;
let wxMock: WxMock;

beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(async () => {
  await backend?.close();
});

const apply = (openid: string, workUnit = '市第一中学') =>
  backend
    .call(openid, 'people', 'applyPartyMember', { communityId: COMMUNITY, workUnit, partyOrganization: '市教育局党委' })
    .then(expectOk);

async function openQueue(answer?: Parameters<WxMock['setModalAnswer']>[0]): Promise<LoadedPage> {
  wxMock = installWxMock({ storage: { localOpenid: STAFF } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  if (answer !== undefined) wxMock.setModalAnswer(answer);
  const page = await openPage(QUEUE, { communityId: COMMUNITY });
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const cards = (page: LoadedPage) => page.queryAll('.application').map((c) => page.text(c));
const cardIndex = (page: LoadedPage, name: string) => cards(page).findIndex((c) => c.startsWith(name));
const stored = (id: string) => backend.doc('applications', id);

describe('双报到审核', () => {
  it('lists a pending application with what the reviewer needs, and nothing else to load', async () => {
    await apply('demo-resident');
    const page = await openQueue();
    expect(cards(page)).toHaveLength(1);
    const card = cards(page)[0];
    expect(card).toContain('张桂兰');
    expect(card).toContain('13893700001'); // staff of the community see the applicant's phone
    expect(card).toContain('工作单位：市第一中学');
    expect(card).toContain('所在党组织：市教育局党委');
    expect(card).toMatch(/\d{4}-\d{2}-\d{2} 提交/);
    expect(page.text()).toContain('已经到底了');
  });

  it('approve asks for confirmation; cancelling changes nothing', async () => {
    const page = await openQueue(false);
    await page.tap('.approve');
    expect(wxMock.modals).toHaveLength(1);
    expect(wxMock.modals[0].title).toBe('通过申请');
    expect(wxMock.modals[0].content).toContain('张桂兰');
    expect(cards(page)).toHaveLength(1);
    const [application] = (await backend.docs('applications')).filter((a) => a.userId === 'demo-resident');
    expect(application.status).toBe('pending');
    expect(wxMock.requests.map((r) => (r.data as { action: string }).action)).toEqual(['listPendingApplications']);
  });

  it('approve, confirmed: the list empties and the applicant holds the party_member role', async () => {
    const page = await openQueue(true);
    await page.tap('.approve');
    await page.waitForText('没有待审核的申请');
    expect(wxMock.toasts).toContainEqual({ title: '已通过', icon: 'success' });

    const user = await backend.doc('users', 'demo-resident');
    expect(user!.roles).toContainEqual(
      expect.objectContaining({ role: 'party_member', scopeType: 'community', scopeId: COMMUNITY }),
    );
    const [application] = (await backend.docs('applications')).filter((a) => a.userId === 'demo-resident');
    expect(application).toMatchObject({ status: 'approved', reviewedBy: STAFF });
    // the grant's record is kept with the person's roles, written in the same update
    expect(user!.roleEvents).toContainEqual(
      expect.objectContaining({ kind: 'grant', role: 'party_member', by: STAFF }),
    );
    // the applicant sees it on 我的
    const mine = expectOk(await backend.call('demo-resident', 'people', 'listMyApplications', {}));
    expect(mine[0]).toMatchObject({ status: 'approved', statusLabel: '已通过' });
  });

  it('reject asks a reason; without one nothing is rejected, with one the applicant reads it', async () => {
    const application = await apply('demo-resident-changsheng', '市第二医院');
    const page = await openQueue({ confirm: true, content: '' });
    expect(cards(page)).toEqual([expect.stringContaining('马秀英')]);

    await page.tap('.reject');
    expect(wxMock.modals[0]).toMatchObject({ title: '驳回 马秀英 的申请', editable: true });
    await page.waitFor(() => wxMock.toasts.length > 0);
    expect(wxMock.toasts[0]).toMatchObject({ title: '驳回时请说明理由', icon: 'none' });
    expect(cards(page)).toHaveLength(1);
    expect((await stored(application.id))!.status).toBe('pending');

    // too short: the toast says what to fix, not just that something is wrong
    wxMock.setModalAnswer({ confirm: true, content: '否' });
    await page.tap('.reject');
    await page.waitFor(() => wxMock.toasts.length > 1);
    expect(wxMock.toasts[1]).toMatchObject({ title: '请填写理由（至少2个字）', icon: 'none' });
    expect((await stored(application.id))!.status).toBe('pending');

    wxMock.setModalAnswer({ confirm: true, content: '请到工作单位所在社区报到' });
    await page.tap('.reject');
    await page.waitForText('没有待审核的申请');
    expect(wxMock.toasts).toContainEqual({ title: '已驳回', icon: 'success' });
    expect(await stored(application.id)).toMatchObject({ status: 'rejected', reason: '请到工作单位所在社区报到' });
    const user = await backend.doc('users', 'demo-resident-changsheng');
    expect(user!.roles).toEqual([]);
    const mine = expectOk(await backend.call('demo-resident-changsheng', 'people', 'listMyApplications', {}));
    expect(mine[0]).toMatchObject({ status: 'rejected', reason: '请到工作单位所在社区报到' });
  });

  describe('more than one page (20 a page)', () => {
    const applicants = Array.from({ length: 25 }, (_, i) => `page-applicant-${String(i + 1).padStart(2, '0')}`);
    const nameOf = (openid: string) => `申请人${openid.slice(-2)}`;

    beforeAll(async () => {
      for (const openid of applicants) {
        expectOk(
          await backend.call(openid, 'people', 'register', {
            communityId: COMMUNITY,
            compoundId: 'cp-dexuan',
            buildingId: 'bd-dexuan-2',
            name: nameOf(openid),
            privacyConsentVersion: PRIVACY_GUIDE_VERSION,
          }),
        );
        await apply(openid);
      }
    });

    it('shows the first 20, loads the rest on reaching the bottom, then says it is the end', async () => {
      const page = await openQueue();
      expect(cards(page)).toHaveLength(20);
      expect(page.text()).not.toContain('已经到底了');
      await page.onReachBottom();
      await page.waitFor(() => cards(page).length === 25);
      expect(cards(page).map((c) => c.split(' ')[0])).toEqual(applicants.map(nameOf));
      expect(page.text()).toContain('已经到底了');
      // at the end, reaching the bottom again asks for nothing
      const sent = wxMock.requests.length;
      await page.onReachBottom();
      expect(wxMock.requests.length).toBe(sent);
    });

    it('reviewing on the first page does not make the next page skip anyone', async () => {
      const page = await openQueue(true);
      expect(cards(page)).toHaveLength(20);
      for (const name of ['申请人03', '申请人07']) {
        const toasts = wxMock.toasts.length;
        await page.tap(page.queryAll('.approve')[cardIndex(page, name)]);
        await page.waitFor(() => wxMock.toasts.length > toasts);
      }
      expect(cards(page)).toHaveLength(18);
      await page.onReachBottom();
      await page.waitFor(() => page.text().includes('已经到底了'));
      const remaining = applicants.map(nameOf).filter((n) => n !== '申请人03' && n !== '申请人07');
      expect(cards(page).map((c) => c.split(' ')[0])).toEqual(remaining);
    });
  });

  it('someone who is not staff of the community is told so', async () => {
    wxMock = installWxMock({ storage: { localOpenid: 'demo-staff-changsheng' } });
    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
    const page = await openPage(QUEUE, { communityId: COMMUNITY });
    await page.waitFor(() => page.data.vm.state === 'error');
    expect(page.text()).not.toContain('工作单位');
    expect(page.text().length).toBeGreaterThan(0);
    console.log(`not staff here: ${page.text()}`);
  });

  it('keeps setData small', () => {
    const largest = getLargestSetData();
    expect(largest!.bytes).toBeLessThan(256 * 1024);
    console.log(`staff/applications: largest page setData ${largest!.bytes} bytes (${largest!.keys.join(',')})`);
  });
});
