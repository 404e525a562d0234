/**
 * The authorization matrix: EVERY action for EVERY kind of caller, allowed or denied.
 * A new action without an entry here fails this test.
 */
import { getDb } from '../../cloudfunctions/lib/db';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { meetingInput } from '../factories/councils';
import { expectOk, startTestBackend, type TestBackend } from '../helpers/functions';

const PERSONAS = {
  unregistered: 'demo-newcomer',
  resident: 'demo-resident',
  residentElsewhere: 'demo-resident-changsheng',
  partyMember: 'demo-party-member',
  unitMember: 'demo-unit-member',
  gridWorker: 'demo-grid-worker',
  staff: 'demo-community-staff',
  staffElsewhere: 'demo-staff-changsheng',
  streetStaff: 'demo-street-staff',
  admin: 'demo-admin',
} as const;
type Persona = keyof typeof PERSONAS;
const EVERYONE = Object.keys(PERSONAS) as Persona[];
const REGISTERED = EVERYONE.filter((p) => p !== 'unregistered');

interface Case {
  /** Prepares what the payload refers to (e.g. an application to review). */
  setup?: (backend: TestBackend) => Promise<Record<string, string>>;
  payload: (ctx: Record<string, string>) => unknown;
  allow: Persona[];
  /** A denied persona that meets a rule other than who-may-call (e.g. cancelling a sign-up he never made). */
  refusals?: Partial<Record<Persona, string>>;
}

const applyAsResident = async (backend: TestBackend) => {
  const app = expectOk(
    await backend.call('demo-resident', 'people', 'applyPartyMember', {
      communityId: 'cm-xiongguan',
      workUnit: '市自然资源局',
      partyOrganization: '机关党支部',
    }),
  );
  return { applicationId: app.id };
};

// ── service-chain fixtures: an order of demo-resident (雄关社区) brought to the state an action needs ──
const NOW = new Date('2026-11-02T09:00:00+08:00');
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * 3600_000).toISOString();

const createdOrder = async (backend: TestBackend) => {
  backend.setNow(NOW);
  const order = expectOk(
    await backend.call('demo-resident', 'orders', 'create', {
      requestId: 'matrix-order-1',
      categoryId: 'water_supply',
      description: '厨房水管漏水，需要维修',
    }),
  );
  return { orderId: order.id };
};
/** An order staff took down by phone for a resident who is not registered (代办). */
const recordedOrder = async (backend: TestBackend) => {
  backend.setNow(NOW);
  const order = expectOk(
    await backend.call('demo-community-staff', 'orders', 'createOnBehalf', {
      requestId: 'matrix-recorded-1',
      channel: 'phone',
      resident: { name: '马大爷', phone: '13912345678' },
      communityId: 'cm-xiongguan',
      compoundId: 'cp-dexuan',
      buildingId: 'bd-dexuan-1',
      categoryId: 'water_supply',
      description: '电话反映厨房水管漏水',
    }),
  );
  return { orderId: order.id };
};
const dispatchedOrder = async (backend: TestBackend) => {
  const ctx = await createdOrder(backend);
  expectOk(
    await backend.call('demo-community-staff', 'orders', 'dispatch', {
      orderId: ctx.orderId,
      unitId: 'un-dexuan-property',
    }),
  );
  return ctx;
};
const acceptedOrder = async (backend: TestBackend) => {
  const ctx = await dispatchedOrder(backend);
  expectOk(await backend.call('demo-unit-member', 'orders', 'accept', { orderId: ctx.orderId }));
  return ctx;
};
const completedOrder = async (backend: TestBackend) => {
  const ctx = await acceptedOrder(backend);
  expectOk(await backend.call('demo-unit-member', 'orders', 'complete', { orderId: ctx.orderId, notes: '已修好' }));
  return ctx;
};
const confirmedOrder = async (backend: TestBackend) => {
  const ctx = await completedOrder(backend);
  expectOk(await backend.call('demo-resident', 'orders', 'confirm', { orderId: ctx.orderId }));
  return ctx;
};
/** A published task whose window starts in `startsIn` hours; `claimedBy` claims (and checks in) first. */
const publishedTask =
  (startsIn: number, claim: 'none' | 'claimed' | 'checked_in' = 'none') =>
  async (backend: TestBackend) => {
    const ctx = await acceptedOrder(backend);
    const task = expectOk(
      await backend.call('demo-unit-member', 'orders', 'publishTask', {
        orderId: ctx.orderId,
        title: '协助维修',
        description: '',
        place: '德轩小区1号楼',
        slots: 2,
        startAt: hoursFromNow(startsIn),
        endAt: hoursFromNow(startsIn + 3),
      }),
    );
    if (claim !== 'none') expectOk(await backend.call('demo-party-member', 'orders', 'claim', { taskId: task.id }));
    if (claim === 'checked_in')
      expectOk(await backend.call('demo-party-member', 'orders', 'checkIn', { taskId: task.id }));
    return { ...ctx, taskId: task.id };
  };
