/**
 * 物业投诉: a resident's complaint goes straight to the property company of his compound (a 无物业小区's to the
 * community); overdue or "not satisfied" climbs 社区呼叫 → 街道吹哨 → 部门报到. Built from the chain's blocks: the
 * versioned step commit with its timeline (lib/workflow), notification records, the timer, the time limits.
 *
 * One open complaint per compound and category: a slot document (`complaintSlots`, id = compound:category) names
 * it, so two neighbours filing at the same moment end up in one complaint (the second as 附议), never two.
 */
import {
  complaintsActions,
  type ComplaintDetail,
  type ComplaintSummary,
  type CompanyScore,
} from '../../miniprogram/shared/api/complaints';
import { AppError } from '../../miniprogram/shared/errors';
import {
  CREDIT_WINDOW_DAYS,
  creditScores,
  creditTrend,
  displayScore,
  type CompanyCredit,
  type CreditComplaint,
} from '../../miniprogram/shared/complaints/credit';
import { HOTSPOT_DEFAULTS, HOTSPOT_LIMITS, detectHotspots } from '../../miniprogram/shared/complaints/hotspots';
import {
  COMPLAINT_ACTIONS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATES,
  ESCALATION_LEVELS,
  checkMeToo,
  complaintActions as availableComplaintActions,
  complaintStateLabel,
  complaintTimerAction,
  complaintTransition,
  isComplaintOverdue,
  levelLabel,
  levelRole,
  newComplaint,
  stepLabel,
  type ComplaintAction,
  type ComplaintCategory,
  type ComplaintLevel,
  type ComplaintSnapshot,
  type ComplaintState,
} from '../../miniprogram/shared/complaints/machine';
import { TIME_LIMIT_TIERS, findCategory } from '../../miniprogram/shared/orders/catalogue';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import { maskName } from '../../miniprogram/shared/privacy';
import { roleLabel, type Role } from '../../miniprogram/shared/roles';
import type { Building, Community, Compound, Unit } from '../../miniprogram/shared/schemas/places';
import { anyone, holdsGrant, isAdmin, present, registered, relatedTo, resident, roles } from '../lib/access';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { cloudMain } from '../lib/entry';
import { notify, type Audience } from '../lib/notify';
import { deliveryTimer } from '../lib/outbox';
import { insertOnce, loadPlace, loadPlaces, stableId } from '../lib/records';
import { pageOf, PAGE_SIZE, type SortKey } from '../lib/paging';
import { defineFunction } from '../lib/router';
import { commitStep, nextEventId, takeDueSteps } from '../lib/workflow';
import { buildOrder } from '../orders/model';

const STATES = Object.keys(COMPLAINT_STATES) as ComplaintState[];
const OPEN = STATES.filter((s) => COMPLAINT_STATES[s].category === 'open');
const CLOSED = STATES.filter((s) => COMPLAINT_STATES[s].category === 'closed');
/** Months of score history a resident sees. */
const TREND_MONTHS = 6;

// ── documents ────────────────────────────────────────────────────────────────────────────────────────────────

interface EventDoc {
  id: string;
  action: ComplaintAction | 'create' | 'me_too';
  from: ComplaintState;
  to: ComplaintState;
  fromLevel: ComplaintLevel;
  toLevel: ComplaintLevel;
  role: Actor;
  actorId: string;
  actorName: string;
  at: string;
  reason: string;
  photos: string[];
}

interface ComplaintDoc {
  _id: string;
  filerId: string;
  filerName: string;
  filerPhone: string;
  publicName: boolean;
  /** 附议: neighbours who joined. */
  supporters: string[];
  streetId: string;
  communityId: string;
  communityName: string;
  gridId: string;
  compoundId: string;
  compoundName: string;
  buildingId: string;
  companyId: string | null;
  companyName: string;
  departmentId: string | null;
  departmentName: string;
  /** Whose inbox holds it now: the company or department (unit id), the community, or the street. */
  handlerId: string;
  category: ComplaintCategory;
  tier: ComplaintSnapshot['tier'];
  description: string;
  photos: string[];
  status: ComplaintState;
  level: ComplaintLevel;
  createdAt: string;
  stateSince: string;
  levelSince: string;
  deadline: string | null;
  escalations: number;
  answer: { level: ComplaintLevel; notes: string; photos: string[]; at: string } | null;
  rating: { stars: number; comment: string; at: string } | null;
  closingReason: string | null;
  proactiveOrderId: string | null;
  timeline: EventDoc[];
  version: number;
  updatedAt: string;
}

interface SlotDoc {
  _id: string;
  complaintId: string;
  /** When it was claimed (real time, not the request clock: it measures a request in flight). */
  at: string;
}

const snapshot = (c: ComplaintDoc): ComplaintSnapshot => ({
  state: c.status,
  level: c.level,
  tier: c.tier,
  createdAt: c.createdAt,
  stateSince: c.stateSince,
  levelSince: c.levelSince,
  deadline: c.deadline,
  escalations: c.escalations,
});

