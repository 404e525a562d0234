/**
 * 居民下单—社区发单—单位接单—党员领单—联合评单: the service chain.
 *
 * An order is one document: its state, deadline and timeline change together in one conditional update (the
 * condition is the version the change was computed from), so there is never a state without its event or an
 * event without its state. The volunteer task lives in the order too: a claim is one conditional update on the
 * free-slot count, which is how N slots never take more than N claims.
 */
import { ordersActions, type OrderDetail, type OrderSummary, type Task } from '../../miniprogram/shared/api/orders';
import { AppError } from '../../miniprogram/shared/errors';
import {
  SERVICE_CATEGORIES,
  categoryLabel,
  findCategory,
  suggestUnit,
  tierLimitLabel,
} from '../../miniprogram/shared/orders/catalogue';
import {
  ORDER_ACTIONS,
  ORDER_STATES,
  actionLabel,
  availableActions,
  checkClaim,
  checkCheckIn,
  checkCheckOut,
  CLAIM_STATES,
  volunteerHours,
  VOLUNTEER_STEP_NAMES,
  VOLUNTEER_STEPS,
  checkPublishTask,
  checkReport,
  checkWithdraw,
  holdsSlot,
  isOverdue,
  stateLabel,
  timerAction,
  transition,
  type Actor,
  type OrderAction,
  type OrderSnapshot,
  type OrderState,
} from '../../miniprogram/shared/orders/machine';
import { LEDGER_KINDS, pointsOnClose, reportersOf } from '../../miniprogram/shared/orders/points';
import { seenBy, shownName, widestViewer, type Person, type Viewer } from '../../miniprogram/shared/privacy';
import { roleLabel, type Role } from '../../miniprogram/shared/roles';
import type { Building, Community, Place, Unit } from '../../miniprogram/shared/schemas/places';
import { anyone, holdsGrant, isAdmin, ownPhotos, present, registered, relatedTo, resident, roles } from '../lib/access';
import type { Caller, Loaded, Lookups } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { cloudMain } from '../lib/entry';
import type { Audience } from '../lib/notify';
import { ORDER_STATE_NOTICES } from '../../miniprogram/shared/notices/templates';
import { deliveryTimer, insertAll, type OutboxEntry } from '../lib/outbox';
import { commitStep, nextEventId, takeDueSteps, withFields } from '../lib/workflow';
import { stableId } from '../lib/records';
import { pageOf, PAGE_SIZE, type SortKey } from '../lib/paging';
import { defineFunction } from '../lib/router';
import {
  openOrder,
  type ClaimDoc,
  type LedgerDoc,
  type OrderDoc,
  type RatingDoc,
  type TaskDoc,
  type TimelineDoc,
} from '../lib/orders';

/** The states in which someone is working on the order (the staff queue, the timer's overdue sweep). */
const WORKING: OrderState[] = ['submitted', 'dispatched', 'accepted', 'published'];
const OPEN_STATES = (Object.keys(ORDER_STATES) as OrderState[]).filter((s) => ORDER_STATES[s].category === 'open');
const CLOSED_STATES = (Object.keys(ORDER_STATES) as OrderState[]).filter((s) => ORDER_STATES[s].category === 'closed');

const snapshot = (order: OrderDoc): OrderSnapshot => ({
  state: order.status,
  tier: order.tier,
  createdAt: order.createdAt,
  stateSince: order.stateSince,
  deadline: order.deadline,
  holder: order.holder,
  reworkCount: order.reworkCount,
  escalatedAt: order.escalatedAt,
});

async function loadOrder(db: Database, orderId: string): Promise<OrderDoc> {
  const res = await db.collection(COLLECTIONS.orders).where({ _id: orderId }).limit(1).get();
  const order = res.data[0] as OrderDoc | undefined;
  if (!order) throw new AppError('NOT_FOUND', '找不到这张工单');
  return order;
}

// ── who the caller is to an order ────────────────────────────────────────────────────────────────────────────

