/**
 * A few weeks of past work for the demo's 工作台 (`npm start` on a fresh data directory, before the sample
 * activity): orders and complaints of 雄关社区 and 昌盛社区 that ran their course — on time and late, resolved,
 * rejected, withdrawn, sent back, rated high and low, one still overdue — made through the real functions at the
 * moments they happened, so the measures have something to measure. docs/kpis.md has the hand-computed table
 * (tests/functions/kpis/seeded-demo.test.ts checks it).
 */
import type { CloudFunction } from '../../cloudfunctions/lib/router';
import type { Result } from '../../miniprogram/shared/result';

type Data = Record<string, unknown>;

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const UNIT = 'demo-unit-member';
const CHANGSHENG_RESIDENT = 'demo-resident-changsheng';
const CHANGSHENG_STAFF = 'demo-staff-changsheng';
const DEXUAN = 'un-dexuan-property';
const HOUR = 3600_000;

export async function seedHistory(functions: CloudFunction[], now = new Date()): Promise<void> {
  const call = async (when: Date, fn: string, openid: string, action: string, payload: Data): Promise<Data> => {
    const target = functions.find((f) => f.name === fn)!;
    const result = (await target.handle({ action, payload }, { openid }, { now: () => when })) as Result<Data>;
    if (!result.ok)
      throw new Error(
        `demo history ${fn}.${action}: ${result.error.message} ${JSON.stringify(result.error.details ?? {})}`,
      );
    return result.data;
  };
  /** One document's story: its start `daysAgo` days before now, then steps so many hours after the start. */
  const story = (daysAgo: number) => {
    const start = now.getTime() - daysAgo * 24 * HOUR;
    return (hours: number, fn: string, openid: string, action: string, payload: Data) =>
      call(new Date(start + hours * HOUR), fn, openid, action, payload);
  };
  const order = async (daysAgo: number, requestId: string, categoryId: string, description: string, who = RESIDENT) => {
    const at = story(daysAgo);
    const created = await at(0, 'orders', who, 'create', { requestId, categoryId, description });
    const orderId = created.id as string;
    return (hours: number, openid: string, action: string, payload: Data = {}) =>
      at(hours, 'orders', openid, action, { orderId, ...payload });
  };
  const notes = { notes: '已上门处理完毕' };

  // 1 漏水 (24 h): dispatched and accepted in time, done in 6 h, confirmed, 5 stars.
  let o = await order(20, 'demo-history-1', 'water_supply', '卫生间地漏返水，味道很大');
  await o(1, STAFF, 'dispatch', { unitId: DEXUAN });
  await o(1.5, UNIT, 'accept');
  await o(6, UNIT, 'complete', notes);
  await o(8, RESIDENT, 'confirm');
  await o(9, RESIDENT, 'rate', { as: 'resident', stars: 5 });
  await o(10, STAFF, 'rate', { as: 'community', stars: 4 });

  // 2 环境卫生 (7 d): dispatched 3 h late; sent back once (发回重办), done again within the new round; 3 stars.
  o = await order(18, 'demo-history-2', 'cleaning', '楼道堆放杂物很久没人清理');
  await o(3, STAFF, 'dispatch', { unitId: DEXUAN });
  await o(3.5, UNIT, 'accept');
  await o(48, UNIT, 'complete', notes);
  await o(50, RESIDENT, 'notFixed', { reason: '杂物只清了一半' });
  await o(216, UNIT, 'complete', notes);
  await o(217, RESIDENT, 'confirm');
  await o(218, RESIDENT, 'rate', { as: 'resident', stars: 3 });

  // 3 供暖 (24 h), 社区自办: taken at once, done after 30 h (late), confirmed, 4 stars.
  o = await order(15, 'demo-history-3', 'heating', '家里暖气阀门坏了关不上');
  await o(0.5, STAFF, 'handleSelf');
  await o(30, STAFF, 'complete', notes);
  await o(31, RESIDENT, 'confirm');
  await o(32, RESIDENT, 'rate', { as: 'resident', stars: 4 });

  // 4 驳回 within the hour.
  o = await order(12, 'demo-history-4', 'other', '想让社区帮忙介绍一份工作');
  await o(1, STAFF, 'reject', { reason: '请到人社部门的就业服务窗口办理' });

  // 5 撤销 by the resident before anyone looked.
  o = await order(10, 'demo-history-5', 'home_repair', '家里入户门的门锁坏了');
  await o(0.5, RESIDENT, 'cancel');

  // 6 漏水 (24 h): the unit accepted 3.5 h after the dispatch (late), and it is still not done: overdue now.
  o = await order(5, 'demo-history-6', 'water_supply', '楼顶水箱溢水，顺着墙往下流');
  await o(0.5, STAFF, 'dispatch', { unitId: DEXUAN });
  await o(4, UNIT, 'accept');

  // 7 昌盛社区 政策咨询, 社区自办: answered in 2 h, confirmed, 2 stars.
  o = await order(8, 'demo-history-7', 'policy_consult', '想咨询一下医保异地报销怎么办理', CHANGSHENG_RESIDENT);
  await o(1, CHANGSHENG_STAFF, 'handleSelf');
  await o(2, CHANGSHENG_STAFF, 'complete', { notes: '已电话解答' });
  await o(3, CHANGSHENG_RESIDENT, 'confirm');
  await o(4, CHANGSHENG_RESIDENT, 'rate', { as: 'resident', stars: 2 });

  // 物业投诉 1 环境卫生: acknowledged in an hour, answered next day, satisfied, 5 stars.
  let at = story(14);
  let c = await at(0, 'complaints', RESIDENT, 'file', {
    requestId: 'demo-history-c1',
    category: 'sanitation',
    description: '垃圾桶满了两天没人清运',
  });
  const complaintId = () => ({ complaintId: c.id as string });
  await at(1, 'complaints', UNIT, 'acknowledge', complaintId());
  await at(24, 'complaints', UNIT, 'answer', { ...complaintId(), notes: '已增加清运频次' });
  await at(26, 'complaints', RESIDENT, 'satisfied', complaintId());
  await at(27, 'complaints', RESIDENT, 'rate', { ...complaintId(), stars: 5 });

  // 物业投诉 2 停车: acknowledged 5 h late; not satisfied → 社区呼叫, where staff acknowledge and answer in time.
  at = story(7);
  c = await at(0, 'complaints', RESIDENT, 'file', {
    requestId: 'demo-history-c2',
    category: 'parking',
    description: '消防通道被私家车长期占用',
  });
  await at(5, 'complaints', UNIT, 'acknowledge', complaintId());
  await at(48, 'complaints', UNIT, 'answer', { ...complaintId(), notes: '已张贴告示' });
  await at(49, 'complaints', RESIDENT, 'notSatisfied', { ...complaintId(), reason: '车还是天天停在那里' });
  await at(49.5, 'complaints', STAFF, 'acknowledge', complaintId());
  await at(72, 'complaints', STAFF, 'answer', { ...complaintId(), notes: '已联系车主并设置隔离桩' });
  await at(73, 'complaints', RESIDENT, 'satisfied', complaintId());
}