async function loadComplaint(db: Database, id: string): Promise<ComplaintDoc> {
  const res = await db.collection(COLLECTIONS.complaints).where({ _id: id }).limit(1).get();
  const complaint = res.data[0] as ComplaintDoc | undefined;
  if (!complaint) throw new AppError('NOT_FOUND', '找不到这条投诉');
  return complaint;
}

// ── who the caller is to a complaint ─────────────────────────────────────────────────────────────────────────

type Relation = Role | 'supporter';

/** The caller's roles towards a complaint; `unit_member` and staff only where they handle it or oversee it. */
function relations(caller: Caller, c: ComplaintDoc): Relation[] {
  const holds = (role: Role, scopeId: string | null) => holdsGrant(caller, role, scopeId);
  const found: Relation[] = [];
  if (c.filerId === caller.openid) found.push('resident');
  if (c.supporters.includes(caller.openid)) found.push('supporter');
  // The unit at its level: the company while it is there, the department once it reported (and after).
  if (holds('unit_member', c.level === 'department' ? c.departmentId : c.companyId)) found.push('unit_member');
  if (holds('community_staff', c.communityId)) found.push('community_staff');
  if (holds('street_staff', c.streetId)) found.push('street_staff');
  if (isAdmin(caller)) found.push('admin');
  return found;
}

interface OnComplaint {
  complaint: ComplaintDoc;
  actor: Actor;
}

/** The complaint an action names, fetched with the caller; a missing one is NOT_FOUND. */
const found = (complaint: ComplaintDoc | undefined): ComplaintDoc => present(complaint, '找不到这条投诉');

/** A complaint by the input's id, fetched with the caller in one round trip, then judged by `decide`. */
const aboutComplaint = <S>(decide: (complaint: ComplaintDoc, caller: Caller) => S) =>
  relatedTo<ComplaintDoc, { complaintId: string }>(
    COLLECTIONS.complaints,
    (input) => input.complaintId,
    (doc, _input, { caller }) => decide(found(doc), caller),
  );

/** Access for a step: the caller's relation must be one the step is open to, preferring the level's handler. */
const onComplaint = (action: ComplaintAction) =>
  aboutComplaint((complaint, caller): OnComplaint => {
    const mine = relations(caller, complaint);
    const allowed = COMPLAINT_ACTIONS[action].roles as readonly Actor[];
    const handler = levelRole(complaint.level);
    const actor =
      (mine.includes(handler) && allowed.includes(handler) ? handler : undefined) ??
      (mine.find((r) => r !== 'supporter' && allowed.includes(r as Actor)) as Actor | undefined);
    if (!actor) throw new AppError('FORBIDDEN', '这条投诉不在您负责的范围内');
    return { complaint, actor };
  });

const viewer = aboutComplaint((complaint, caller): ComplaintDoc => {
  if (relations(caller, complaint).length === 0) throw new AppError('FORBIDDEN', '您无权查看这条投诉');
  return complaint;
});

// ── views ────────────────────────────────────────────────────────────────────────────────────────────────────

function toSummary(c: ComplaintDoc, caller: Caller, now: Date): ComplaintSummary {
  const state = COMPLAINT_STATES[c.status];
  return {
    id: c._id,
    category: { id: c.category, label: COMPLAINT_CATEGORIES[c.category].label },
    summary: Array.from(c.description).slice(0, 30).join(''),
    compound: { id: c.compoundId, name: c.compoundName },
    status: c.status,
    statusLabel: state.label,
    statusTone: state.tone,
    open: state.category === 'open',
    level: c.level,
    levelLabel: levelLabel(c.level),
    deadline: c.deadline,
    overdue: isComplaintOverdue(snapshot(c), now),
    escalations: c.escalations,
    supporters: c.supporters.length,
    filerName: c.filerId === caller.openid ? c.filerName : c.publicName ? maskName(c.filerName) : null,
    relation: c.filerId === caller.openid ? 'filer' : c.supporters.includes(caller.openid) ? 'supporter' : null,
    createdAt: c.createdAt,
  };
}

function toDetail(c: ComplaintDoc, caller: Caller, now: Date): ComplaintDetail {
  const mine = relations(caller, c);
  const seesContact = mine.some(
    (r) => r === 'resident' || r === 'unit_member' || r === 'community_staff' || r === 'street_staff',
  );
  const actions = [
    ...new Set(
      mine.filter((r): r is Role => r !== 'supporter').flatMap((role) => availableComplaintActions(snapshot(c), role)),
    ),
  ];
  return {
    ...toSummary(c, caller, now),
    description: c.description,
    photos: c.photos,
    publicName: c.publicName,
    resident: seesContact ? { name: c.filerName, phone: c.filerPhone } : null,
    community: { id: c.communityId, name: c.communityName },
    company: c.companyId ? { id: c.companyId, name: c.companyName } : null,
    department: c.departmentId ? { id: c.departmentId, name: c.departmentName } : null,
    answer: c.answer,
    rating: c.rating,
    closingReason: c.closingReason,
    timeline: c.timeline.map((e) => ({
      action: e.action,
      actionLabel:
        e.action === 'create'
          ? '投诉'
          : e.action === 'me_too'
            ? '邻居附议'
            : stepLabel({ action: e.action, fromLevel: e.fromLevel, toLevel: e.toLevel }),
      from: e.from,
      to: e.to,
      fromLevel: e.fromLevel,
      toLevel: e.toLevel,
      role: e.role,
      roleLabel: e.role === 'system' ? '系统' : roleLabel(e.role),
      // Residents appear as 居民 to everyone but themselves and those who must reach them.
      actorName: e.role === 'resident' && e.actorId !== caller.openid && !seesContact ? '居民' : e.actorName,
      at: e.at,
      reason: e.reason,
      photos: e.photos,
    })),
    actions,
    proactiveOrderId: c.proactiveOrderId,
  };
}