const onOrder = (ctx: Record<string, string>) => ({ orderId: ctx.orderId });
const onTask = (ctx: Record<string, string>) => ({ taskId: ctx.taskId });

// ── complaint fixtures: a heating complaint of demo-resident (德轩小区, 德轩物业) in the state an action needs ──
const filedComplaint = async (backend: TestBackend) => {
  backend.setNow(NOW);
  const complaint = expectOk(
    await backend.call('demo-resident', 'complaints', 'file', {
      requestId: 'matrix-complaint-1',
      category: 'heating',
      description: '暖气片不热，室温只有14度',
    }),
  );
  return { complaintId: complaint.id };
};
/** Filed by a neighbour who is none of the personas, so residents of 德轩 may join it. */
const neighboursComplaint = async (backend: TestBackend) => {
  backend.setNow(NOW);
  await getDb().collection('users').add({
    _id: 'matrix-neighbour',
    name: '邻居',
    phone: '',
    streetId: 'st-xiongguan',
    communityId: 'cm-xiongguan',
    compoundId: 'cp-dexuan',
    buildingId: 'bd-dexuan-2',
    gridId: 'gr-xiongguan-1',
    roles: [],
    createdAt: NOW,
    updatedAt: NOW,
  });
  const complaint = expectOk(
    await backend.call('matrix-neighbour', 'complaints', 'file', {
      requestId: 'matrix-complaint-2',
      category: 'heating',
      description: '暖气片不热，室温只有14度',
    }),
  );
  return { complaintId: complaint.id };
};
const answeredComplaint = async (backend: TestBackend) => {
  const ctx = await filedComplaint(backend);
  expectOk(await backend.call('demo-unit-member', 'complaints', 'answer', { ...ctx, notes: '已排气' }));
  return ctx;
};
const confirmedComplaint = async (backend: TestBackend) => {
  const ctx = await answeredComplaint(backend);
  expectOk(await backend.call('demo-resident', 'complaints', 'satisfied', ctx));
  return ctx;
};
const complaintAtCommunity = async (backend: TestBackend) => {
  const ctx = await answeredComplaint(backend);
  expectOk(await backend.call('demo-resident', 'complaints', 'notSatisfied', { ...ctx, reason: '还是不热' }));
  return ctx;
};
const heatingHotspot = async (backend: TestBackend) => {
  const ctx = await neighboursComplaint(backend);
  expectOk(await backend.call('demo-resident', 'complaints', 'meToo', ctx));
  return ctx;
};
const onComplaint = (ctx: Record<string, string>) => ({ complaintId: ctx.complaintId });
const HOUSEHOLDS: Persona[] = ['resident', 'residentElsewhere', 'partyMember'];

