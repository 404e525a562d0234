/** The read models of an order: its line in the lists, its task, and its detail as the caller may see it. */
import type { OrderDetail, OrderSummary, Task } from '../../miniprogram/shared/api/orders';
import { categoryLabel } from '../../miniprogram/shared/orders/catalogue';
import {
  ORDER_STATES,
  actionLabel,
  availableActions,
  isOverdue,
  type OrderAction,
} from '../../miniprogram/shared/orders/machine';
import {
  CLAIM_STATES,
  taskActions,
  volunteerHours,
  VOLUNTEER_STEP_NAMES,
  VOLUNTEER_STEPS,
} from '../../miniprogram/shared/orders/tasks';
import { lookerOf, photoNote, visiblePhotos } from '../../miniprogram/shared/photo-review';
import { seenBy, shownName, widestViewer, type Person, type Viewer } from '../../miniprogram/shared/privacy';
import { roleLabel, type Role } from '../../miniprogram/shared/roles';
import { channelTag, staffRecordsRating } from '../../miniprogram/shared/intake';
import type { Caller } from '../lib/caller';
import type { ClaimDoc, OrderDoc, TaskDoc } from '../lib/orders';
import { relations } from './access';
import { allClaims, snapshot, type SummaryDoc } from './model';

/** What the caller may do with the order now, in whichever of his roles towards it: the page's buttons. */
const orderActionsFor = (order: SummaryDoc, roles: Role[]): OrderAction[] => [
  ...new Set(roles.flatMap((role) => availableActions(snapshot(order), role))),
];

export function toSummary(order: SummaryDoc, caller: Caller, now: Date): OrderSummary {
  const state = ORDER_STATES[order.status];
  return {
    id: order._id,
    category: { id: order.categoryId, label: categoryLabel(order.categoryId) },
    tier: order.tier,
    summary: Array.from(order.description).slice(0, 30).join(''),
    place: order.place,
    status: order.status,
    statusLabel: state.label,
    statusTone: state.tone,
    open: state.category === 'open',
    deadline: order.deadline,
    overdue: isOverdue(snapshot(order), now),
    escalated: order.escalatedAt !== null,
    reworkCount: order.reworkCount,
    createdAt: order.createdAt,
    channel: order.channel ?? 'mini_program',
    channelTag: channelTag(order.channel),
    actions: orderActionsFor(order, relations(caller, order)),
  };
}

/** Every claim on the order's work: earlier rounds' reports, then this round's claims. */

/**
 * The task as this caller sees it; a volunteer of its community gets what he may do with it now (taskActions, the
 * rules his requests are checked by), and whoever handles the order what he may do with the order.
 */
export function toTask(order: OrderDoc, task: TaskDoc, caller: Caller, now: Date): Task {
  const openid = caller.openid;
  const roles = relations(caller, order);
  const current = task.claims[openid]?.state ?? null;
  // A report of an earlier round is his part in the order until he claims the new round.
  const mine = task.claims[openid] ?? allClaims(task).find((claim) => claim.userId === openid);
  return {
    id: task.id,
    orderId: order._id,
    communityId: order.communityId,
    title: task.title,
    description: task.description,
    place: task.place,
    slots: task.slots,
    claimed: task.slots - task.free,
    startAt: task.startAt,
    endAt: task.endAt,
    orderStatus: order.status,
    myClaim: mine ? mine.state : null,
    myHours: mine ? hoursOf(mine) : null,
    publisherName: task.publisherName,
    actions: roles.includes('party_member')
      ? taskActions({
          orderState: order.status,
          task,
          mine: current,
          now,
          activeClaims: task.slots - task.free,
        })
      : [],
    orderActions: orderActionsFor(order, roles),
  };
}

const hoursOf = (claim: ClaimDoc) => volunteerHours({ ...claim, checkedOutAt: claim.checkedOutAt ?? null });

/**
 * The volunteers' work as this viewer may see it: all of it to the handlers; the reported work to the resident (who
 * claimed and gave up is not his concern), the volunteer named as a neighbour would see him (privacy.ts); nothing to
 * anyone else.
 */
function volunteersFor(order: OrderDoc, viewer: Viewer, shown: Shown): OrderDetail['volunteers'] {
  // The community's staff (keepers) handle the order as its unit does.
  const handles = viewer === 'handler' || viewer === 'keeper';
  if (!order.task || (!handles && viewer !== 'self')) return [];
  const claims = allClaims(order.task).filter((c) => handles || c.state === 'reported');
  return claims.map((c) => ({
    name: handles ? c.name : shownName('neighbour', { name: c.name, phone: '', private: false }),
    claim: c.state,
    claimLabel: CLAIM_STATES[c.state].label,
    claimedAt: c.claimedAt,
    checkedInAt: c.checkedInAt,
    checkedOutAt: c.checkedOutAt ?? null,
    reportedAt: c.reportedAt,
    notes: c.notes,
    photos: shown(c.photos),
    hours: hoursOf(c),
  }));
}