// ── steps ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Who holds a complaint at a level: its inbox id. */
function handlerAt(c: ComplaintDoc, level: ComplaintLevel, departmentId: string | null): string {
  switch (level) {
    case 'company':
      return c.companyId ?? c.communityId;
    case 'community':
      return c.communityId;
    case 'street':
      return c.streetId;
    case 'department':
      return departmentId ?? '';
  }
}

function handlerAudience(c: ComplaintDoc, level: ComplaintLevel, departmentId: string | null): Audience {
  switch (level) {
    case 'company':
    case 'department':
      return { kind: 'unit', id: handlerAt(c, level, departmentId) };
    case 'community':
      return { kind: 'community_staff', id: c.communityId };
    case 'street':
      return { kind: 'street_staff', id: c.streetId };
  }
}

/** The department that reports (部门报到) for this kind of complaint in the complaint's street. */
async function responsibleDepartment(db: Database, c: ComplaintDoc, chosen?: string): Promise<Unit> {
  const res = await db.collection(COLLECTIONS.units).where({ streetIds: c.streetId }).limit(100).get();
  const departments = (res.data as Unit[])
    .filter((u) => u.kind === 'department')
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  if (chosen) {
    const unit = departments.find((u) => u._id === chosen);
    if (!unit) throw new AppError('NOT_FOUND', '该部门不服务本街道');
    return unit;
  }
  const unit = departments.find((u) => u.handles?.includes(c.category)) ?? departments[0];
  if (!unit) throw new AppError('INVALID_STATE', '本街道没有可报到的职能部门');
  return unit;
}

interface StepOptions {
  reason?: string;
  photos?: string[];
  set?: Record<string, unknown>;
  departmentId?: string;
  actorId: string;
  actorName: string;
}

async function step(
  db: Database,
  c: ComplaintDoc,
  action: ComplaintAction,
  actor: Actor,
  now: Date,
  options: StepOptions,
): Promise<ComplaintDoc> {
  const result = complaintTransition(snapshot(c), action, actor, { at: now, reason: options.reason });
  if (!result.ok) throw new AppError(result.code, result.message);
  const next = result.complaint;
  let department = { id: c.departmentId, name: c.departmentName };
  if (next.level === 'department' && c.level !== 'department') {
    const unit = await responsibleDepartment(db, c, options.departmentId);
    department = { id: unit._id, name: unit.name };
  }
  const event: EventDoc = {
    id: nextEventId(c),
    action,
    from: c.status,
    to: next.state,
    fromLevel: c.level,
    toLevel: next.level,
    role: actor,
    actorId: options.actorId,
    actorName: options.actorName,
    at: result.step.at,
    reason: result.step.reason,
    photos: options.photos ?? [],
  };
  const fields = {
    status: next.state,
    level: next.level,
    stateSince: next.stateSince,
    levelSince: next.levelSince,
    deadline: next.deadline,
    escalations: next.escalations,
    handlerId: handlerAt(c, next.level, department.id),
    departmentId: department.id,
    departmentName: department.name,
    updatedAt: event.at,
    ...options.set,
  };
  // Everyone concerned hears of it: the filer and his neighbours, the handler before and after, not the actor.
  const audiences: Array<[Actor, Audience]> = [
    ['resident', { kind: 'user', id: c.filerId }],
    ...c.supporters.map((id): [Actor, Audience] => ['resident', { kind: 'user', id }]),
    [levelRole(c.level), handlerAudience(c, c.level, c.departmentId)],
    [levelRole(next.level), handlerAudience(c, next.level, department.id)],
  ];
  return commitStep(
    db,
    COLLECTIONS.complaints,
    c,
    fields,
    event,
    {
      audiences: audiences.filter(([side]) => side !== actor || next.level !== c.level).map(([, a]) => a),
      subject: { type: 'complaint', id: c._id },
      title: `${COMPLAINT_CATEGORIES[c.category].label}投诉：${complaintStateLabel(next.state)}`,
      body: `${stepLabel(result.step)}${event.reason ? `：${event.reason}` : ''}`,
    },
    '投诉刚刚被他人处理，请刷新后重试',
  );
}

const actorName = (caller: Caller) => caller.user?.name ?? '';

