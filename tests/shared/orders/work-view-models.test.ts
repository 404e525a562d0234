/**
 * The pure view-models of the work pages: 社区发单 (staff/queue), 单位接单 (unit/inbox), 任务大厅 (volunteer/hall),
 * 我的任务 (volunteer/tasks) and 我的积分 (volunteer/points).
 */
import { ordersActions, type LedgerLine, type OrderSummary, type Task } from '../../../miniprogram/shared/api/orders';
import { Reason } from '../../../miniprogram/shared/api/common';
import { orderSummary, unitSummary, volunteerTask } from '../../factories/orders';
import {
  afterAction,
  appendQueuePage,
  belongsTo,
  loadingQueue,
  pickedUnit,
  toDispatchPicker,
  toQueueRow,
} from '../../../miniprogram/pages/staff/queue/view-model';
import {
  afterPublish,
  appendInboxPage,
  checkComplete,
  checkPublish,
  loadingInbox,
  newCompleteForm,
  newPublishForm,
  pickerToIso,
  publishInput,
  toInboxRow,
} from '../../../miniprogram/pages/unit/inbox/view-model';
import { appendHallPage, loadingHall, toHallCard } from '../../../miniprogram/pages/volunteer/hall/view-model';
import { checkReportForm, newReportForm, toMyTaskCard } from '../../../miniprogram/pages/volunteer/tasks/view-model';
import { appendPointsPage, loadingPoints } from '../../../miniprogram/pages/volunteer/points/view-model';

const NOW = new Date('2026-11-02T09:00:00+08:00');
const at = (hours: number) => new Date(NOW.getTime() + hours * 3600_000).toISOString();

/** An order as community staff see it in their queue (their actions on it), and one as the unit sees it. */
const summary = (extra: Partial<OrderSummary> = {}): OrderSummary =>
  orderSummary({ deadline: at(2), createdAt: NOW.toISOString(), ...extra }, { as: 'community_staff' });
const inbox = (extra: Partial<OrderSummary> = {}): OrderSummary =>
  unitSummary({ deadline: at(2), createdAt: NOW.toISOString(), ...extra });

/** A task from 2 h after NOW for 3 h, as a volunteer sees it at `now` (its actions then). */
const task = (extra: Partial<Task> = {}, now = NOW): Task =>
  volunteerTask({ startAt: at(2), endAt: at(5), ...extra }, now);

