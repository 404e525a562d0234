/**
 * A step of the order's machine (lib/workflow's one step, with the order's snapshot, audiences and words), and the
 * actions that take one. When the order closes, the step also carries the volunteers' points.
 */
import { ORDER_STATE_NOTICES } from '../../miniprogram/shared/notices/templates';
import { categoryLabel } from '../../miniprogram/shared/orders/catalogue';
import {
  actionLabel,
  stateLabel,
  transition,
  type Actor,
  type OrderAction,
  type OrderState,
} from '../../miniprogram/shared/orders/machine';
import { holdsSlot } from '../../miniprogram/shared/orders/tasks';
import { pointsOnClose, reportersOf } from '../../miniprogram/shared/orders/points';
import { COLLECTIONS } from '../lib/db';
import type { Audience } from '../lib/notify';
import type { LedgerDoc, OrderDoc } from '../lib/orders';
import { insertAll, type OutboxEntry } from '../lib/outbox';
import { stableId } from '../lib/records';
import { defineStep, stepActions } from '../lib/workflow';
import { onOrder } from './access';
import { allClaims, snapshot } from './model';
import { toDetail } from './views';

/** Who hears about a step: everyone it concerns, except the side that took it. */
function audiencesFor(order: OrderDoc, action: OrderAction, actor: Actor, to: OrderState): Audience[] {
  const list: Array<[Actor, Audience]> = [['community_staff', { kind: 'community_staff', id: order.communityId }]];
  // A resident recorded by name and phone (代办) has no inbox: his community's staff tell him.
  if (order.residentId) list.unshift(['resident', { kind: 'user', id: order.residentId }]);
  if (order.unitId) list.push(['unit_member', { kind: 'unit', id: order.unitId }]);
  if (action === 'publish_task') list.push(['party_member', { kind: 'party_members', id: order.communityId }]);
  if (action === 'escalate') list.push(['street_staff', { kind: 'street_staff', id: order.streetId }]);
  if (to === 'closed' && order.task) {
    for (const claim of allClaims(order.task)) {
      if (holdsSlot(claim.state)) list.push(['party_member', { kind: 'user', id: claim.userId }]);
    }
  }
  return list.filter(([side]) => side !== actor).map(([, audience]) => audience);
}

/**
 * 联合评单 closed the order: the ledger lines each volunteer who reported his work earns, once (the line's id is the
 * cause), as outbox entries of the closing step.
 */
function pointsLedger(order: OrderDoc, at: string): OutboxEntry[] {
  const reporters = order.task ? reportersOf(allClaims(order.task)) : [];
  const entries = pointsOnClose({
    orderId: order._id,
    residentStars: order.ratings.resident?.stars ?? null,
    reporters,
    note: `${categoryLabel(order.categoryId)}（工单已办结）`,
  });
  return entries.map((entry) => ({
    to: COLLECTIONS.pointsLedger,
    doc: {
      _id: stableId('pts', entry.key),
      userId: entry.userId,
      kind: entry.kind,
      delta: entry.delta,
      orderId: entry.orderId,
      note: entry.note,
      at,
    } satisfies LedgerDoc,
  }));
}

/**
 * Takes one step of the machine: checks it and writes state, timeline event, deadline, the notices and, when the
 * order closes, the volunteers' points in one conditional update.
 */
export const step = defineStep({
  collection: COLLECTIONS.orders,
  subject: 'order',
  conflictMessage: '工单刚刚被他人处理，请刷新后重试',
  transition(order: OrderDoc, action: OrderAction, actor: Actor, context) {
    const result = transition(snapshot(order), action, actor, context);
    return result.ok ? { ok: true, next: result.order, at: result.step.at, reason: result.step.reason } : result;
  },
  fields: (_order, next) => ({
    status: next.state,
    stateSince: next.stateSince,
    deadline: next.deadline,
    holder: next.holder,
    reworkCount: next.reworkCount,
    escalatedAt: next.escalatedAt,
  }),
  audiences: ({ after, action, actor, next }) => audiencesFor(after, action, actor, next.state),
  title: ({ before, next }) => `${categoryLabel(before.categoryId)}：${stateLabel(next.state)}`,
  kind: ({ next }) => ORDER_STATE_NOTICES[next.state],
  label: ({ action }) => actionLabel(action),
  records: ({ after, next, event }) => (next.state === 'closed' ? pointsLedger(after, event.at) : []),
  // The points are safe in the order's outbox; writing them now too lets the volunteer see them at once. The step
  // has landed, so a failure here must not turn its answer into an error: the deliver timer writes them anyway.
  async committed(db, _order, points) {
    await insertAll(
      db,
      COLLECTIONS.pointsLedger,
      points.map((entry) => entry.doc),
    ).catch((error: unknown) =>
      console.error('[orders] points not written at close; the outbox will deliver them', error),
    );
  },
});

/** A state-changing action: access from the machine's roles, then one step, answered with the order's detail. */
export const stepAction = stepActions({ step, access: onOrder, view: toDetail });