const stepAction = <I extends { complaintId: string }>(
  action: ComplaintAction,
  options: (input: I, ctx: { complaint: ComplaintDoc; now: Date }) => Partial<StepOptions> = () => ({}),
) => ({
  access: onComplaint(action),
  async handler(
    input: I,
    { caller, db, now, subject }: { caller: Caller; db: Database; now: () => Date; subject: unknown },
  ) {
    const { complaint, actor } = subject as OnComplaint;
    const at = now();
    const updated = await step(db, complaint, action, actor, at, {
      actorId: caller.openid,
      actorName: actorName(caller),
      ...options(input, { complaint, now: at }),
    });
    return toDetail(updated, caller, at);
  },
});

// ── lists ────────────────────────────────────────────────────────────────────────────────────────────────────

const page = (db: Database, where: Record<string, unknown>, order: SortKey, cursor: number | undefined) =>
  pageOf<ComplaintDoc>(db, COLLECTIONS.complaints, where, order, cursor);

/** An inbox: new (to acknowledge), overdue, open or closed, the most urgent first. */
async function inbox(
  db: Database,
  where: Record<string, unknown>,
  filter: 'new' | 'overdue' | 'open' | 'closed' | undefined,
  cursor: number | undefined,
  now: Date,
) {
  const _ = db.command;
  const f = filter ?? 'open';
  const w: Record<string, unknown> = { ...where };
  if (f === 'new') w.status = 'filed';
  else if (f === 'closed') w.status = _.in(CLOSED);
  else w.status = _.in(['filed', 'acknowledged']);
  if (f === 'overdue') w.deadline = _.lt(now.toISOString());
  return page(db, w, f === 'closed' ? ['updatedAt', 'desc'] : ['deadline', 'asc'], cursor);
}

// ── credit scores (computed by a timer, read by residents and staff) ─────────────────────────────────────────

interface ScoreDoc {
  _id: string;
  asOf: string;
  windowDays: number;
  ranking: CompanyScore[];
  trends: Record<string, Array<{ month: string; score: number | null; complaints: number }>>;
}

const SCORE_DOC_ID = 'city';

/** Every complaint filed at a company since `since`, as the score reads it (paged: the server returns ≤ 1000). */
async function creditComplaints(db: Database, since: string): Promise<CreditComplaint[]> {
  const _ = db.command;
  const out: CreditComplaint[] = [];
  for (let offset = 0; ; offset += 1000) {
    const res = await db
      .collection(COLLECTIONS.complaints)
      .where({ createdAt: _.gte(since) })
      .orderBy('createdAt', 'asc')
      .skip(offset)
      .limit(1000)
      .get();
    for (const c of res.data as ComplaintDoc[]) {
      if (!c.companyId) continue;
      out.push({
        companyId: c.companyId,
        tier: c.tier,
        filedAt: c.createdAt,
        steps: c.timeline.filter((e) => e.action !== 'create' && e.action !== 'me_too') as CreditComplaint['steps'],
        stars: c.rating?.stars ?? null,
      });
    }
    if (res.data.length < 1000) return out;
  }
}

async function computeScores(db: Database, now: Date): Promise<ScoreDoc> {
  const unitsRes = await db.collection(COLLECTIONS.units).where({ kind: 'property' }).limit(1000).get();
  const companies = unitsRes.data as Unit[];
  const compoundsRes = await db.collection(COLLECTIONS.places).where({ kind: 'compound' }).limit(1000).get();
  const households = new Map<string, number>();
  for (const c of compoundsRes.data as Compound[]) {
    if (c.propertyCompanyId)
      households.set(c.propertyCompanyId, (households.get(c.propertyCompanyId) ?? 0) + c.households);
  }
  const credits = companies.map((u) => ({ id: u._id, households: households.get(u._id) ?? 0 }));
  const since = new Date(now.getTime() - (CREDIT_WINDOW_DAYS + 31 * TREND_MONTHS) * 86_400_000).toISOString();
  const complaints = await creditComplaints(db, since);
  const city = creditScores(credits, complaints, { asOf: now });
  const names = new Map(companies.map((u) => [u._id, u.name]));
  const ranking = city.ranking.map((c, i) => toScore(c, names.get(c.companyId) ?? '', i + 1, city.ranking.length));
  const trends = Object.fromEntries(
    companies.map((u) => [u._id, creditTrend(u._id, credits, complaints, { asOf: now, months: TREND_MONTHS })]),
  );
  return { _id: SCORE_DOC_ID, asOf: now.toISOString(), windowDays: city.windowDays, ranking, trends };
}

function toScore(c: CompanyCredit, name: string, rank: number, of: number): CompanyScore {
  return {
    company: { id: c.companyId, name },
    score: displayScore(c.score),
    rank,
    of,
    complaints: c.complaints,
    households: c.households,
    measures: c.measures,
  };
}

/** The cached scores; computed now when none exist yet (a new environment), so the page never waits an hour. */
async function loadScores(db: Database, now: Date): Promise<ScoreDoc> {
  const res = await db.collection(COLLECTIONS.creditScores).where({ _id: SCORE_DOC_ID }).limit(1).get();
  const cached = res.data[0] as ScoreDoc | undefined;
  if (cached) return cached;
  const fresh = await computeScores(db, now);
  await db.collection(COLLECTIONS.creditScores).doc(SCORE_DOC_ID).set(withoutId(fresh));
  return fresh;
}

