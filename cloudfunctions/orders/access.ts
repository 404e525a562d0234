/** Who the caller is to an order, and the access rules of the actions on one order or its task. */
import { AppError } from '../../miniprogram/shared/errors';
import { ORDER_ACTIONS, type Actor, type OrderAction } from '../../miniprogram/shared/orders/machine';
import type { Role } from '../../miniprogram/shared/roles';
import { holdsGrant, isAdmin, present, relatedTo } from '../lib/access';
import type { Caller } from '../lib/caller';
import { COLLECTIONS } from '../lib/db';
import type { OrderDoc } from '../lib/orders';
import type { Acting } from '../lib/workflow';
import { orderIdOfTask, type RelationField } from './model';

/** The roles the caller holds towards this order: its resident, its community's staff, its unit, its volunteers. */
export function relations(caller: Caller, order: Pick<OrderDoc, RelationField>): Role[] {
  const holds = (role: Role, scopeId: string | null) => holdsGrant(caller, role, scopeId);
  const found: Role[] = [];
  if (order.residentId === caller.openid) found.push('resident');
  if (holds('community_staff', order.communityId)) found.push('community_staff');
  if (holds('unit_member', order.unitId)) found.push('unit_member');
  if (holds('party_member', order.communityId)) found.push('party_member');
  if (holds('street_staff', order.streetId)) found.push('street_staff');
  // The grid worker who took it down for a resident (代办) follows it; staff of its community are its staff already.
  if (order.takenBy?.role === 'grid_worker' && order.takenBy.id === caller.openid) found.push('grid_worker');
  if (isAdmin(caller)) found.push('admin');
  return found;
}

/** The order an action is on, and the role the caller acts in. */
export type OnOrder = Acting<OrderDoc, Actor>;

/** The order an action names, fetched with the caller; a missing one is NOT_FOUND. */
const found = (order: OrderDoc | undefined): OrderDoc => present(order, '找不到这张工单');

/** Access for a step of the machine: the caller must hold one of the roles the step is open to, for this order. */
export const onOrder = (action: OrderAction | ((input: never) => OrderAction)) =>
  relatedTo<OrderDoc, { orderId: string }>(
    COLLECTIONS.orders,
    (input) => input.orderId,
    (doc, input, { caller }): OnOrder => {
      const order = found(doc);
      const name = typeof action === 'function' ? action(input as never) : action;
      const allowed = ORDER_ACTIONS[name].roles as readonly Actor[];
      const actor = relations(caller, order).find((role) => allowed.includes(role));
      if (!actor) throw new AppError('FORBIDDEN', '这张工单不在您负责的范围内');
      return { doc: order, actor };
    },
  );

/** Who may look at an order: anyone with a relation to it (volunteers only once it has a task). */
export const viewer = relatedTo<OrderDoc, { orderId: string }>(
  COLLECTIONS.orders,
  (input) => input.orderId,
  (doc, _input, { caller }): OnOrder => {
    const order = found(doc);
    const roles = relations(caller, order).filter((role) => role !== 'party_member' || order.task !== null);
    if (roles.length === 0) throw new AppError('FORBIDDEN', '您无权查看这张工单');
    return { doc: order, actor: roles[0] };
  },
);

/** Access for a volunteer task: an approved party member (双报到) of the order's community. */
export const onTask = relatedTo<OrderDoc, { taskId: string }>(
  COLLECTIONS.orders,
  (input) => orderIdOfTask(input.taskId),
  (doc, input, { caller }): OrderDoc => {
    const order = found(doc);
    if (!relations(caller, order).includes('party_member')) throw new AppError('FORBIDDEN', '仅本社区报到党员可以领单');
    if (order.task?.id !== input.taskId) throw new AppError('NOT_FOUND', '任务已更新，请刷新');
    return order;
  },
);

/** A list of one community (its staff's queue, its party members' hall): the grant must cover that community. */
export const communityTarget = async (input: { communityId: string }) => ({
  target: { communityId: input.communityId },
  subject: null,
});