describe('社区发单 queue', () => {
  it('a new order offers 派单, 社区自办 and 驳回, with its 受理 deadline', () => {
    expect(toQueueRow(summary())).toMatchObject({
      category: '供水排水',
      statusLabel: '待受理',
      deadlineText: '受理时限 11-02 11:00',
      created: '11-02 09:00 提交',
      canDispatch: true,
      canHandleSelf: true,
      canReject: true,
    });
    const dispatched = toQueueRow(summary({ status: 'dispatched', statusLabel: '待单位接单' }));
    expect([dispatched.canDispatch, dispatched.canHandleSelf, dispatched.canReject]).toEqual([false, false, false]);
    expect(toQueueRow(summary({ status: 'closed', open: false, deadline: null })).deadlineText).toBe('');
    expect(toQueueRow(summary({ reworkCount: 2 })).reworkText).toBe('发回重办2次');
  });

  it('puts overdue orders first and keeps the server’s order otherwise; pages append without duplicates', () => {
    const vm = appendQueuePage(
      loadingQueue('open'),
      {
        items: [summary({ id: 'a' }), summary({ id: 'b', overdue: true }), summary({ id: 'c' })],
        nextCursor: 20,
      },
      true,
    );
    expect(vm.items.map((r) => [r.id, r.overdue])).toEqual([
      ['b', true],
      ['a', false],
      ['c', false],
    ]);
    const more = appendQueuePage(vm, { items: [summary({ id: 'c' }), summary({ id: 'd' })], nextCursor: null }, false);
    expect(more.items.map((r) => r.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(more.nextCursor).toBeNull();
  });

  it('an order leaves a tab it no longer belongs to after an action', () => {
    expect(belongsTo('new', summary({ status: 'dispatched' }))).toBe(false);
    expect(belongsTo('open', summary({ status: 'dispatched' }))).toBe(true);
    expect(belongsTo('overdue', summary({ status: 'dispatched', overdue: false }))).toBe(false);
    expect(belongsTo('closed', summary({ status: 'rejected', open: false }))).toBe(true);

    const vm = {
      ...appendQueuePage(loadingQueue('new'), { items: [summary()], nextCursor: null }, true),
      busyId: 'od-1',
    };
    const after = afterAction(vm, summary({ status: 'dispatched' }));
    expect(after.items).toEqual([]);
    expect(after.busyId).toBe('');
    const open = appendQueuePage(loadingQueue('open'), { items: [summary()], nextCursor: null }, true);
    expect(afterAction(open, summary({ status: 'accepted', statusLabel: '处理中' })).items[0].statusLabel).toBe(
      '处理中',
    );
  });

  it('the dispatch picker lists the suggested unit first, marked 推荐 and preselected', () => {
    const units = [
      { id: 'un-a', name: '甲单位', kind: 'partner' as const, phone: '' },
      { id: 'un-p', name: '德轩物业', kind: 'property' as const, phone: '' },
    ];
    const picker = toDispatchPicker('od-1', { suggestedUnitId: 'un-p', units });
    expect(picker.options).toEqual([
      { value: 'un-p', label: '德轩物业', note: '物业企业 · 推荐' },
      { value: 'un-a', label: '甲单位', note: '共建单位' },
    ]);
    expect(picker.value).toBe('un-p');
    expect(pickedUnit(picker, 'un-a')).toBe('un-a');
    expect(pickedUnit(picker, 'un-elsewhere')).toBe('');

    const none = toDispatchPicker('od-1', { suggestedUnitId: null, units });
    expect(none.value).toBe('un-a');
    expect(none.options.some((o) => o.note.includes('推荐'))).toBe(false);
  });
});

describe('单位接单 inbox', () => {
  it('offers 接单/退回社区 on a dispatched order and 发布任务/办结 on an accepted one', () => {
    expect(toInboxRow(inbox({ status: 'dispatched' }))).toMatchObject({
      canAccept: true,
      canReturn: true,
      canPublish: false,
      canComplete: false,
    });
    expect(toInboxRow(inbox({ status: 'accepted' }))).toMatchObject({
      canAccept: false,
      canReturn: false,
      canPublish: true,
      canComplete: true,
      deadlineText: '办结时限 11-02 11:00',
    });
    expect(toInboxRow(inbox({ status: 'published' }))).toMatchObject({ canPublish: false, canComplete: true });
    expect(toInboxRow(inbox({ status: 'completed' }))).toMatchObject({ canPublish: false, canComplete: false });

    const vm = appendInboxPage(
      loadingInbox('open'),
      { items: [inbox({ status: 'accepted' })], nextCursor: null },
      true,
    );
    expect(
      afterPublish(vm, { orderId: 'od-1', orderStatus: 'published', orderActions: ['complete'] }).items[0],
    ).toMatchObject({
      statusLabel: '党员领单中',
      canPublish: false,
      canComplete: true,
    });
  });

  it('a new task form: the order’s place, one slot, the next whole hour for two hours (China time)', () => {
    const form = newPublishForm('od-1', '1号楼', new Date('2026-11-02T09:20:00+08:00'));
    expect(form).toMatchObject({ place: '1号楼', slots: 1, start: '2026-11-02 10:00', end: '2026-11-02 12:00' });
    expect(pickerToIso('2026-11-02 10:00')).toBe('2026-11-02T10:00:00+08:00');
    expect(pickerToIso('')).toBe('');
    expect(publishInput({ ...form, title: ' 排查 ' })).toMatchObject({
      title: '排查',
      startAt: '2026-11-02T10:00:00+08:00',
      endAt: '2026-11-02T12:00:00+08:00',
    });
  });

  it('checks the task form with the server’s rules', () => {
    const form = { ...newPublishForm('od-1', '德轩小区1号楼', NOW), title: '协助排查漏水' };
    expect(checkPublish(form, NOW)).toEqual({});
    expect(checkPublish({ ...form, title: '', place: ' ' }, NOW)).toMatchObject({
      title: '请填写任务名称',
      place: '请填写地点',
    });
    expect(checkPublish({ ...form, slots: 51 }, NOW)).toEqual({ slots: '最多50个名额' });
    expect(checkPublish({ ...form, slots: 0 }, NOW)).toEqual({ slots: '至少1个名额' });
    expect(checkPublish({ ...form, start: '2026-11-02 12:00', end: '2026-11-02 11:00' }, NOW)).toEqual({
      endAt: '结束时间应晚于开始时间',
    });
    expect(checkPublish({ ...form, start: '2026-11-01 07:00', end: '2026-11-01 08:00' }, NOW)).toEqual({
      endAt: '结束时间应晚于现在',
    });
    expect(checkPublish({ ...form, end: '' }, NOW)).toMatchObject({ endAt: '请选择结束时间' });
  });

  it('办结 needs notes; photos are optional', () => {
    expect(checkComplete(newCompleteForm('od-1'))).toBe('请填写办理情况');
    expect(checkComplete({ ...newCompleteForm('od-1'), notes: '已更换阀门' })).toBe('');
    const photos = Array.from({ length: 10 }, (_, i) => ({ fileID: `local://p${i}.jpg`, url: '' }));
    expect(checkComplete({ ...newCompleteForm('od-1'), notes: '已更换阀门', photos })).toBe('最多上传9张照片');
  });
});

describe('a reason for 驳回 / 退回社区', () => {
  it('follows the contract: at least 2 characters once trimmed', () => {
    // The pages ask with promptReason, which applies this schema (the one the server applies).
    expect(Reason.safeParse(' 无 ').error?.issues[0].message).toBe('请填写理由（至少2个字）');
    expect(Reason.safeParse('不归我们').success).toBe(true);
    expect(ordersActions.reject.input.shape.reason).toBe(Reason);
    expect(ordersActions.returnToCommunity.input.shape.reason).toBe(Reason);
  });
});

describe('任务大厅', () => {
  it('shows 已领 n/N and a 领单 button only when a slot is free, the task live and not his', () => {
    expect(toHallCard(task())).toMatchObject({
      slotsText: '已领 1/3',
      window: '11-02 11:00–14:00',
      claimLabel: '领单',
      canClaim: true,
    });
    expect(toHallCard(task({ claimed: 3 }))).toMatchObject({
      full: true,
      claimLabel: '名额已满',
      canClaim: false,
    });
    expect(toHallCard(task({ myClaim: 'claimed' }))).toMatchObject({
      mine: true,
      claimLabel: '已领单',
      canClaim: false,
    });
    // a withdrawn claim holds no slot: he may claim again
    expect(toHallCard(task({ myClaim: 'withdrawn' }))).toMatchObject({ mine: false, canClaim: true });
    expect(toHallCard(task({ endAt: at(-1), startAt: at(-3) }))).toMatchObject({
      ended: true,
      claimLabel: '已结束',
      canClaim: false,
    });
    const vm = appendHallPage(loadingHall(), { items: [task()], nextCursor: null }, true);
    expect(vm.items).toHaveLength(1);
  });
});

describe('我的任务', () => {
  it('退出 before the window, 签到 within it, 提交 after 签到', () => {
    expect(toMyTaskCard(task({ myClaim: 'claimed' }), NOW)).toMatchObject({
      claimLabel: '已领单',
      phase: '未开始',
      canWithdraw: true,
      canCheckIn: false,
      canReport: false,
    });
    const inWindow = new Date(at(3));
    expect(toMyTaskCard(task({ myClaim: 'claimed' }, inWindow), inWindow)).toMatchObject({
      phase: '进行中',
      canWithdraw: false,
      canCheckIn: true,
    });
    expect(toMyTaskCard(task({ myClaim: 'checked_in' }, inWindow), inWindow)).toMatchObject({
      claimLabel: '已签到',
      canCheckIn: false,
      canReport: true,
    });
    expect(toMyTaskCard(task({ myClaim: 'reported' }, inWindow), inWindow)).toMatchObject({
      claimLabel: '已完成',
      canReport: false,
    });
    expect(toMyTaskCard(task({ myClaim: 'claimed', orderStatus: 'completed' }, inWindow), inWindow)).toMatchObject({
      phase: '已结束',
      canCheckIn: false,
    });
    expect(toMyTaskCard(task({ myClaim: 'withdrawn' }), NOW)).toMatchObject({
      claimLabel: '已退出',
      canWithdraw: false,
    });
  });

  it('a report needs notes', () => {
    expect(checkReportForm(newReportForm('t1'))).toBe('请填写完成情况');
    expect(checkReportForm({ ...newReportForm('t1'), notes: '已完成' })).toBe('');
  });
});

describe('我的积分', () => {
  const line = (id: string, delta: number): LedgerLine => ({
    id,
    kind: delta > 0 ? 'task' : 'redeem',
    kindLabel: delta > 0 ? '志愿服务' : '积分兑换',
    delta,
    orderId: delta > 0 ? 'od-1' : null,
    note: delta > 0 ? '协助排查漏水' : '兑换洗衣液',
    at: NOW.toISOString(),
  });

  it('shows the balance and signed lines, a page at a time', () => {
    const first = appendPointsPage(loadingPoints(), { balance: 5, items: [line('l1', 15)], nextCursor: 20 }, true);
    expect(first).toMatchObject({ state: 'ready', balance: 5, nextCursor: 20 });
    expect(first.items[0]).toMatchObject({ deltaText: '+15', positive: true, at: '11-02 09:00', orderId: 'od-1' });
    const next = appendPointsPage(
      first,
      { balance: 5, items: [line('l1', 15), line('l2', -10)], nextCursor: null },
      false,
    );
    expect(next.items.map((l) => [l.id, l.deltaText])).toEqual([
      ['l1', '+15'],
      ['l2', '-10'],
    ]);
    expect(next.items[1]).toMatchObject({ positive: false, orderId: '' });
  });
});
