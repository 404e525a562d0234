/**
 * 代办投诉 end to end: from 代办下单 with a member picked, the complaint form opened for him → the real
 * `complaints` function. It is filed as his complaint, marked 窗口代办, and staff are not asked to subscribe.
 */
import { startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';
import { forwardRequestsTo, installWxMock, type WxMock } from '../helpers/wx-mock';

const NEW = 'pages/complaints/new/index';

let backend: PageBackend;
let wxMock: WxMock;

beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(async () => {
  await backend?.close();
});

it('staff file a complaint for a member they found: his, marked 窗口代办', async () => {
  wxMock = installWxMock({ storage: { localOpenid: 'demo-community-staff' } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  const query = new URLSearchParams({
    channel: 'in_person',
    memberId: 'demo-resident',
    name: '张桂兰',
    building: '1号楼',
    communityId: 'cm-xiongguan',
    compoundId: 'cp-dexuan',
    buildingId: 'bd-dexuan-1',
  });
  const page = await openPage(NEW, Object.fromEntries(query));
  await page.waitForText('环境卫生');
  expect(page.text('.on-behalf-banner')).toBe('代办投诉 · 窗口代办 · 为张桂兰（1号楼）');

  await page.tap('.category-elevator');
  const description = '来访反映：2号电梯停运三天了，老人上下楼困难';
  await page.input('.description', description);
  await page.tap('.submit');
  await page.waitFor(() => wxMock.navigations.length > 0);

  const [complaint] = (await backend.docs('complaints')).filter((c) => c.description === description);
  expect(complaint).toMatchObject({
    filerId: 'demo-resident',
    channel: 'in_person',
    takenBy: { id: 'demo-community-staff', role: 'community_staff', resident: 'member' },
  });
  expect(wxMock.calls.some((c) => c.api === 'requestSubscribeMessage')).toBe(false);
  // His own list has it, marked.
  const mine = await backend.call('demo-resident', 'complaints', 'listMine', {});
  expect(mine.ok && mine.data.items.find((c) => c.id === complaint._id)?.channelTag).toBe('窗口代办');
});