/** The roles the caller holds towards this order: its resident, its community's staff, its unit, its volunteers. */
function relations(caller: Caller, order: OrderDoc): Role[] {
  const holds = (role: Role, scopeId: string | null) => holdsGrant(caller, role, scopeId);
  const found: Role[] = [];
  if (order.residentId === caller.openid) found.push('resident');
  if (holds('community_staff', order.communityId)) found.push('community_staff');
  if (holds('unit_member', order.unitId)) found.push('unit_member');
  if (holds('party_member', order.communityId)) found.push('party_member');
  if (holds('street_staff', order.streetId)) found.push('street_staff');
  if (isAdmin(caller)) found.push('admin');
  return found;
}

interface OnOrder {
  order: OrderDoc;
  actor: Role;
}

/** The order an action names, fetched with the caller; a missing one is NOT_FOUND. */
const found = (order: OrderDoc | undefined): OrderDoc => present(order, '找不到这张工单');

/** Access for a step of the machine: the caller must hold one of the roles the step is open to, for this order. */
const onOrder = (action: OrderAction | ((input: never) => OrderAction)) =>
  relatedTo<OrderDoc, { orderId: string }>(
    COLLECTIONS.orders,
    (input) => input.orderId,
    (doc, input, { caller }): OnOrder => {
      const order = found(doc);
      const name = typeof action === 'function' ? action(input as never) : action;
      const allowed = ORDER_ACTIONS[name].roles as readonly Actor[];
      const actor = relations(caller, order).find((role) => allowed.includes(role));
      if (!actor) throw new AppError('FORBIDDEN', '这张工单不在您负责的范围内');
      return { order, actor };
    },
  );

/** Who may look at an order: anyone with a relation to it (volunteers only once it has a task). */
const viewer = relatedTo<OrderDoc, { orderId: string }>(
  COLLECTIONS.orders,
  (input) => input.orderId,
  (doc, _input, { caller }): OnOrder => {
    const order = found(doc);
    const roles = relations(caller, order).filter((role) => role !== 'party_member' || order.task !== null);
    if (roles.length === 0) throw new AppError('FORBIDDEN', '您无权查看这张工单');
    return { order, actor: roles[0] };
  },
);

/** Access for a volunteer task: an approved party member (双报到) of the order's community. */
const onTask = relatedTo<OrderDoc, { taskId: string }>(
  COLLECTIONS.orders,
  (input) => orderIdOfTask(input.taskId),
  (doc, input, { caller }): OrderDoc => {
    const order = found(doc);
    if (!relations(caller, order).includes('party_member')) throw new AppError('FORBIDDEN', '仅本社区报到党员可以领单');
    if (order.task?.id !== input.taskId) throw new AppError('NOT_FOUND', '任务已更新，请刷新');
    return order;
  },
);

const communityTarget = async (input: { communityId: string }) => ({
  target: { communityId: input.communityId },
  subject: null,
});

/** A task id is its order's id and the publication's number: one lookup finds both. */
const taskIdOf = (orderId: string, n: number) => `${orderId}-t${n}`;
const orderIdOfTask = (taskId: string) => taskId.replace(/-t\d+$/, '');

// ── views ────────────────────────────────────────────────────────────────────────────────────────────────────

function toSummary(order: OrderDoc, now: Date): OrderSummary {
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
  };
}

/** Every claim on the order's work: earlier rounds' reports, then this round's claims. */
const allClaims = (task: TaskDoc): ClaimDoc[] => [...(task.earlierReports ?? []), ...Object.values(task.claims)];

function toTask(order: OrderDoc, task: TaskDoc, openid: string): Task {
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
  };
}

const hoursOf = (claim: ClaimDoc) => volunteerHours({ ...claim, checkedOutAt: claim.checkedOutAt ?? null });

/**
 * The volunteers' work as this viewer may see it: all of it to the handlers; the reported work to the resident (who
 * claimed and gave up is not his concern), the volunteer named as a neighbour would see him (privacy.ts); nothing to
 * anyone else.
 */
function volunteersFor(order: OrderDoc, viewer: Viewer): OrderDetail['volunteers'] {
  if (!order.task || (viewer !== 'handler' && viewer !== 'self')) return [];
  const claims = allClaims(order.task).filter((c) => viewer === 'handler' || c.state === 'reported');
  return claims.map((c) => ({
    name: viewer === 'handler' ? c.name : shownName('neighbour', { name: c.name, phone: '', private: false }),
    claim: c.state,
    claimLabel: CLAIM_STATES[c.state].label,
    claimedAt: c.claimedAt,
    checkedInAt: c.checkedInAt,
    checkedOutAt: c.checkedOutAt ?? null,
    reportedAt: c.reportedAt,
    notes: c.notes,
    photos: c.photos,
    hours: hoursOf(c),
  }));
}

