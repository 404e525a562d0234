/**
 * Contract shapes of the service chain as the server answers them: an order's line in the lists and a volunteer
 * task, with the `actions` the server would send the viewer (computed by the same core rules). Each test overrides
 * only what it is about.
 */
import type { OrderSummary, Task } from '../../miniprogram/shared/api/orders';
import { availableActions, ORDER_STATES, type Actor, type Holder } from '../../miniprogram/shared/orders/machine';
import { taskActions } from '../../miniprogram/shared/orders/tasks';

/** Who looks at the order: his role towards it, and who holds it (the server knows; a summary does not say). */
export interface SummaryViewer {
  as: Actor;
  holder?: Holder | null;
}

/**
 * A 供水排水 order at 1号楼 2单元301, just submitted, due at `deadline`; `viewer` makes its `actions` his (none
 * without one). Label and tone follow the status unless given.
 */
export function orderSummary(extra: Partial<OrderSummary> = {}, viewer?: SummaryViewer): OrderSummary {
  const status = extra.status ?? 'submitted';
  const state = ORDER_STATES[status];
  const actions = viewer ? availableActions({ state: status, holder: viewer.holder ?? null }, viewer.as) : [];
  return {
    id: 'od-1',
    category: { id: 'water_supply', label: '供水排水' },
    tier: 'fast',
    summary: '厨房水管漏水',
    place: '1号楼 2单元301',
    status,
    statusLabel: state.label,
    statusTone: state.tone,
    open: state.category === 'open',
    deadline: new Date().toISOString(),
    overdue: false,
    escalated: false,
    reworkCount: 0,
    createdAt: new Date().toISOString(),
    channel: 'mini_program',
    channelTag: '',
    actions,
    ...extra,
  };
}

/** The unit's view of an order in its inbox: taken orders are the unit's own. */
export const unitSummary = (extra: Partial<OrderSummary> = {}): OrderSummary => {
  const status = extra.status ?? 'dispatched';
  const holder = status === 'dispatched' || status === 'submitted' ? null : 'unit';
  return orderSummary({ status, ...extra }, { as: 'unit_member', holder });
};

/**
 * 协助排查漏水 for 3 volunteers, one slot taken, as a party member of the community sees it at `now` — its `actions`
 * the server's for him then — unless `extra.actions` says otherwise.
 */
export function volunteerTask(extra: Partial<Task>, now: Date): Task {
  const base: Omit<Task, 'actions'> = {
    id: 'od-1-t1',
    orderId: 'od-1',
    communityId: 'cm-xiongguan',
    title: '协助排查漏水',
    description: '',
    place: '德轩小区1号楼',
    slots: 3,
    claimed: 1,
    startAt: now.toISOString(),
    endAt: now.toISOString(),
    orderStatus: 'published',
    myClaim: null,
    myHours: null,
    publisherName: '德轩物业服务有限公司',
    orderActions: [],
    ...extra,
  };
  const actions = taskActions({
    orderState: base.orderStatus,
    task: base,
    mine: base.myClaim,
    now,
    activeClaims: base.claimed,
  });
  return { actions, ...base };
}