const withoutId = <T extends { _id: string }>(doc: T): Omit<T, '_id'> => {
  const { _id, ...rest } = doc;
  return rest;
};

// ── hotspots ─────────────────────────────────────────────────────────────────────────────────────────────────

async function communityHotspots(db: Database, communityId: string, now: Date, windowDays: number, threshold: number) {
  const _ = db.command;
  const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  const res = await db
    .collection(COLLECTIONS.complaints)
    .where({ communityId, createdAt: _.gte(since) })
    .orderBy('createdAt', 'asc')
    .limit(1000)
    .get();
  const complaints = res.data as ComplaintDoc[];
  const hotspots = detectHotspots(
    complaints.map((c) => ({
      id: c._id,
      category: c.category,
      compoundId: c.compoundId,
      gridId: c.gridId,
      filedAt: c.createdAt,
      households: 1 + c.supporters.length,
      open: COMPLAINT_STATES[c.status].category === 'open',
    })),
    { now, windowDays, threshold },
  );
  return { hotspots, complaints };
}

const staffOfCommunity = async (input: { communityId: string }, { db }: { db: Database }) => {
  const community = await loadPlace(db, input.communityId, 'community');
  return { target: { communityId: community._id, streetIds: [community.streetId] }, subject: community };
};

// ── the function ─────────────────────────────────────────────────────────────────────────────────────────────

