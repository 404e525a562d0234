/**
 * What the screenshots show: every page of app.json as the demo user who would see it, with the seeded demo
 * data (local-backend/seed, on the fixed clock), and for some pages a second state reached the way a user
 * reaches it (a filled form, an open picker). Scenes run in order; a scene with `after` first moves the clock
 * forward (a meeting that has begun).
 */
import type { LoadedPage } from '../../tests/helpers/simulate';
import type { WxMock } from '../../tests/helpers/wx-mock';

/** The fixed moment of every screenshot run (seed and pages): Wednesday 18 Nov 2026, 10:00 in 嘉峪关. */
export const SCREENSHOT_CLOCK = new Date('2026-11-18T02:00:00.000Z');
const HOUR = 3600_000;
/** The seeded 议事会 starts a week after the seed (local-backend/seed/activity.ts). */
const MEETING_START = SCREENSHOT_CLOCK.getTime() + 7 * 24 * HOUR;

export type SeededData = Record<string, Array<Record<string, unknown> & { _id: string }>>;

export interface Scene {
  /** File name: docs/screenshots/<name>.png. */
  name: string;
  /** Page route as in app.json. */
  route: string;
  /** The demo user (OPENID) looking at the page. */
  openid: string;
  /** The page's query, or how to find it in the seeded data. */
  query?: Record<string, string> | ((data: SeededData) => Record<string, string>);
  /** What the user does before the picture. */
  act?: (page: LoadedPage, mock: WxMock) => Promise<void>;
  /** The moment of the picture when it is not SCREENSHOT_CLOCK. */
  after?: Date;
  /** What other users (or this one, elsewhere) did first, through the functions. */
  arrange?: (call: CallFunction) => Promise<void>;
}