// ── council fixtures: a community-level meeting of 雄关社区, 48 h ahead, sign-up closing in 24 h ──
const inHours = (h: number) => new Date(NOW.getTime() + h * 3600_000);
const councilMeeting = async (backend: TestBackend) => {
  backend.setNow(NOW);
  const meeting = expectOk(
    await backend.call(
      'demo-community-staff',
      'councils',
      'createMeeting',
      meetingInput({ requestId: 'matrix-meeting-1', place: '党群服务中心' }),
    ),
  );
  return { meetingId: meeting.id };
};
const meetingWithSignUp = async (backend: TestBackend) => {
  const ctx = await councilMeeting(backend);
  const signed = expectOk(await backend.call('demo-resident', 'councils', 'signUp', ctx));
  return { ...ctx, code: signed.myCode!.code };
};
const atTheDoor = async (backend: TestBackend) => {
  const ctx = await meetingWithSignUp(backend);
  backend.setNow(inHours(47.5));
  return ctx;
};
const meetingHeld = async (backend: TestBackend) => {
  const ctx = await councilMeeting(backend);
  backend.setNow(inHours(49));
  return ctx;
};
const minutesPublished = async (backend: TestBackend) => {
  const ctx = await meetingHeld(backend);
  const published = expectOk(
    await backend.call('demo-community-staff', 'councils', 'publishMinutes', {
      ...ctx,
      minutes: '会议讨论了加装电梯的方案',
      resolutions: [{ text: '成立加装电梯工作组' }],
    }),
  );
  return { ...ctx, resolutionId: published.resolutions[0].id };
};
const residentsTopic = async (backend: TestBackend) => {
  backend.setNow(NOW);
  const topic = expectOk(
    await backend.call('demo-resident', 'councils', 'proposeTopic', {
      requestId: 'matrix-topic-1',
      level: 'community',
      title: '老旧小区加装电梯',
      description: '德轩小区多为老人，上下楼困难',
    }),
  );
  return { topicId: topic.id };
};
const topicAndMeeting = async (backend: TestBackend) => ({
  ...(await residentsTopic(backend)),
  ...(await councilMeeting(backend)),
});
const onMeeting = (ctx: Record<string, string>) => ({ meetingId: ctx.meetingId });
const onTopic = (ctx: Record<string, string>) => ({ topicId: ctx.topicId });

// ── 积分超市 fixtures: an item of 雄关社区 (10 points, 5 in stock), demo-party-member with 50 points, his redemption ──
const shopItem = async (backend: TestBackend) => {
  await getDb().collection('pointsLedger').add({
    _id: 'pl-matrix-1',
    userId: 'demo-party-member',
    kind: 'task',
    delta: 50,
    orderId: null,
    note: '',
    at: NOW,
  });
  const item = expectOk(
    await backend.call('demo-community-staff', 'shop', 'addItem', {
      communityId: 'cm-xiongguan',
      requestId: 'matrix-item-1',
      name: '洗衣液',
      price: 10,
      stock: 5,
    }),
  );
  return { itemId: item.id };
};
const shopRedemption = async (backend: TestBackend) => {
  const ctx = await shopItem(backend);
  const redemption = expectOk(
    await backend.call('demo-party-member', 'shop', 'redeem', { itemId: ctx.itemId, requestId: 'matrix-redeem-1' }),
  );
  return { ...ctx, redemptionId: redemption.id, code: redemption.code };
};
const onItem = (ctx: Record<string, string>) => ({ itemId: ctx.itemId });
const onRedemption = (ctx: Record<string, string>) => ({ redemptionId: ctx.redemptionId });