export const complaints = defineFunction(
  'complaints',
  complaintsActions,
  {
    listCategories: {
      access: anyone,
      async handler() {
        return (Object.keys(COMPLAINT_CATEGORIES) as ComplaintCategory[]).map((id) => {
          const c = COMPLAINT_CATEGORIES[id];
          return {
            id,
            label: c.label,
            hint: c.hint,
            tier: c.tier,
            limitLabel: TIME_LIMIT_TIERS[c.tier].limitLabel.replace('办结', '答复'),
          };
        });
      },
    },

    similarOpen: {
      access: resident,
      async handler(input, { caller, db, now }) {
        const _ = db.command;
        const res = await db
          .collection(COLLECTIONS.complaints)
          .where({ compoundId: caller.user!.compoundId, category: input.category, status: _.in(OPEN) })
          .orderBy('createdAt', 'desc')
          .limit(20)
          .get();
        const at = now();
        return (res.data as ComplaintDoc[]).map((c) => toSummary(c, caller, at));
      },
    },

    file: {
      access: resident,
      async handler(input, { caller, db, now }) {
        const user = caller.user!;
        const id = stableId('cpl', caller.openid, input.requestId);
        const buildingId = input.buildingId ?? user.buildingId!;
        const places = await loadPlaces(db, [buildingId, user.communityId!, user.compoundId!]);
        const building = places.get(buildingId) as Building | undefined;
        const community = places.get(user.communityId!) as Community | undefined;
        const compound = places.get(user.compoundId!) as Compound | undefined;
        if (!building || building.kind !== 'building' || !community || !compound) {
          throw new AppError('NOT_FOUND', '找不到这个楼栋');
        }
        if (building.compoundId !== user.compoundId) throw new AppError('FORBIDDEN', '只能投诉您所住小区的物业');
        const at = now();

        const companyId = compound.propertyCompanyId;
        // Looked up before the slot is claimed, so a claimed slot is followed at once by its complaint.
        const [company, proactiveOrderId] = await Promise.all([
          companyId
            ? db
                .collection(COLLECTIONS.units)
                .where({ _id: companyId })
                .limit(1)
                .get()
                .then((res) => res.data[0] as Unit | undefined)
            : undefined,
          openProactiveOrderFor(db, compound._id, input.category),
        ]);
        const joined = await claimSlot(db, `${compound._id}:${input.category}`, id, async (holder) =>
          holder._id === id ? holder : joinComplaint(db, holder, caller, at),
        );
        if (joined) return toDetail(joined, caller, at);

        const start = newComplaint(input.category, companyId, at);
        const doc: ComplaintDoc = {
          _id: id,
          filerId: caller.openid,
          filerName: user.name,
          filerPhone: user.phone ?? '',
          publicName: input.publicName ?? false,
          supporters: [],
          streetId: building.streetId,
          communityId: community._id,
          communityName: community.name,
          gridId: building.gridId,
          compoundId: compound._id,
          compoundName: compound.name,
          buildingId,
          companyId,
          companyName: company?.name ?? '',
          departmentId: null,
          departmentName: '',
          handlerId: companyId ?? community._id,
          category: input.category,
          tier: start.tier,
          description: input.description,
          photos: input.photos ?? [],
          status: start.state,
          level: start.level,
          createdAt: start.createdAt,
          stateSince: start.stateSince,
          levelSince: start.levelSince,
          deadline: start.deadline,
          escalations: 0,
          answer: null,
          rating: null,
          closingReason: null,
          proactiveOrderId,
          timeline: [
            {
              id: `${id}-e1`,
              action: 'create',
              from: 'filed',
              to: 'filed',
              fromLevel: start.level,
              toLevel: start.level,
              role: 'resident',
              actorId: caller.openid,
              actorName: user.name,
              at: start.createdAt,
              reason: '',
              photos: [],
            },
          ],
          version: 1,
          updatedAt: start.createdAt,
        };
        if (!(await insertOnce(db, COLLECTIONS.complaints, doc)))
          return toDetail(await loadComplaint(db, id), caller, at);
        await notify(
          db,
          `${id}-e1`,
          {
            audiences: [companyId ? { kind: 'unit', id: companyId } : { kind: 'community_staff', id: community._id }],
            subject: { type: 'complaint', id },
            title: `新投诉：${COMPLAINT_CATEGORIES[input.category].label}`,
            body: `${compound.name}，${Array.from(input.description).slice(0, 30).join('')}`,
          },
          doc.createdAt,
        );
        return toDetail(doc, caller, at);
      },
    },

    meToo: {
      access: aboutComplaint((complaint) => complaint),
      async handler(_input, { caller, db, now, subject }) {
        const at = now();
        return toDetail(await joinComplaint(db, subject as ComplaintDoc, caller, at), caller, at);
      },
    },

    listMine: {
      access: registered,
      async handler(input, { caller, db, now }) {
        const _ = db.command;
        const status = input.filter ? { status: _.in(input.filter === 'open' ? OPEN : CLOSED) } : {};
        const { docs, nextCursor } = await page(
          db,
          _.or([
            { filerId: caller.openid, ...status },
            { supporters: caller.openid, ...status },
          ]) as unknown as Record<string, unknown>,
          ['createdAt', 'desc'],
          input.cursor,
        );
        const at = now();
        return { items: docs.map((d) => toSummary(d, caller, at)), nextCursor };
      },
    },

    getDetail: {
      access: viewer,
      async handler(_input, { caller, now, subject }) {
        return toDetail(subject as ComplaintDoc, caller, now());
      },
    },

    companyInbox: {
      access: roles(['unit_member'], async (input: { unitId: string }) => ({
        target: { unitId: input.unitId },
        subject: null,
      })),
      async handler(input, { caller, db, now }) {
        const at = now();
        const { docs, nextCursor } = await inbox(
          db,
          { level: 'company', handlerId: input.unitId },
          input.filter,
          input.cursor,
          at,
        );
        return { items: docs.map((d) => toSummary(d, caller, at)), nextCursor };
      },
    },

    acknowledge: stepAction<{ complaintId: string; note?: string }>('acknowledge', (input) => ({ reason: input.note })),

    answer: stepAction<{ complaintId: string; notes: string; photos?: string[] }>(
      'answer',
      (input, { complaint, now }) => ({
        reason: input.notes,
        photos: input.photos ?? [],
        set: {
          answer: { level: complaint.level, notes: input.notes, photos: input.photos ?? [], at: now.toISOString() },
        },
      }),
    ),

    satisfied: stepAction('satisfied'),

    notSatisfied: stepAction<{ complaintId: string; reason: string; photos?: string[] }>('not_satisfied', (input) => ({
      reason: input.reason,
      photos: input.photos ?? [],
    })),

    rate: stepAction<{ complaintId: string; stars: number; comment?: string }>('rate', (input, { now }) => ({
      reason: `${'★'.repeat(input.stars)}${input.comment ? ` ${input.comment}` : ''}`,
      set: { rating: { stars: input.stars, comment: input.comment ?? '', at: now.toISOString() } },
    })),

    staffInbox: {
      access: roles(
        ['community_staff', 'street_staff', 'unit_member'],
        async (input: { level: (typeof ESCALATION_LEVELS)[number]; scopeId: string }) => ({
          target:
            input.level === 'community'
              ? { communityId: input.scopeId }
              : input.level === 'street'
                ? { streetIds: [input.scopeId] }
                : { unitId: input.scopeId },
          subject: null,
        }),
      ),
      async handler(input, { caller, db, now }) {
        const at = now();
        const { docs, nextCursor } = await inbox(
          db,
          { level: input.level, handlerId: input.scopeId },
          input.filter,
          input.cursor,
          at,
        );
        return { items: docs.map((d) => toSummary(d, caller, at)), nextCursor };
      },
    },

    refer: stepAction<{ complaintId: string; reason: string; departmentId?: string }>('refer', (input) => ({
      reason: input.reason,
      departmentId: input.departmentId,
    })),

    closeNotResponsible: stepAction<{ complaintId: string; reason: string }>('close_not_responsible', (input) => ({
      reason: input.reason,
      set: { closingReason: input.reason },
    })),

    companyScore: {
      access: resident,
      async handler(input, { caller, db, now }) {
        const places = await loadPlaces(db, [caller.user!.compoundId!]);
        const compound = places.get(caller.user!.compoundId!) as Compound | undefined;
        const scores = await loadScores(db, now());
        const companyId = compound?.propertyCompanyId ?? null;
        const months = input.months ?? TREND_MONTHS;
        return {
          score: companyId ? (scores.ranking.find((s) => s.company.id === companyId) ?? null) : null,
          trend: companyId ? (scores.trends[companyId] ?? []).slice(-months) : [],
          windowDays: scores.windowDays,
        };
      },
    },

    companyRanking: {
      access: roles(['community_staff', 'street_staff', 'admin']),
      async handler(input, { db, now }) {
        const scores = await loadScores(db, now());
        let ranking = scores.ranking;
        if (input.streetId) {
          const res = await db.collection(COLLECTIONS.units).where({ streetIds: input.streetId }).limit(1000).get();
          const serving = new Set((res.data as Unit[]).map((u) => u._id));
          ranking = ranking.filter((s) => serving.has(s.company.id));
        }
        const offset = input.cursor ?? 0;
        return {
          items: ranking.slice(offset, offset + PAGE_SIZE),
          nextCursor: ranking.length > offset + PAGE_SIZE ? offset + PAGE_SIZE : null,
          asOf: scores.asOf,
          windowDays: scores.windowDays,
        };
      },
    },

    hotspots: {
      access: roles(['community_staff', 'street_staff'], staffOfCommunity),
      async handler(input, { db, now }) {
        const windowDays = input.windowDays ?? HOTSPOT_DEFAULTS.windowDays;
        const threshold = input.threshold ?? HOTSPOT_DEFAULTS.threshold;
        const { hotspots, complaints } = await communityHotspots(db, input.communityId, now(), windowDays, threshold);
        const byId = new Map(complaints.map((c) => [c._id, c]));
        const names = new Map(complaints.flatMap((c) => [[c.compoundId, c.compoundName] as const]));
        const gridIds = [...new Set(hotspots.filter((h) => h.scope === 'grid').map((h) => h.placeId))];
        const grids = await loadPlaces(db, gridIds);
        return {
          items: hotspots.map((h) => ({
            key: h.key,
            category: { id: h.category, label: COMPLAINT_CATEGORIES[h.category].label },
            scope: h.scope,
            place: {
              id: h.placeId,
              name: h.scope === 'compound' ? (names.get(h.placeId) ?? '') : (grids.get(h.placeId)?.name ?? ''),
            },
            households: h.households,
            complaints: h.complaints,
            openComplaints: h.openComplaints,
            compounds: h.compoundIds.map((id) => ({ id, name: names.get(id) ?? '' })),
            complaintIds: h.complaintIds,
            firstAt: h.firstAt,
            lastAt: h.lastAt,
            proactiveOrderId: h.complaintIds.map((id) => byId.get(id)?.proactiveOrderId).find(Boolean) ?? null,
          })),
          windowDays,
          threshold,
        };
      },
    },

    openProactiveOrder: {
      access: roles(['community_staff', 'street_staff'], staffOfCommunity),
      async handler(input, { caller, db, now, subject }) {
        const at = now();
        const community = subject as Community;
        // Recomputed: a hotspot the page showed but that no longer stands (or never did) is refused.
        const { hotspots, complaints } = await communityHotspots(
          db,
          community._id,
          at,
          input.windowDays,
          HOTSPOT_LIMITS.minThreshold,
        );
        const hotspot = hotspots.find((h) => h.key === input.hotspotKey);
        if (!hotspot) throw new AppError('NOT_FOUND', '该热点已不存在，请刷新');
        const members = complaints.filter((c) => hotspot.complaintIds.includes(c._id));
        const id = stableId('ord', caller.openid, input.requestId);
        const existing = members.find((c) => c.proactiveOrderId)?.proactiveOrderId;
        if (existing && existing !== id) throw new AppError('CONFLICT', '已为该热点开过工单');

        const compoundId = hotspot.compoundIds[0];
        const buildingId = members.find((c) => c.compoundId === compoundId)!.buildingId;
        const places = await loadPlaces(db, [buildingId, compoundId]);
        const category =
          findCategory(input.categoryId ?? COMPLAINT_CATEGORIES[hotspot.category].serviceCategoryId) ??
          findCategory('other')!;
        const order = buildOrder({
          id,
          resident: { id: caller.openid, name: caller.user!.name, phone: '', role: 'community_staff' },
          building: places.get(buildingId) as Building,
          community,
          propertyCompanyId: (places.get(compoundId) as Compound | undefined)?.propertyCompanyId ?? null,
          address: '未诉先办',
          category,
          description: input.description,
          photos: [],
          preferredTime: 'anytime',
          contact: 'message',
          privateContact: true,
          origin: { kind: 'hotspot', hotspotKey: hotspot.key, complaintCategory: hotspot.category, compoundId },
          at,
        });
        // A retried request finds its order written and finishes what the first one may not have: the links and
        // the notices are idempotent.
        await insertOnce(db, COLLECTIONS.orders, order);
        const _ = db.command;
        await db
          .collection(COLLECTIONS.complaints)
          .where({ _id: _.in(hotspot.complaintIds) })
          .update({ proactiveOrderId: id });
        const households = [...new Set(members.flatMap((c) => [c.filerId, ...c.supporters]))];
        await notify(
          db,
          `${id}-proactive`,
          {
            // The whole compound hears what the community is doing; those who complained, by name too.
            audiences:
              input.notify === false
                ? []
                : [
                    { kind: 'compound_residents', id: compoundId },
                    ...households.map((h): Audience => ({ kind: 'user', id: h })),
                  ],
            subject: { type: 'order', id },
            title: `社区已主动办理：${COMPLAINT_CATEGORIES[hotspot.category].label}`,
            body: input.description,
          },
          at.toISOString(),
        );
        return { orderId: id };
      },
    },
  },
  {
    deliver: deliveryTimer(COLLECTIONS.complaints),
    sweep: {
      summary: '超时升级（社区呼叫—街道吹哨—部门报到）、超时视为满意、评价期满办结',
      everyMinutes: 5,
      async run({ db, now }) {
        const _ = db.command;
        const at = now();
        const due = await db
          .collection(COLLECTIONS.complaints)
          .where({ status: _.in(OPEN), deadline: _.lt(at.toISOString()) })
          .limit(100)
          .get();
        return {
          escalate: 0,
          auto_confirm: 0,
          auto_close: 0,
          ...(await takeDueSteps(
            due.data as ComplaintDoc[],
            (c) => complaintTimerAction(snapshot(c), at),
            (c, action) => step(db, c, action, 'system', at, { actorId: 'system', actorName: '系统' }),
          )),
        };
      },
    },
    scoreCredit: {
      summary: '物业服务企业信用评价：每小时重算评分、排名与走势',
      everyMinutes: 60,
      async run({ db, now }) {
        const scores = await computeScores(db, now());
        await db.collection(COLLECTIONS.creditScores).doc(SCORE_DOC_ID).set(withoutId(scores));
        return { companies: scores.ranking.length };
      },
    },
  },
);