/** How each relation to an order sees its resident (privacy.ts says what each view shows). */
const VIEWER_OF: Partial<Record<Role, Viewer>> = {
  resident: 'self',
  community_staff: 'keeper',
  // The grid worker who took it down (代办): he works on it with the community.
  grid_worker: 'handler',
  unit_member: 'handler',
  street_staff: 'overseer',
  admin: 'overseer',
  party_member: 'volunteer',
};

const viewerOf = (roles: Role[]): Viewer => widestViewer(roles.flatMap((role) => VIEWER_OF[role] ?? []));

const residentOf = (order: OrderDoc): Person => ({
  name: order.residentName,
  phone: order.residentPhone,
  private: order.privateContact,
  recorded: order.takenBy?.resident === 'recorded',
});

/** 代办: who took it down, and whether the caller may now record the rating the resident gave by phone. */
function intakeFor(order: OrderDoc, roles: Role[]): OrderDetail['intake'] {
  const taken = order.takenBy;
  if (!taken) return null;
  const recorded = staffRecordsRating(taken.resident);
  return {
    channelTag: channelTag(order.channel),
    takenByName: taken.name,
    recorded,
    mayRecordRating:
      recorded &&
      roles.includes('community_staff') &&
      availableActions(snapshot(order), 'resident').includes('rate_by_resident'),
  };
}

/** The resident's contact as this viewer may see it; the unit gets no phone when he asked for 小程序消息. */
function contactFor(order: OrderDoc, viewer: Viewer, roles: Role[]): OrderDetail['resident'] {
  const seen = seenBy(viewer, residentOf(order));
  if (seen.name === null) return null;
  const byMessage = order.contact === 'message' && viewer === 'handler' && !roles.includes('community_staff');
  return { name: seen.name, phone: byMessage ? '' : (seen.phone ?? '') };
}

/** The photos of a list this viewer may see while WeChat reviews them (photo-review.ts). */
type Shown = (photos: readonly string[]) => string[];

export function toDetail(order: OrderDoc, caller: Caller, now: Date): OrderDetail {
  const roles = relations(caller, order);
  const viewer = viewerOf(roles);
  const looker = lookerOf(caller.openid, viewer);
  const shown: Shown = (photos) => visiblePhotos(photos, order.photoReviews, looker);
  const volunteers = volunteersFor(order, viewer, shown);
  return {
    ...toSummary(order, caller, now),
    description: order.description,
    photos: shown(order.photos),
    photoNote: photoNote(order.photoReviews, looker),
    preferredTime: order.preferredTime,
    contact: order.contact,
    privateContact: order.privateContact,
    resident: contactFor(order, viewer, roles),
    community: { id: order.communityId, name: order.communityName },
    unit: order.unitId ? { id: order.unitId, name: order.unitName } : null,
    holder: order.holder,
    completion: order.completion && { ...order.completion, photos: shown(order.completion.photos) },
    ratings: order.ratings,
    tasks: order.task ? [toTask(order, order.task, caller, now)] : [],
    volunteers,
    intake: intakeFor(order, roles),
    timeline: withVolunteerSteps(
      volunteers,
      order.timeline.map((e) => ({
        action: e.action,
        actionLabel: e.action === 'create' ? (order.takenBy ? '代办下单' : '居民下单') : actionLabel(e.action),
        from: e.from,
        to: e.to,
        role: e.role,
        roleLabel: e.role === 'system' ? '系统' : roleLabel(e.role),
        // Residents in the timeline are the order's resident: seen as his contact is (staff and units by name).
        actorName: e.role === 'resident' ? shownName(viewer, residentOf(order)) : e.actorName,
        at: e.at,
        reason: e.reason,
        // Events written before steps kept photos have none.
        photos: shown(e.photos ?? []),
      })),
    ),
  };
}

/** The timeline with the volunteers' steps the viewer may see (VOLUNTEER_STEPS), each in its place in time. */
function withVolunteerSteps(
  volunteers: OrderDetail['volunteers'],
  timeline: OrderDetail['timeline'],
): OrderDetail['timeline'] {
  const steps = volunteers.flatMap((v) =>
    VOLUNTEER_STEP_NAMES.flatMap((action) => {
      const at = v[VOLUNTEER_STEPS[action].at];
      if (at === null) return [];
      const entry: OrderDetail['timeline'][number] = {
        action,
        actionLabel: VOLUNTEER_STEPS[action].label,
        from: 'published',
        to: 'published',
        role: 'party_member',
        roleLabel: roleLabel('party_member'),
        actorName: v.name,
        at,
        reason: action === 'report' ? v.notes : '',
        photos: action === 'report' ? v.photos : [],
      };
      return [entry];
    }),
  );
  // Stable: a volunteer's step and an order's step at the same moment keep the order's first.
  return [...timeline, ...steps].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