export const MATRIX: Record<string, Case> = {
  // 消息: everyone registered, for himself only (each query is the caller's own)
  'messages.reportGrants': {
    payload: () => ({ askId: 'ask-00000001', accepted: ['dev-order-accepted'] }),
    allow: REGISTERED,
  },
  'messages.listInbox': { payload: () => ({}), allow: REGISTERED },
  'messages.unreadCount': { payload: () => ({}), allow: REGISTERED },
  'messages.markRead': { payload: () => ({ id: 'inb_missing' }), allow: REGISTERED },
  'messages.markAllRead': { payload: () => ({}), allow: REGISTERED },

  // 导出: the community's staff, its street's staff and admins; no one else, the other community's staff included.
  'exports.create': {
    payload: () => ({
      kind: 'orders',
      scope: { kind: 'community', id: 'cm-xiongguan' },
      window: { kind: 'thisMonth' },
      format: 'csv',
    }),
    allow: ['staff', 'streetStaff', 'admin'],
  },
  'community.getHome': { payload: () => ({}), allow: EVERYONE },
  'community.listCommunities': { payload: () => ({}), allow: EVERYONE },
  'community.listCompounds': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: EVERYONE },
  'community.listGrids': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: EVERYONE },
  'community.listBuildings': { payload: () => ({ compoundId: 'cp-dexuan' }), allow: EVERYONE },
  'people.register': {
    payload: () => ({
      communityId: 'cm-zixuan',
      compoundId: 'cp-yongping',
      buildingId: 'bd-yongping-1',
      name: '测试',
      privacyConsentVersion: '2026-11',
    }),
    allow: EVERYONE,
  },
  'people.getProfile': { payload: () => ({}), allow: EVERYONE },
  'people.applyPartyMember': {
    payload: () => ({ communityId: 'cm-zixuan', workUnit: '市自然资源局', partyOrganization: '机关党支部' }),
    allow: REGISTERED,
  },
  'people.listMyApplications': { payload: () => ({}), allow: REGISTERED },
  'people.listPendingApplications': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff', 'admin'] },
  'people.reviewApplication': {
    setup: applyAsResident,
    payload: (ctx) => ({ applicationId: ctx.applicationId, decision: 'approve' }),
    allow: ['staff', 'admin'],
  },
  'people.listMembers': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff', 'admin'] },
  'people.grantRole': {
    payload: () => ({
      userId: 'demo-resident-changsheng',
      role: 'grid_worker',
      scopeId: 'gr-xiongguan-2',
      reason: '授权测试',
    }),
    allow: ['staff', 'streetStaff', 'admin'],
  },
  'people.revokeRole': {
    payload: () => ({ userId: 'demo-grid-worker', role: 'grid_worker', scopeId: 'gr-xiongguan-1', reason: '撤销测试' }),
    allow: ['staff', 'streetStaff', 'admin'],
  },
  'people.listRoleEvents': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff', 'admin'] },

  'orders.listCategories': { payload: () => ({}), allow: EVERYONE },
  // only people bound to a community (居民) order help; staff without a home binding cannot
  'orders.create': {
    payload: () => ({ requestId: 'matrix-create-1', categoryId: 'home_repair', description: '门锁坏了需要维修' }),
    allow: ['resident', 'residentElsewhere', 'partyMember'],
  },
  // 代办: his community's staff, or the worker of the building's grid (赵丽, 第一网格: 1–2号楼)
  'orders.findResidents': { payload: () => ({ scopeId: 'cm-xiongguan' }), allow: ['staff'] },
  'orders.intakeBuildings': { payload: () => ({ scopeId: 'gr-xiongguan-1' }), allow: ['gridWorker'] },
  'orders.createOnBehalf': {
    payload: () => ({
      requestId: 'matrix-on-behalf-1',
      channel: 'phone',
      resident: { name: '马大爷', phone: '13912345678' },
      communityId: 'cm-xiongguan',
      compoundId: 'cp-dexuan',
      buildingId: 'bd-dexuan-1',
      categoryId: 'home_repair',
      description: '电话反映门锁坏了',
    }),
    allow: ['staff', 'gridWorker'],
  },
  // Staff of his community record his rating once it may be given: before that, the machine refuses them.
  'orders.recordRating': {
    setup: recordedOrder,
    payload: (ctx) => ({ orderId: ctx.orderId, stars: 5 }),
    allow: [],
    refusals: { staff: 'INVALID_STATE' },
  },
  'orders.listMine': { payload: () => ({}), allow: REGISTERED },
  'orders.getDetail': { setup: createdOrder, payload: onOrder, allow: ['resident', 'staff', 'streetStaff', 'admin'] },
  'orders.cancel': { setup: createdOrder, payload: onOrder, allow: ['resident'] },
  'orders.staffQueue': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff'] },
  'orders.dispatchOptions': { setup: createdOrder, payload: onOrder, allow: ['staff'] },
  'orders.dispatch': {
    setup: createdOrder,
    payload: (ctx) => ({ orderId: ctx.orderId, unitId: 'un-dexuan-property' }),
    allow: ['staff'],
  },
  'orders.handleSelf': { setup: createdOrder, payload: onOrder, allow: ['staff'] },
  'orders.reject': {
    setup: createdOrder,
    payload: (ctx) => ({ orderId: ctx.orderId, reason: '不在服务范围' }),
    allow: ['staff'],
  },
  'orders.unitInbox': { payload: () => ({ unitId: 'un-dexuan-property' }), allow: ['unitMember'] },
  'orders.accept': { setup: dispatchedOrder, payload: onOrder, allow: ['unitMember'] },
  'orders.returnToCommunity': {
    setup: dispatchedOrder,
    payload: (ctx) => ({ orderId: ctx.orderId, reason: '不属于物业管辖' }),
    allow: ['unitMember'],
  },
  'orders.publishTask': {
    setup: acceptedOrder,
    payload: (ctx) => ({
      orderId: ctx.orderId,
      title: '协助维修',
      description: '',
      place: '德轩小区1号楼',
      slots: 2,
      startAt: hoursFromNow(1),
      endAt: hoursFromNow(3),
    }),
    allow: ['unitMember'],
  },
  'orders.complete': {
    setup: acceptedOrder,
    payload: (ctx) => ({ orderId: ctx.orderId, notes: '已修好' }),
    allow: ['unitMember'],
  },
  'orders.taskHall': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['partyMember'] },
  'orders.myTasks': { payload: () => ({}), allow: ['partyMember'] },
  'orders.claim': { setup: publishedTask(1), payload: onTask, allow: ['partyMember'] },
  'orders.withdraw': { setup: publishedTask(1, 'claimed'), payload: onTask, allow: ['partyMember'] },
  'orders.checkIn': { setup: publishedTask(-1, 'claimed'), payload: onTask, allow: ['partyMember'] },
  'orders.checkOut': { setup: publishedTask(-1, 'checked_in'), payload: onTask, allow: ['partyMember'] },
  'orders.report': {
    setup: publishedTask(-1, 'checked_in'),
    payload: (ctx) => ({ taskId: ctx.taskId, notes: '已完成' }),
    allow: ['partyMember'],
  },
  'orders.confirm': { setup: completedOrder, payload: onOrder, allow: ['resident'] },
  'orders.notFixed': {
    setup: completedOrder,
    payload: (ctx) => ({ orderId: ctx.orderId, reason: '还是漏水' }),
    allow: ['resident'],
  },
  'orders.rate': {
    setup: confirmedOrder,
    payload: (ctx) => ({ orderId: ctx.orderId, as: 'resident', stars: 5 }),
    allow: ['resident'],
  },
  'orders.myPoints': { payload: () => ({}), allow: REGISTERED },

  'complaints.listCategories': { payload: () => ({}), allow: EVERYONE },
  // a complaint is about one's own compound: only people bound to one
  'complaints.similarOpen': { payload: () => ({ category: 'heating' }), allow: HOUSEHOLDS },
  'complaints.file': {
    payload: () => ({ requestId: 'matrix-file-1', category: 'noise', description: '夜里装修噪音很大' }),
    allow: HOUSEHOLDS,
  },
  // 代办投诉 for 张桂兰 (德轩小区1号楼, 第一网格): her community's staff, or her grid's worker
  'complaints.fileOnBehalf': {
    payload: () => ({
      requestId: 'matrix-cpl-on-behalf-1',
      channel: 'in_person',
      resident: { memberId: 'demo-resident' },
      communityId: 'cm-xiongguan',
      compoundId: 'cp-dexuan',
      buildingId: 'bd-dexuan-1',
      category: 'heating',
      description: '来访反映暖气不热',
    }),
    allow: ['staff', 'gridWorker'],
  },
  'complaints.meToo': { setup: neighboursComplaint, payload: onComplaint, allow: ['resident', 'partyMember'] },
  'complaints.listMine': { payload: () => ({}), allow: REGISTERED },
  'complaints.getDetail': {
    setup: filedComplaint,
    payload: onComplaint,
    allow: ['resident', 'unitMember', 'staff', 'streetStaff', 'admin'],
  },
  'complaints.companyInbox': { payload: () => ({ unitId: 'un-dexuan-property' }), allow: ['unitMember'] },
  'complaints.acknowledge': { setup: filedComplaint, payload: onComplaint, allow: ['unitMember'] },
  'complaints.answer': {
    setup: filedComplaint,
    payload: (ctx) => ({ complaintId: ctx.complaintId, notes: '已排气' }),
    allow: ['unitMember'],
  },
  'complaints.satisfied': { setup: answeredComplaint, payload: onComplaint, allow: ['resident'] },
  'complaints.notSatisfied': {
    setup: answeredComplaint,
    payload: (ctx) => ({ complaintId: ctx.complaintId, reason: '还是不热' }),
    allow: ['resident'],
  },
  'complaints.rate': {
    setup: confirmedComplaint,
    payload: (ctx) => ({ complaintId: ctx.complaintId, stars: 5 }),
    allow: ['resident'],
  },
  'complaints.staffInbox': { payload: () => ({ level: 'community', scopeId: 'cm-xiongguan' }), allow: ['staff'] },
  'complaints.refer': {
    setup: complaintAtCommunity,
    payload: (ctx) => ({ complaintId: ctx.complaintId, reason: '需要街道协调' }),
    allow: ['staff'],
  },
  'complaints.closeNotResponsible': {
    setup: filedComplaint,
    payload: (ctx) => ({ complaintId: ctx.complaintId, reason: '市政管网故障' }),
    allow: ['staff', 'streetStaff'],
  },
  'complaints.companyScore': { payload: () => ({}), allow: HOUSEHOLDS },
  'complaints.companyRanking': { payload: () => ({}), allow: ['staff', 'staffElsewhere', 'streetStaff', 'admin'] },
  'complaints.hotspots': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff', 'streetStaff'] },
  'complaints.openProactiveOrder': {
    setup: heatingHotspot,
    payload: () => ({
      requestId: 'matrix-proactive-1',
      communityId: 'cm-xiongguan',
      hotspotKey: 'heating:compound:cp-dexuan',
      windowDays: 7,
      description: '集中反映暖气不热，社区主动协调',
    }),
    allow: ['staff', 'streetStaff'],
  },

  'councils.proposeTopic': {
    payload: () => ({
      requestId: 'matrix-topic-2',
      level: 'building',
      title: '楼道堆物清理',
      description: '楼道里堆了很多杂物，有消防隐患',
    }),
    allow: HOUSEHOLDS,
  },
  'councils.listTopics': { payload: () => ({}), allow: HOUSEHOLDS },
  'councils.backTopic': {
    setup: residentsTopic,
    payload: onTopic,
    allow: ['partyMember'],
    refusals: { resident: 'CONFLICT' }, // his own topic
  },
  'councils.withdrawTopic': { setup: residentsTopic, payload: onTopic, allow: ['resident'] },
  'councils.acceptTopic': {
    setup: topicAndMeeting,
    payload: (ctx) => ({ topicId: ctx.topicId, meetingId: ctx.meetingId }),
    allow: ['staff'],
  },
  'councils.declineTopic': {
    setup: residentsTopic,
    payload: (ctx) => ({ topicId: ctx.topicId, reason: '已另行安排' }),
    allow: ['staff'],
  },
  'councils.createMeeting': {
    payload: () => meetingInput({ requestId: 'matrix-meeting-2', title: '停车管理议事会', place: '党群服务中心' }),
    allow: ['staff'],
  },
  'councils.updateMeeting': {
    setup: councilMeeting,
    payload: (ctx) => ({ meetingId: ctx.meetingId, title: '加装电梯专题议事会' }),
    allow: ['staff'],
  },
  'councils.cancelMeeting': {
    setup: councilMeeting,
    payload: (ctx) => ({ meetingId: ctx.meetingId, reason: '场地临时被占用' }),
    allow: ['staff'],
  },
  'councils.listMeetings': { payload: () => ({}), allow: REGISTERED },
  'councils.getMeeting': { setup: councilMeeting, payload: onMeeting, allow: ['resident', 'partyMember', 'staff'] },
  'councils.signUp': { setup: councilMeeting, payload: onMeeting, allow: ['resident', 'partyMember'] },
  'councils.cancelSignUp': {
    setup: meetingWithSignUp,
    payload: onMeeting,
    allow: ['resident'],
    refusals: { partyMember: 'INVALID_STATE', staff: 'INVALID_STATE' }, // may see it, but never signed up
  },
  'councils.mySignUps': { payload: () => ({}), allow: REGISTERED },
  'councils.checkIn': {
    setup: atTheDoor,
    payload: (ctx) => ({ meetingId: ctx.meetingId, code: ctx.code }),
    allow: ['staff'],
  },
  'councils.attendance': { setup: councilMeeting, payload: onMeeting, allow: ['staff'] },
  'councils.publishMinutes': {
    setup: meetingHeld,
    payload: (ctx) => ({
      meetingId: ctx.meetingId,
      minutes: '会议讨论了加装电梯的方案',
      resolutions: [{ text: '成立加装电梯工作组' }],
    }),
    allow: ['staff'],
  },
  'councils.resolutionToOrder': {
    setup: minutesPublished,
    payload: (ctx) => ({
      requestId: 'matrix-resolution-1',
      meetingId: ctx.meetingId,
      resolutionId: ctx.resolutionId,
      categoryId: 'facility_renovation',
    }),
    allow: ['staff'],
  },
  'shop.listItems': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['partyMember', 'staff'] },
  'shop.addItem': {
    payload: () => ({ communityId: 'cm-xiongguan', requestId: 'matrix-item-2', name: '大米', price: 20, stock: 3 }),
    allow: ['staff'],
  },
  'shop.editItem': { setup: shopItem, payload: (ctx) => ({ ...onItem(ctx), price: 12 }), allow: ['staff'] },
  'shop.restock': { setup: shopItem, payload: (ctx) => ({ ...onItem(ctx), add: 2 }), allow: ['staff'] },
  'shop.setOnSale': { setup: shopItem, payload: (ctx) => ({ ...onItem(ctx), onSale: false }), allow: ['staff'] },
  'shop.redeem': {
    setup: shopItem,
    payload: (ctx) => ({ ...onItem(ctx), requestId: 'matrix-redeem-2' }),
    allow: ['partyMember'],
  },
  'shop.myRedemptions': { payload: () => ({}), allow: REGISTERED },
  'shop.findByCode': {
    setup: shopRedemption,
    payload: (ctx) => ({ communityId: 'cm-xiongguan', code: ctx.code }),
    allow: ['staff'],
  },
  'shop.handOver': { setup: shopRedemption, payload: onRedemption, allow: ['staff'] },
  'shop.cancel': { setup: shopRedemption, payload: onRedemption, allow: ['partyMember', 'staff'] },

  // the open API's keys (Open311, for 12345): the city's admins only
  'open311.issueKey': { payload: () => ({ name: '12345平台' }), allow: ['admin'] },
  'open311.listKeys': { payload: () => ({}), allow: ['admin'] },
  'open311.revokeKey': {
    setup: async (backend) => {
      const issued = expectOk(await backend.call('demo-admin', 'open311', 'issueKey', { name: '12345平台' }));
      return { keyId: issued.id };
    },
    payload: (ctx) => ({ keyId: ctx.keyId }),
    allow: ['admin'],
  },

  // 工作台: 雄关社区's figures — its staff, the street's and the admin; another community's staff are refused
  'kpis.dashboard': { payload: () => ({ scope: 'community:cm-xiongguan' }), allow: ['staff', 'streetStaff', 'admin'] },
  'kpis.figureItems': {
    payload: () => ({ scope: 'community:cm-xiongguan', measure: 'volume' }),
    allow: ['staff', 'streetStaff', 'admin'],
  },
};