/** Calls a cloud function as a demo user; resolves with its data (throws on a refusal). */
export type CallFunction = (
  openid: string,
  fn: string,
  action: string,
  payload: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

const RESIDENT = 'demo-resident';
const PARTY_MEMBER = 'demo-party-member';
const UNIT_MEMBER = 'demo-unit-member';
const STAFF = 'demo-community-staff';
const STREET_STAFF = 'demo-street-staff';
const COMMUNITY = { communityId: 'cm-xiongguan' };
const GRID_WORKER = 'demo-grid-worker';
const COMMUNITY_INTAKE = { onBehalf: 'cm-xiongguan' };

const first =
  (collection: string, test: (doc: Record<string, unknown>) => boolean = () => true) =>
  (data: SeededData) => {
    const doc = (data[collection] ?? []).find(test);
    if (!doc) throw new Error(`the seed has no ${collection} document for this scene`);
    return { id: doc._id };
  };
const meeting = first('meetings');

export const SCENES: Scene[] = [
  {
    name: 'home',
    route: 'pages/home/index',
    openid: RESIDENT,
    // a contact opened: his work phone and 拨打
    act: (page) => page.tap('.contact'),
  },
  // the seeded notices in the inbox, one read; the unread count on the tab
  { name: 'messages', route: 'pages/messages/index', openid: RESIDENT },
  { name: 'mine', route: 'pages/mine/index', openid: RESIDENT },
  { name: 'mine-staff', route: 'pages/mine/index', openid: STAFF },
  { name: 'onboarding', route: 'pages/onboarding/index', openid: 'demo-newcomer' },
  { name: 'people-apply', route: 'pages/people/apply/index', openid: RESIDENT },
  { name: 'orders-new', route: 'pages/orders/new/index', openid: RESIDENT },
  {
    name: 'orders-new-filled',
    route: 'pages/orders/new/index',
    openid: RESIDENT,
    act: async (page) => {
      await page.tap('.category-power_supply');
      await page.input('.description', '三单元楼道灯不亮好几天了，晚上上下楼看不见');
    },
  },
  // 代办下单: staff find a member and fill his form in; a grid worker records a resident who is not registered
  {
    name: 'orders-on-behalf',
    route: 'pages/orders/new/index',
    openid: STAFF,
    query: COMMUNITY_INTAKE,
    act: async (page) => {
      await page.waitFor(() => page.queryAll('.resident').length > 0);
      await page.tap('.resident-0');
      await page.tap('.category-water_supply');
      await page.input('.description', '老人来电：卫生间水管漏水，楼下已渗水');
    },
  },
  {
    name: 'orders-on-behalf-recorded',
    route: 'pages/orders/new/index',
    openid: GRID_WORKER,
    query: { onBehalf: 'gr-xiongguan-1' },
    act: async (page) => {
      await page.tap(page.queryAll('.channel >>> .t-radio-option')[1]);
      await page.tap(page.queryAll('.whom >>> .t-radio-option')[1]);
      await page.input('.recorded-name', '马大爷');
      await page.input('.recorded-phone', '13912345678');
      await page.tap('.building');
    },
  },
  { name: 'orders-mine', route: 'pages/orders/mine/index', openid: RESIDENT },
  {
    name: 'orders-detail',
    route: 'pages/orders/detail/index',
    openid: RESIDENT,
    query: first('orders', (o) => o.status === 'accepted'),
  },
  { name: 'complaints-new', route: 'pages/complaints/new/index', openid: RESIDENT },
  { name: 'complaints-mine', route: 'pages/complaints/mine/index', openid: RESIDENT },
  { name: 'complaints-detail', route: 'pages/complaints/detail/index', openid: RESIDENT, query: first('complaints') },
  { name: 'complaints-score', route: 'pages/complaints/score/index', openid: RESIDENT },
  { name: 'councils-meetings', route: 'pages/councils/meetings/index', openid: RESIDENT },
  // signed up: the meeting shows his check-in code and its QR code
  { name: 'councils-meeting', route: 'pages/councils/meeting/index', openid: PARTY_MEMBER, query: meeting },
  {
    name: 'councils-signups',
    route: 'pages/councils/signups/index',
    openid: PARTY_MEMBER,
    act: (page) => page.tap(page.queryAll('.show-qr')[0]),
  },
  { name: 'councils-topics', route: 'pages/councils/topics/index', openid: RESIDENT },
  { name: 'staff-queue', route: 'pages/staff/queue/index', openid: STAFF, query: COMMUNITY },
  {
    name: 'staff-queue-dispatch',
    route: 'pages/staff/queue/index',
    openid: STAFF,
    query: COMMUNITY,
    act: async (page) => {
      await page.tap(page.queryAll('.dispatch')[0]);
      await page.waitFor(() => page.data.pickerVisible);
    },
  },
  { name: 'staff-applications', route: 'pages/staff/applications/index', openid: STAFF, query: COMMUNITY },
  { name: 'staff-roles', route: 'pages/staff/roles/index', openid: STAFF, query: COMMUNITY },
  {
    name: 'staff-complaints',
    route: 'pages/staff/complaints/index',
    openid: STAFF,
    query: { level: 'community', scopeId: 'cm-xiongguan' },
  },
  { name: 'staff-hotspots', route: 'pages/staff/hotspots/index', openid: STAFF, query: COMMUNITY },
  {
    name: 'staff-ranking',
    route: 'pages/staff/ranking/index',
    openid: STREET_STAFF,
    query: { streetId: 'st-xiongguan' },
  },
  { name: 'staff-meeting-form', route: 'pages/staff/meeting-form/index', openid: STAFF, query: COMMUNITY },
  {
    name: 'staff-export',
    route: 'pages/staff/export/index',
    openid: STAFF,
    query: { scope: 'community', id: 'cm-xiongguan', name: '雄关社区' },
  },
  // the Excel file made and opened (a CSV's link holds a port and a random name: no stable picture)
  {
    name: 'staff-export-done',
    route: 'pages/staff/export/index',
    openid: STAFF,
    query: { scope: 'community', id: 'cm-xiongguan', name: '雄关社区' },
    act: async (page) => {
      await page.tap('.submit');
      await page.waitFor(() => page.data.result.state === 'done');
    },
  },
  // the work in hand (办理中): the seeded order and complaint were accepted
  {
    name: 'unit-inbox',
    route: 'pages/unit/inbox/index',
    openid: UNIT_MEMBER,
    query: { unitId: 'un-dexuan-property', filter: 'open' },
  },
  {
    name: 'unit-complaints',
    route: 'pages/unit/complaints/index',
    openid: UNIT_MEMBER,
    query: { unitId: 'un-dexuan-property', filter: 'open' },
  },
  { name: 'volunteer-hall', route: 'pages/volunteer/hall/index', openid: PARTY_MEMBER, query: COMMUNITY },
  {
    name: 'volunteer-tasks',
    route: 'pages/volunteer/tasks/index',
    openid: PARTY_MEMBER,
    // he claimed the task he saw in the hall
    arrange: async (call) => {
      const hall = (await call(PARTY_MEMBER, 'orders', 'taskHall', COMMUNITY)) as { items: Array<{ id: string }> };
      await call(PARTY_MEMBER, 'orders', 'claim', { taskId: hall.items[0].id });
    },
  },
  { name: 'volunteer-points', route: 'pages/volunteer/points/index', openid: PARTY_MEMBER },
  // 积分超市: the catalogue with his points; his redemption waiting with its pickup code
  { name: 'volunteer-shop', route: 'pages/volunteer/shop/index', openid: PARTY_MEMBER },
  { name: 'volunteer-shop-mine', route: 'pages/volunteer/shop/index', openid: PARTY_MEMBER, query: { tab: 'mine' } },
  // the staff looked up the code he showed
  {
    name: 'staff-shop',
    route: 'pages/staff/shop/index',
    openid: STAFF,
    query: (data) => ({ ...COMMUNITY, code: String((data.redemptions ?? [])[0]?.code ?? '') }),
  },
  // half an hour before the meeting: the door is open
  {
    name: 'staff-attendance',
    route: 'pages/staff/attendance/index',
    openid: STAFF,
    query: meeting,
    after: new Date(MEETING_START - HOUR / 2),
  },
  // after the meeting: the minutes being written
  {
    name: 'staff-minutes',
    route: 'pages/staff/minutes/index',
    openid: STAFF,
    query: meeting,
    after: new Date(MEETING_START + 3 * HOUR),
    act: async (page) => {
      await page.tap('.add-row');
      await page.input('.minutes', '与会居民一致同意申请加装电梯，费用按楼层分摊，由社区协调住建部门办理审批');
      await page.input('.row-text-0', '向住建局提交1号楼加装电梯申请');
    },
  },
  // 工作台, last (its history adds orders the other pictures should not show): weeks of past work, tallied
  {
    name: 'staff-dashboard',
    route: 'pages/staff/dashboard/index',
    openid: STAFF,
    arrange: async () => {
      const { FUNCTIONS } = await import('../../cloudfunctions/registry');
      const { seedHistory } = await import('../../local-backend/seed/history');
      await seedHistory(FUNCTIONS, new Date());
      const tally = await FUNCTIONS.find((f) => f.name === 'kpis')!.runTimer('tally');
      if (!tally.ok) throw new Error(`kpis.tally: ${tally.error.message}`);
    },
    query: { preset: 'last30' },
  },
];