/** How long a claimed slot may point at a complaint not written yet before another filer takes it over. */
const SLOT_GRACE_MS = 30_000;

/**
 * One open complaint per compound and category. Claims the slot for complaint `id` (resolves null: go ahead and
 * write it), or hands the open complaint that holds it to `join` (the caller becomes a supporter). A slot whose
 * complaint closed, or was never written (the filer's request died), is taken over with a conditional update.
 */
async function claimSlot(
  db: Database,
  slotId: string,
  id: string,
  join: (holder: ComplaintDoc) => Promise<ComplaintDoc>,
): Promise<ComplaintDoc | null> {
  const slots = db.collection(COLLECTIONS.complaintSlots);
  if (
    await insertOnce(db, COLLECTIONS.complaintSlots, { _id: slotId, complaintId: id, at: new Date().toISOString() })
  ) {
    return null;
  }
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const slot = (await slots.where({ _id: slotId }).limit(1).get()).data[0] as SlotDoc;
    const holder = (await db.collection(COLLECTIONS.complaints).where({ _id: slot.complaintId }).limit(1).get())
      .data[0] as ComplaintDoc | undefined;
    if (holder && COMPLAINT_STATES[holder.status].category === 'open') return join(holder);
    const written = holder !== undefined;
    if (!written && Date.now() - new Date(slot.at).getTime() < SLOT_GRACE_MS) {
      // The first filer is writing it right now: look again in a moment.
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const res = await slots
      .where({ _id: slotId, complaintId: slot.complaintId })
      .update({ complaintId: id, at: new Date().toISOString() });
    if (res.updated === 1) return null;
  }
  throw new AppError('CONFLICT', '同类投诉正在提交，请稍后再试');
}