/**
 * Documents whose ids can be guessed from public data (complaints, 双报到 applications) answer those who may not know
 * of them as if they did not exist (tests/functions/existence.test.ts): NOT_FOUND is their refusal too.
 */
const HIDDEN = (name: string) =>
  name === 'people.reviewApplication' ||
  name === 'shop.handOver' ||
  name === 'shop.cancel' ||
  (name.startsWith('complaints.') && MATRIX[name].setup !== undefined);

const ACTIONS = FUNCTIONS.flatMap((fn) => Object.keys(fn.actions).map((action) => `${fn.name}.${action}`));

it('has an entry for every action of every function', () => {
  expect(ACTIONS.filter((name) => !MATRIX[name])).toEqual([]);
  expect(Object.keys(MATRIX).filter((name) => !ACTIONS.includes(name))).toEqual([]);
});

const cells = ACTIONS.filter((name) => MATRIX[name]).flatMap((name) =>
  EVERYONE.map((persona) => ({ name, persona, allowed: MATRIX[name].allow.includes(persona) })),
);

let backend: TestBackend;
afterEach(() => backend?.close());

it.each(cells)('$name as $persona → allowed: $allowed', async ({ name, persona, allowed }) => {
  backend = await startTestBackend();
  const [fn, action] = name.split('.');
  const entry = MATRIX[name];
  const ctx = entry.setup ? await entry.setup(backend) : {};
  const before = backend.store.dump();
  const res = await backend.send(PERSONAS[persona], fn, { action, payload: entry.payload(ctx) });
  if (allowed) {
    expect(res).toMatchObject({ ok: true });
  } else {
    expect(res.ok).toBe(false);
    const expected = entry.refusals?.[persona];
    const refusals = ['FORBIDDEN', 'UNAUTHENTICATED', ...(HIDDEN(name) ? ['NOT_FOUND'] : [])];
    if (!res.ok) expect(expected ? [expected] : refusals).toContain(res.error.code);
    expect(backend.store.dump()).toEqual(before);
  }
});
