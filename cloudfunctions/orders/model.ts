/**
 * The service chain's document as the `orders` function reads it: the machine's snapshot of it, its lists' states,
 * its task's ids and claims. (The stored shape and `openOrder()` are in ../lib/orders, shared with every origin.)
 */
import type { ordersActions } from '../../miniprogram/shared/api/orders';
import { AppError } from '../../miniprogram/shared/errors';
import { ORDER_STATES, type OrderSnapshot, type OrderState } from '../../miniprogram/shared/orders/machine';
import { COLLECTIONS, type Database } from '../lib/db';
import type { ClaimDoc, OrderDoc, TaskDoc } from '../lib/orders';
import { pagerOf } from '../lib/paging';
import type { Implementations } from '../lib/router';

/** The implementations of the `orders` actions; each file of ./actions holds some of them. */
export type OrdersImpl = Partial<Implementations<typeof ordersActions>>;

/** The states in which someone is working on the order (the staff queue, the timer's overdue sweep). */
export const WORKING: OrderState[] = ['submitted', 'dispatched', 'accepted', 'published'];
const STATES = Object.keys(ORDER_STATES) as OrderState[];
export const OPEN_STATES = STATES.filter((s) => ORDER_STATES[s].category === 'open');
export const CLOSED_STATES = STATES.filter((s) => ORDER_STATES[s].category === 'closed');

/** What the machine knows of an order. */
export const snapshot = (order: Pick<OrderDoc, SnapshotField>): OrderSnapshot => ({
  state: order.status,
  tier: order.tier,
  createdAt: order.createdAt,
  stateSince: order.stateSince,
  deadline: order.deadline,
  holder: order.holder,
  reworkCount: order.reworkCount,
  escalatedAt: order.escalatedAt,
});

export async function loadOrder(db: Database, orderId: string): Promise<OrderDoc> {
  const res = await db.collection(COLLECTIONS.orders).where({ _id: orderId }).limit(1).get();
  const order = res.data[0] as OrderDoc | undefined;
  if (!order) throw new AppError('NOT_FOUND', '找不到这张工单');
  return order;
}

const SNAPSHOT_FIELDS = [
  'status',
  'tier',
  'createdAt',
  'stateSince',
  'deadline',
  'holder',
  'reworkCount',
  'escalatedAt',
] as const satisfies readonly (keyof OrderDoc)[];
type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

/** Who relates to an order (access.ts `relations`): its resident, community, unit and street. */
export const RELATION_FIELDS = [
  'residentId',
  'communityId',
  'unitId',
  'streetId',
  'takenBy',
] as const satisfies readonly (keyof OrderDoc)[];
export type RelationField = (typeof RELATION_FIELDS)[number];

/** All an order's line in the lists reads of it (views.ts `toSummary`): not its timeline, task, photos or ratings. */
const SUMMARY_FIELDS = [
  ...SNAPSHOT_FIELDS,
  ...RELATION_FIELDS,
  '_id',
  'categoryId',
  'description',
  'place',
  'channel',
] as const satisfies readonly (keyof OrderDoc)[];
export type SummaryDoc = Pick<OrderDoc, (typeof SUMMARY_FIELDS)[number]>;

/** One page of orders. */
export const page = pagerOf<OrderDoc>(COLLECTIONS.orders);

/** One page of orders' lines: only what a summary shows is fetched (an order's timeline and task grow). */
export const summaryPage = pagerOf<SummaryDoc>(COLLECTIONS.orders, SUMMARY_FIELDS);

/** A task id is its order's id and the publication's number: one lookup finds both. */
export const taskIdOf = (orderId: string, n: number) => `${orderId}-t${n}`;
export const orderIdOfTask = (taskId: string) => taskId.replace(/-t\d+$/, '');

/** Every claim on the order's work: earlier rounds' reports, then this round's claims. */
export const allClaims = (task: TaskDoc): ClaimDoc[] => [...(task.earlierReports ?? []), ...Object.values(task.claims)];