/** 附议: the caller joins an open complaint of his own compound — counted, and told of every step. */
async function joinComplaint(db: Database, c: ComplaintDoc, caller: Caller, at: Date): Promise<ComplaintDoc> {
  const check = checkMeToo({
    state: c.status,
    complaintCompoundId: c.compoundId,
    callerCompoundId: caller.user?.compoundId ?? '',
    isFiler: c.filerId === caller.openid,
    alreadySupporter: c.supporters.includes(caller.openid),
  });
  if (!check.ok) throw new AppError(check.code, check.message);
  const _ = db.command;
  // Conditional on not being a supporter yet: two taps (or two devices) add him once.
  const res = await db
    .collection(COLLECTIONS.complaints)
    .where({ _id: c._id, supporters: _.neq(caller.openid), status: _.in(OPEN) })
    .update({ supporters: _.addToSet(caller.openid), updatedAt: at.toISOString() });
  if (res.updated !== 1) throw new AppError('CONFLICT', '您已附议');
  return { ...c, supporters: [...c.supporters, caller.openid] };
}

/** A proactive order (未诉先办) still open for this compound and category: a new complaint links to it. */
async function openProactiveOrderFor(
  db: Database,
  compoundId: string,
  category: ComplaintCategory,
): Promise<string | null> {
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.orders)
    .where({
      'origin.compoundId': compoundId,
      'origin.complaintCategory': category,
      status: _.in(['submitted', 'dispatched', 'accepted', 'published', 'completed']),
    })
    .limit(1)
    .get();
  return (res.data[0] as { _id: string } | undefined)?._id ?? null;
}

export const main = cloudMain(complaints);