/** How each relation to an order sees its resident (privacy.ts says what each view shows). */
const VIEWER_OF: Partial<Record<Role, Viewer>> = {
  resident: 'self',
  community_staff: 'handler',
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
});

/** The resident's contact as this viewer may see it; the unit gets no phone when he asked for 小程序消息. */
function contactFor(order: OrderDoc, viewer: Viewer, roles: Role[]): OrderDetail['resident'] {
  const seen = seenBy(viewer, residentOf(order));
  if (seen.name === null) return null;
  const byMessage = order.contact === 'message' && viewer === 'handler' && !roles.includes('community_staff');
  return { name: seen.name, phone: byMessage ? '' : (seen.phone ?? '') };
}

function toDetail(order: OrderDoc, caller: Caller, now: Date): OrderDetail {
  const roles = relations(caller, order);
  const viewer = viewerOf(roles);
  const volunteers = volunteersFor(order, viewer);
  const actions = [...new Set(roles.flatMap((role) => availableActions(snapshot(order), role)))];
  return {
    ...toSummary(order, now),
    description: order.description,
    photos: order.photos,
    preferredTime: order.preferredTime,
    contact: order.contact,
    privateContact: order.privateContact,
    resident: contactFor(order, viewer, roles),
    community: { id: order.communityId, name: order.communityName },
    unit: order.unitId ? { id: order.unitId, name: order.unitName } : null,
    holder: order.holder,
    completion: order.completion,
    ratings: order.ratings,
    tasks: order.task ? [toTask(order, order.task, caller.openid)] : [],
    volunteers,
    timeline: withVolunteerSteps(
      volunteers,
      order.timeline.map((e) => ({
        action: e.action,
        actionLabel: e.action === 'create' ? '居民下单' : actionLabel(e.action),
        from: e.from,
        to: e.to,
        role: e.role,
        roleLabel: e.role === 'system' ? '系统' : roleLabel(e.role),
        // Residents in the timeline are the order's resident: seen as his contact is (staff and units by name).
        actorName: e.role === 'resident' ? shownName(viewer, residentOf(order)) : e.actorName,
        at: e.at,
        reason: e.reason,
        // Events written before steps kept photos have none.
        photos: e.photos ?? [],
      })),
    ),
    actions,
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

// ── changing an order ────────────────────────────────────────────────────────────────────────────────────────

/** Who hears about a step: everyone it concerns, except the side that took it. */
function audiencesFor(order: OrderDoc, action: OrderAction, actor: Actor, to: OrderState): Audience[] {
  const list: Array<[Actor, Audience]> = [
    ['resident', { kind: 'user', id: order.residentId }],
    ['community_staff', { kind: 'community_staff', id: order.communityId }],
  ];
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

interface StepOptions {
  reason?: string;
  /** Photos the step shows (发回重办: what is still wrong), kept with its timeline event. */
  photos?: string[];
  /** Other fields the step sets, in the same write (the unit dispatched to, the task, a rating…). */
  set?: Record<string, unknown>;
  actorId: string;
  actorName: string;
}

/**
 * Takes one step of the machine: checks it and writes state, timeline event, deadline, the notices and, when the
 * order closes, the volunteers' points in one conditional update (commitStep).
 */
async function step(
  db: Database,
  order: OrderDoc,
  action: OrderAction,
  actor: Actor,
  now: Date,
  options: StepOptions,
): Promise<OrderDoc> {
  const result = transition(snapshot(order), action, actor, { at: now, reason: options.reason });
  if (!result.ok) throw new AppError(result.code, result.message);
  const next = result.order;
  const event: TimelineDoc = {
    id: nextEventId(order),
    action,
    from: order.status,
    to: next.state,
    role: actor,
    actorId: options.actorId,
    actorName: options.actorName,
    at: result.step.at,
    reason: result.step.reason,
    photos: options.photos ?? [],
  };
  const fields = {
    status: next.state,
    stateSince: next.stateSince,
    deadline: next.deadline,
    holder: next.holder,
    reworkCount: next.reworkCount,
    escalatedAt: next.escalatedAt,
    updatedAt: event.at,
    ...options.set,
  };
  const category = categoryLabel(order.categoryId);
  // The order after the step decides who hears of it (e.g. the unit it was just dispatched to).
  const after = withFields(order, fields);
  const points = next.state === 'closed' ? pointsLedger(after, event.at) : [];
  const updated = await commitStep(
    db,
    COLLECTIONS.orders,
    order,
    fields,
    event,
    {
      audiences: audiencesFor(after, action, actor, next.state),
      subject: { type: 'order', id: order._id },
      title: `${category}：${stateLabel(next.state)}`,
      kind: ORDER_STATE_NOTICES[next.state],
      body: `${actionLabel(action)}${event.reason ? `：${event.reason}` : ''}`,
    },
    '工单刚刚被他人处理，请刷新后重试',
    points,
  );
  // The points are safe in the order's outbox; writing them now too lets the volunteer see them at once. The step
  // has landed, so a failure here must not turn its answer into an error: the deliver timer writes them anyway.
  await insertAll(
    db,
    COLLECTIONS.pointsLedger,
    points.map((entry) => entry.doc),
  ).catch((error: unknown) =>
    console.error('[orders] points not written at close; the outbox will deliver them', error),
  );
  return updated;
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

const actorName = (caller: Caller) => caller.user?.name ?? '';

/** A state-changing action: access from the machine's roles, then one step. */
const stepAction = <I extends { orderId: string }>(
  action: OrderAction,
  options: (
    input: I,
    ctx: { order: OrderDoc; caller: Caller; db: Database; now: Date; loaded: Loaded },
  ) => Promise<Partial<StepOptions>> = async () => ({}),
  reads?: (input: I) => Lookups,
) => ({
  access: onOrder(action),
  reads,
  async handler(
    input: I,
    {
      caller,
      db,
      now,
      subject,
      loaded,
    }: { caller: Caller; db: Database; now: () => Date; subject: unknown; loaded: Loaded },
  ) {
    const { order, actor } = subject as OnOrder;
    const at = now();
    const extra = await options(input, { order, caller, db, now: at, loaded });
    const updated = await step(db, order, action, actor, at, {
      actorId: caller.openid,
      actorName: actorName(caller),
      ...extra,
    });
    return toDetail(updated, caller, at);
  },
});

// ── lists ────────────────────────────────────────────────────────────────────────────────────────────────────

const page = (db: Database, where: Record<string, unknown>, order: SortKey, cursor: number | undefined) =>
  pageOf<OrderDoc>(db, COLLECTIONS.orders, where, order, cursor);

// ── the function ─────────────────────────────────────────────────────────────────────────────────────────────

export const orders = defineFunction(
  'orders',
  ordersActions,
  {
    listCategories: {
      access: anyone,
      async handler() {
        return SERVICE_CATEGORIES.map((c) => ({
          id: c.id,
          label: c.label,
          group: c.group,
          hint: c.hint,
          tier: c.tier,
          limitLabel: tierLimitLabel(c.tier),
          defaultHandler: c.defaultHandler,
        }));
      },
    },

    create: {
      access: resident,
      // The building (his own unless he names another), his community and compound, with him in one round trip.
      reads: (input) => ({
        building: input.buildingId
          ? { collection: COLLECTIONS.places, ids: [input.buildingId] }
          : { collection: COLLECTIONS.places, callerField: 'buildingId', field: '_id' },
        community: { collection: COLLECTIONS.places, callerField: 'communityId', field: '_id' },
        compound: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
      }),
      async handler(input, { caller, db, now, loaded }) {
        const user = caller.user!;
        // The request id makes the order's id: a retried create finds the order the first one made.
        const id = stableId('ord', caller.openid, input.requestId);
        const photos = ownPhotos(caller, input.photos);
        if (!input.buildingId && !user.buildingId) throw new AppError('VALIDATION_FAILED', '请选择楼栋');
        const building = loaded.building[0] as Building | undefined;
        const community = loaded.community[0] as Community | undefined;
        if (!building || building.kind !== 'building' || !community) {
          throw new AppError('NOT_FOUND', '找不到这个楼栋');
        }
        if (building.communityId !== community._id) {
          throw new AppError('FORBIDDEN', '只能为您所在社区的楼栋下单');
        }
        const compound = loaded.compound[0] as Place | undefined;
        const category = findCategory(input.categoryId)!;
        const at = now();
        const { order, created } = await openOrder(db, {
          id,
          resident: { id: caller.openid, name: user.name, phone: user.phone ?? '' },
          building,
          community,
          propertyCompanyId:
            compound && compound.kind === 'compound' && compound._id === building.compoundId
              ? compound.propertyCompanyId
              : null,
          address: input.address,
          category,
          description: input.description,
          photos,
          preferredTime: input.preferredTime ?? 'anytime',
          contact: input.contact ?? 'phone',
          privateContact: input.privateContact ?? false,
          at,
        });
        return toDetail(created ? order : await loadOrder(db, id), caller, at);
      },
    },

    listMine: {
      access: registered,
      async handler(input, { caller, db, now }) {
        const _ = db.command;
        const where: Record<string, unknown> = { residentId: caller.openid };
        if (input.filter) where.status = _.in(input.filter === 'open' ? OPEN_STATES : CLOSED_STATES);
        const { docs, nextCursor } = await page(db, where, ['createdAt', 'desc'], input.cursor);
        const at = now();
        return { items: docs.map((d) => toSummary(d, at)), nextCursor };
      },
    },

    getDetail: {
      access: viewer,
      async handler(_input, { caller, now, subject }) {
        return toDetail((subject as OnOrder).order, caller, now());
      },
    },

    cancel: stepAction<{ orderId: string; reason?: string }>('cancel', async (input) => ({ reason: input.reason })),

    staffQueue: {
      access: roles(['community_staff'], communityTarget),
      async handler(input, { db, now }) {
        const _ = db.command;
        const filter = input.filter ?? 'open';
        const at = now();
        const where: Record<string, unknown> = { communityId: input.communityId };
        if (filter === 'new') where.status = 'submitted';
        else if (filter === 'closed') where.status = _.in(CLOSED_STATES);
        else where.status = _.in(WORKING);
        if (filter === 'overdue') where.deadline = _.lt(at.toISOString());
        // The working states' deadlines are all 受理/接单/办结 clocks: the earliest deadline is the most overdue.
        const sort: [string, 'asc' | 'desc'] = filter === 'closed' ? ['updatedAt', 'desc'] : ['deadline', 'asc'];
        const { docs, nextCursor } = await page(db, where, sort, input.cursor);
        return { items: docs.map((d) => toSummary(d, at)), nextCursor };
      },
    },

    dispatchOptions: {
      access: onOrder('dispatch'),
      async handler(_input, { db, subject }) {
        const { order } = subject as OnOrder;
        const res = await db.collection(COLLECTIONS.units).where({ streetIds: order.streetId }).limit(100).get();
        const units = (res.data as Unit[]).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
        return {
          suggestedUnitId: suggestUnit(
            order.categoryId,
            units.map((u) => ({ id: u._id, kind: u.kind })),
            order.propertyCompanyId,
          ),
          units: units.map((u) => ({ id: u._id, name: u.name, kind: u.kind, phone: u.phone })),
        };
      },
    },

    dispatch: stepAction<{ orderId: string; unitId: string; note?: string }>(
      'dispatch',
      async (input, { order, loaded }) => {
        const unit = loaded.unit[0] as Unit | undefined;
        if (!unit) throw new AppError('NOT_FOUND', '找不到这个单位');
        if (!unit.streetIds.includes(order.streetId)) throw new AppError('FORBIDDEN', '该单位不服务本街道，不能派单');
        return { reason: input.note, set: { unitId: unit._id, unitName: unit.name } };
      },
      (input) => ({ unit: { collection: COLLECTIONS.units, ids: [input.unitId] } }),
    ),

    handleSelf: stepAction<{ orderId: string; note?: string }>('handle_self', async (input) => ({
      reason: input.note,
    })),

    reject: stepAction<{ orderId: string; reason: string }>('reject', async (input) => ({ reason: input.reason })),

    unitInbox: {
      access: roles(['unit_member'], async (input: { unitId: string }) => ({
        target: { unitId: input.unitId },
        subject: null,
      })),
      async handler(input, { db, now }) {
        const _ = db.command;
        const filter = input.filter ?? 'open';
        const where: Record<string, unknown> = { unitId: input.unitId };
        if (filter === 'dispatched') where.status = 'dispatched';
        else if (filter === 'closed') where.status = _.in(CLOSED_STATES);
        else where.status = _.in(OPEN_STATES);
        const sort: [string, 'asc' | 'desc'] = filter === 'closed' ? ['updatedAt', 'desc'] : ['deadline', 'asc'];
        const { docs, nextCursor } = await page(db, where, sort, input.cursor);
        const at = now();
        return { items: docs.map((d) => toSummary(d, at)), nextCursor };
      },
    },

    accept: stepAction('accept'),

    returnToCommunity: stepAction<{ orderId: string; reason: string }>('return_to_community', async (input) => ({
      reason: input.reason,
      set: { unitId: null, unitName: '' },
    })),

    publishTask: {
      access: onOrder('publish_task'),
      async handler(input, { caller, db, now, subject }) {
        const { order, actor } = subject as OnOrder;
        const at = now();
        const check = checkPublishTask({ slots: input.slots, startAt: input.startAt, endAt: input.endAt }, at);
        if (!check.ok) throw new AppError(check.code, check.message);
        const publications = order.timeline.filter((e) => e.action === 'publish_task').length;
        // 发回重办 publishes the task again: a new round of claims; the earlier rounds' reports and claimants stay.
        const earlier = order.task;
        const task: TaskDoc = {
          id: taskIdOf(order._id, publications + 1),
          title: input.title,
          description: input.description,
          place: input.place,
          slots: input.slots,
          free: input.slots,
          startAt: new Date(input.startAt).toISOString(),
          endAt: new Date(input.endAt).toISOString(),
          claimants: earlier?.claimants ?? [],
          active: [],
          claims: {},
          earlierReports: earlier ? allClaims(earlier).filter((claim) => claim.state === 'reported') : [],
          publisherName: actor === 'unit_member' ? order.unitName : order.communityName,
          createdAt: at.toISOString(),
        };
        const updated = await step(db, order, 'publish_task', actor, at, {
          actorId: caller.openid,
          actorName: actorName(caller),
          reason: `${input.title}，${input.slots}个名额`,
          set: { task },
        });
        return toTask(updated, updated.task!, caller.openid);
      },
    },

    complete: stepAction<{ orderId: string; notes: string; photos?: string[] }>(
      'complete',
      async (input, { caller, now }) => ({
        set: { completion: { notes: input.notes, photos: ownPhotos(caller, input.photos), at: now.toISOString() } },
      }),
    ),

    taskHall: {
      access: roles(['party_member'], communityTarget),
      async handler(input, { caller, db }) {
        const { docs, nextCursor } = await page(
          db,
          { communityId: input.communityId, status: 'published' },
          ['deadline', 'asc'],
          input.cursor,
        );
        return { items: docs.map((o) => toTask(o, o.task!, caller.openid)), nextCursor };
      },
    },

    myTasks: {
      access: roles(['party_member']),
      async handler(input, { caller, db }) {
        const { docs, nextCursor } = await page(
          db,
          { 'task.claimants': caller.openid },
          ['createdAt', 'desc'],
          input.cursor,
        );
        return { items: docs.map((o) => toTask(o, o.task!, caller.openid)), nextCursor };
      },
    },

    claim: {
      access: onTask,
      async handler(input, { caller, db, now, subject }) {
        const order = subject as OrderDoc;
        const at = now();
        const claimNow = (current: OrderDoc) => {
          const task = current.task!;
          const mine = task.claims[caller.openid]?.state ?? null;
          return checkClaim({ orderState: current.status, task, mine, now: at, activeClaims: task.slots - task.free });
        };
        const check = claimNow(order);
        if (!check.ok) throw new AppError(check.code, check.message);
        const claim: ClaimDoc = {
          userId: caller.openid,
          name: actorName(caller),
          state: 'claimed',
          claimedAt: at.toISOString(),
          checkedInAt: null,
          checkedOutAt: null,
          reportedAt: null,
          notes: '',
          photos: [],
        };
        const _ = db.command;
        // Count-and-claim in one conditional update: only a write that still sees a free slot lands.
        const res = await db
          .collection(COLLECTIONS.orders)
          .where({
            _id: order._id,
            status: 'published',
            'task.id': input.taskId,
            'task.free': _.gt(0),
            'task.active': _.neq(caller.openid),
          })
          .update({
            'task.free': _.inc(-1),
            'task.active': _.push([caller.openid]),
            'task.claimants': _.addToSet(caller.openid),
            [`task.claims.${caller.openid}`]: _.set(claim),
          });
        if (res.updated !== 1) {
          const again = claimNow(await loadOrder(db, order._id));
          throw again.ok ? new AppError('FULL', '名额已满') : new AppError(again.code, again.message);
        }
        return toTask(order, claimedTask(order.task!, claim), caller.openid);
      },
    },

    withdraw: {
      access: onTask,
      async handler(input, { caller, db, now, subject }) {
        const order = subject as OrderDoc;
        return changeClaim(db, order, input.taskId, caller, now(), 'withdraw');
      },
    },

    checkIn: {
      access: onTask,
      async handler(input, { caller, db, now, subject }) {
        return changeClaim(db, subject as OrderDoc, input.taskId, caller, now(), 'checkIn');
      },
    },

    checkOut: {
      access: onTask,
      async handler(input, { caller, db, now, subject }) {
        return changeClaim(db, subject as OrderDoc, input.taskId, caller, now(), 'checkOut');
      },
    },

    report: {
      access: onTask,
      async handler(input, { caller, db, now, subject }) {
        return changeClaim(db, subject as OrderDoc, input.taskId, caller, now(), 'report', {
          notes: input.notes,
          photos: ownPhotos(caller, input.photos),
        });
      },
    },

    confirm: stepAction('confirm'),

    // What he shows of what is still wrong stays with the step, in the timeline.
    notFixed: stepAction<{ orderId: string; reason: string; photos?: string[] }>(
      'not_fixed',
      async (input, { caller }) => ({ reason: input.reason, photos: ownPhotos(caller, input.photos) }),
    ),

    rate: {
      access: onOrder((input: { as: 'resident' | 'community' }) =>
        input.as === 'resident' ? 'rate_by_resident' : 'rate_by_community',
      ),
      async handler(input, { caller, db, now, subject }) {
        const { order, actor } = subject as OnOrder;
        const at = now();
        const rating: RatingDoc = { stars: input.stars, comment: input.comment ?? '', at: at.toISOString() };
        const updated = await step(
          db,
          order,
          input.as === 'resident' ? 'rate_by_resident' : 'rate_by_community',
          actor,
          at,
          {
            actorId: caller.openid,
            actorName: actorName(caller),
            reason: `${'★'.repeat(input.stars)}${rating.comment ? ` ${rating.comment}` : ''}`,
            set: { [`ratings.${input.as}`]: rating },
          },
        );
        return toDetail(updated, caller, at);
      },
    },

    myPoints: {
      access: registered,
      async handler(input, { caller, db }) {
        const offset = input.cursor ?? 0;
        const ledger = db.collection(COLLECTIONS.pointsLedger);
        const [lines, sum] = await Promise.all([
          ledger
            .where({ userId: caller.openid })
            .orderBy('at', 'desc')
            .skip(offset)
            .limit(PAGE_SIZE + 1)
            .get(),
          ledger
            .aggregate()
            .match({ userId: caller.openid })
            .group({ _id: null, balance: db.command.aggregate.sum('$delta') })
            .end(),
        ]);
        const docs = lines.data as LedgerDoc[];
        const total = (sum.data[0] as { balance?: number } | undefined)?.balance ?? 0;
        return {
          balance: total,
          items: docs.slice(0, PAGE_SIZE).map((d) => ({
            id: d._id,
            kind: d.kind,
            kindLabel: LEDGER_KINDS[d.kind].label,
            delta: d.delta,
            orderId: d.orderId,
            note: d.note,
            at: d.at,
          })),
          nextCursor: docs.length > PAGE_SIZE ? offset + PAGE_SIZE : null,
        };
      },
    },
  },
  {
    deliver: deliveryTimer(COLLECTIONS.orders),
    sweep: {
      summary: '超时督办：超时上报街道（每单一次）、超时自动确认、评价期满自动办结',
      everyMinutes: 5,
      async run({ db, now }) {
        const _ = db.command;
        const at = now();
        const iso = at.toISOString();
        const due = await db
          .collection(COLLECTIONS.orders)
          .where(
            _.or([
              { status: _.in(WORKING), escalatedAt: null, deadline: _.lt(iso) },
              { status: _.in(['completed', 'confirmed', 'resident_rated', 'community_rated']), deadline: _.lt(iso) },
            ]),
          )
          .limit(100)
          .get();
        return {
          escalate: 0,
          auto_confirm: 0,
          auto_close: 0,
          ...(await takeDueSteps(
            due.data as OrderDoc[],
            (order) => timerAction(snapshot(order), at),
            (order, action) => step(db, order, action, 'system', at, { actorId: 'system', actorName: '系统' }),
          )),
        };
      },
    },
  },
);

function claimedTask(task: TaskDoc, claim: ClaimDoc): TaskDoc {
  return {
    ...task,
    free: task.free - 1,
    active: [...task.active, claim.userId],
    claimants: [...new Set([...task.claimants, claim.userId])],
    claims: { ...task.claims, [claim.userId]: claim },
  };
}

/** Each move of a claim: its rule, the states it leaves (the write's condition), where it goes, the time it stamps. */
const CLAIM_STEPS = {
  withdraw: { check: checkWithdraw, from: ['claimed'], to: 'withdrawn', stamps: null },
  checkIn: { check: checkCheckIn, from: ['claimed'], to: 'checked_in', stamps: 'checkedInAt' },
  checkOut: { check: checkCheckOut, from: ['checked_in'], to: 'checked_out', stamps: 'checkedOutAt' },
  report: { check: checkReport, from: ['checked_in', 'checked_out'], to: 'reported', stamps: 'reportedAt' },
} as const;

/** A volunteer's own claim moves on: checked by the shared rules, written only if it is still where it was. */
async function changeClaim(
  db: Database,
  order: OrderDoc,
  taskId: string,
  caller: Caller,
  at: Date,
  kind: keyof typeof CLAIM_STEPS,
  report?: { notes: string; photos: string[] },
): Promise<Task> {
  const rule = CLAIM_STEPS[kind];
  const task = order.task!;
  const mine = task.claims[caller.openid];
  const check = rule.check({ orderState: order.status, task, mine: mine?.state ?? null, now: at });
  if (!check.ok) throw new AppError(check.code, check.message);
  const _ = db.command;
  const path = `task.claims.${caller.openid}`;
  const changes: Record<string, unknown> = { [`${path}.state`]: rule.to };
  if (kind === 'withdraw') {
    changes['task.free'] = _.inc(1);
    changes['task.active'] = _.pull(caller.openid);
  }
  if (rule.stamps) changes[`${path}.${rule.stamps}`] = at.toISOString();
  if (report) {
    changes[`${path}.notes`] = report.notes;
    changes[`${path}.photos`] = report.photos;
  }
  const res = await db
    .collection(COLLECTIONS.orders)
    .where({ _id: order._id, status: 'published', 'task.id': taskId, [`${path}.state`]: _.in([...rule.from]) })
    .update(changes);
  if (res.updated !== 1) throw new AppError('CONFLICT', '任务状态已变化，请刷新后重试');
  const claim: ClaimDoc = {
    ...mine,
    ...(rule.stamps && { [rule.stamps]: at.toISOString() }),
    state: rule.to,
    notes: report?.notes ?? mine.notes,
    photos: report?.photos ?? mine.photos,
  };
  const updatedTask: TaskDoc = {
    ...task,
    free: kind === 'withdraw' ? task.free + 1 : task.free,
    active: kind === 'withdraw' ? task.active.filter((id) => id !== caller.openid) : task.active,
    claims: { ...task.claims, [caller.openid]: claim },
  };
  return toTask(order, updatedTask, caller.openid);
}

export const main = cloudMain(orders);
