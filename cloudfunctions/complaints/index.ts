/**
 * 物业投诉: a resident's complaint goes straight to the property company of his compound (a 无物业小区's to the
 * community); overdue or "not satisfied" climbs 社区呼叫 → 街道吹哨 → 部门报到. Built from the chain's blocks: the
 * versioned step commit with its timeline (lib/workflow), notices in the document's outbox (lib/outbox), the timer,
 * the time limits.
 *
 * One open complaint per compound and category, without a lock document: the complaints of a compound and category
 * are numbered (`seq`), and the n-th one's id is derived from compound, category and n. A filer reads the latest one
 * with his own record; when it is closed (or there is none) he inserts number n + 1 — two neighbours filing at the
 * same moment compute the same id, one insert wins and the other joins it (附议) with one conditional update.
 *
 * Round trips (≤ 3 each): an action reads what it needs with the caller in one aggregate (`reads`, lib/caller; a
 * list then reads its page) and writes at most one document, its notices in that document's outbox. The one
 * exception spans two: a proactive order is inserted, then its complaints are linked in one update — a crash
 * between is repaired by the retry of the same request. Reads never write (credit scores are stored by the timer).
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
import { seenBy, shownName, widestViewer, type Person, type Viewer } from '../../miniprogram/shared/privacy';
import { roleLabel, type Role } from '../../miniprogram/shared/roles';
import type { Building, Community, Compound, Grid, Place, Unit } from '../../miniprogram/shared/schemas/places';
import {
  anyone,
  holdsGrant,
  isAdmin,
  knownTo,
  ownPhotos,
  registered,
  relatedTo,
  resident,
  roles,
  type AccessContext,
} from '../lib/access';
import { loadCaller, type Caller, type Lookups } from '../lib/caller';
import { COLLECTIONS, getDb, type Database } from '../lib/db';
import { cloudMain } from '../lib/entry';
import { noticesOf, type Audience } from '../lib/notify';
import { complaintNoticeKind } from '../../miniprogram/shared/notices/templates';
import { deliveryTimer, outboxOf } from '../lib/outbox';
import { insertOnce, stableId } from '../lib/records';
import { pageOf, PAGE_SIZE, type SortKey } from '../lib/paging';
import { defineFunction } from '../lib/router';
import { commitStep, nextEventId, takeDueSteps } from '../lib/workflow';
import { openOrder } from '../lib/orders';

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
  /** `complaintIdOf(compoundId, category, seq)`. */
  _id: string;
  /** Its number among the complaints of its compound and category. */
  seq: number;
  /** The filer's request that made it: his retry finds it. */
  requestId: string;
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
  /** The building's name when it was filed (a proactive order opened from its hotspot is placed there). */
  buildingName: string;
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

const isOpen = (c: ComplaintDoc) => COMPLAINT_STATES[c.status].category === 'open';

/** The n-th complaint of a compound in a category: everyone filing it computes the same id, so one insert wins. */
const complaintIdOf = (compoundId: string, category: ComplaintCategory, seq: number) =>
  stableId('cpl', compoundId, category, String(seq));

async function findComplaint(db: Database, id: string): Promise<ComplaintDoc | undefined> {
  const res = await db.collection(COLLECTIONS.complaints).where({ _id: id }).limit(1).get();
  return res.data[0] as ComplaintDoc | undefined;
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

/**
 * The complaint an action names, fetched with the caller. Its id comes from compound, category and number, so it
 * can be guessed: to whoever may not know of it — neither related to it, nor living in its compound (where
 * 同类投诉 lists it), nor its compound's company (which had it first) — it answers exactly as a missing one.
 */
const found = (complaint: ComplaintDoc | undefined, caller: Caller): ComplaintDoc =>
  knownTo(
    complaint,
    (c) =>
      relations(caller, c).length > 0 ||
      (caller.user?.compoundId ?? null) === c.compoundId ||
      holdsGrant(caller, 'unit_member', c.companyId),
    '找不到这条投诉',
  );

/** A complaint by the input's id, fetched with the caller in one round trip, then judged by `decide`. */
const aboutComplaint = <S>(decide: (complaint: ComplaintDoc, caller: Caller) => S) =>
  relatedTo<ComplaintDoc, { complaintId: string }>(
    COLLECTIONS.complaints,
    (input) => input.complaintId,
    (doc, _input, { caller }) => decide(found(doc, caller), caller),
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

/**
 * How each relation to a complaint sees the residents in it (privacy.ts says what each view shows): street staff
 * handle it once it is blown up to them (街道吹哨), admins only watch.
 */
const VIEWER_OF: Record<Relation, Viewer> = {
  // The filer sees the neighbours who joined as a neighbour does (himself as himself: viewerFor).
  resident: 'neighbour',
  supporter: 'neighbour',
  unit_member: 'handler',
  community_staff: 'handler',
  street_staff: 'handler',
  grid_worker: 'neighbour',
  party_member: 'neighbour',
  admin: 'overseer',
};

/** The caller's view of a resident in the complaint: himself, or as his widest relation to it allows. */
const viewerFor = (c: ComplaintDoc, caller: Caller, personId: string): Viewer =>
  personId === caller.openid ? 'self' : widestViewer(relations(caller, c).map((r) => VIEWER_OF[r]));

/** The filer as he chose to be seen; neighbours who joined (附议) never chose to be shown. */
const filerOf = (c: ComplaintDoc): Person => ({ name: c.filerName, phone: c.filerPhone, private: !c.publicName });
const residentIn = (c: ComplaintDoc, id: string, name: string): Person =>
  id === c.filerId ? filerOf(c) : { name, phone: '', private: true };

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
    filerName: seenBy(viewerFor(c, caller, c.filerId), filerOf(c)).name,
    relation: c.filerId === caller.openid ? 'filer' : c.supporters.includes(caller.openid) ? 'supporter' : null,
    createdAt: c.createdAt,
  };
}

function toDetail(c: ComplaintDoc, caller: Caller, now: Date): ComplaintDetail {
  const mine = relations(caller, c);
  const filer = seenBy(viewerFor(c, caller, c.filerId), filerOf(c));
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
    resident: filer.name !== null && filer.phone !== null ? { name: filer.name, phone: filer.phone } : null,
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
      actorName:
        e.role === 'resident'
          ? shownName(viewerFor(c, caller, e.actorId), residentIn(c, e.actorId, e.actorName))
          : e.actorName,
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

/** Every department: what a step that may climb to 部门报到 reads with the caller (they are few). */
const departmentsLookup = (): Lookups => ({
  departments: { collection: COLLECTIONS.units, where: { kind: 'department' }, limit: 1000 },
});

/**
 * The department that reports (部门报到) for this kind of complaint in the complaint's street: from `known` (the
 * departments the action read with the caller), or read now (the timer).
 */
async function responsibleDepartment(db: Database, c: ComplaintDoc, chosen?: string, known?: Unit[]): Promise<Unit> {
  const units =
    known ??
    ((await db.collection(COLLECTIONS.units).where({ streetIds: c.streetId }).limit(100).get()).data as Unit[]);
  const departments = units
    .filter((u) => u.kind === 'department' && u.streetIds.includes(c.streetId))
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
  /** The departments, when the action read them with the caller. */
  departments?: Unit[];
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
    const unit = await responsibleDepartment(db, c, options.departmentId, options.departments);
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
      kind: complaintNoticeKind(next.state, next.level !== c.level),
      body: `${stepLabel(result.step)}${event.reason ? `：${event.reason}` : ''}`,
    },
    '投诉刚刚被他人处理，请刷新后重试',
  );
}

const actorName = (caller: Caller) => caller.user?.name ?? '';

/**
 * A step as an action: the complaint (and, for a step that may climb to 部门报到, the departments) come with the
 * caller in one read; the step is one conditional update.
 */
const stepAction = <I extends { complaintId: string }>(
  action: ComplaintAction,
  options: (input: I, ctx: { complaint: ComplaintDoc; caller: Caller; now: Date }) => Partial<StepOptions> = () => ({}),
) => {
  const climbs = 'climbs' in COMPLAINT_ACTIONS[action];
  return {
    access: onComplaint(action),
    ...(climbs && { reads: departmentsLookup }),
    async handler(
      input: I,
      {
        caller,
        db,
        now,
        subject,
        loaded,
      }: { caller: Caller; db: Database; now: () => Date; subject: unknown; loaded: Record<string, unknown[]> },
    ) {
      const { complaint, actor } = subject as OnComplaint;
      const at = now();
      const updated = await step(db, complaint, action, actor, at, {
        actorId: caller.openid,
        actorName: actorName(caller),
        ...(climbs && { departments: loaded.departments as Unit[] }),
        ...options(input, { complaint, caller, now: at }),
      });
      return toDetail(updated, caller, at);
    },
  };
};

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

const PAGE = 1000;

/** How far back the score (its window and the trend's months) reads complaints. */
const creditSince = (now: Date) =>
  new Date(now.getTime() - (CREDIT_WINDOW_DAYS + 31 * TREND_MONTHS) * 86_400_000).toISOString();

/** What a score is computed from: the companies, the compounds they serve, and the complaints since `since`. */
const scoreInputsLookups = (now: Date): Lookups => ({
  companies: { collection: COLLECTIONS.units, where: { kind: 'property' }, limit: PAGE },
  compounds: { collection: COLLECTIONS.places, where: { kind: 'compound' }, limit: PAGE },
  complaints: {
    collection: COLLECTIONS.complaints,
    where: { createdAt: getDb().command.gte(creditSince(now)) },
    orderBy: ['createdAt', 'asc'],
    limit: PAGE,
  },
});

interface ScoreInputs {
  companies: Unit[];
  compounds: Compound[];
  /** The first page of complaints since the window's start, oldest first; the rest is read on if it is full. */
  complaints: ComplaintDoc[];
}

/** The score's inputs: with the caller in one round trip when there is one (a request), else one query each. */
async function readScoreInputs(db: Database, now: Date, openid?: string): Promise<ScoreInputs> {
  const lookups = scoreInputsLookups(now);
  if (openid) return (await loadCaller(db, openid, lookups)).loaded as unknown as ScoreInputs;
  const read = async (name: string) => {
    const lookup = lookups[name] as { collection: string; where: object; orderBy?: [string, 'asc' | 'desc'] };
    let query = db.collection(lookup.collection).where(lookup.where);
    if (lookup.orderBy) query = query.orderBy(...lookup.orderBy);
    return (await query.limit(PAGE).get()).data;
  };
  return {
    companies: (await read('companies')) as Unit[],
    compounds: (await read('compounds')) as Compound[],
    complaints: (await read('complaints')) as ComplaintDoc[],
  };
}

/** Every complaint filed at a company since `since`, as the score reads it: the first page, then on (≤ 1000 each). */
async function creditComplaints(db: Database, since: string, first: ComplaintDoc[]): Promise<CreditComplaint[]> {
  const _ = db.command;
  const all = [...first];
  for (let page = first; page.length === PAGE; all.push(...page)) {
    const res = await db
      .collection(COLLECTIONS.complaints)
      .where({ createdAt: _.gte(since) })
      .orderBy('createdAt', 'asc')
      .skip(all.length)
      .limit(PAGE)
      .get();
    page = res.data as ComplaintDoc[];
  }
  return all
    .filter((c) => c.companyId)
    .map((c) => ({
      companyId: c.companyId!,
      tier: c.tier,
      filedAt: c.createdAt,
      steps: c.timeline.filter((e) => e.action !== 'create' && e.action !== 'me_too') as CreditComplaint['steps'],
      stars: c.rating?.stars ?? null,
    }));
}

async function computeScores(db: Database, now: Date, inputs: ScoreInputs): Promise<ScoreDoc> {
  const companies = inputs.companies;
  const households = new Map<string, number>();
  for (const c of inputs.compounds) {
    if (c.propertyCompanyId)
      households.set(c.propertyCompanyId, (households.get(c.propertyCompanyId) ?? 0) + c.households);
  }
  const credits = companies.map((u) => ({ id: u._id, households: households.get(u._id) ?? 0 }));
  const complaints = await creditComplaints(db, creditSince(now), inputs.complaints);
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

/** The stored scores, read with the caller. */
const scoresLookup = (): Lookups => ({ scores: { collection: COLLECTIONS.creditScores, ids: [SCORE_DOC_ID] } });

/**
 * The scores the hourly timer stored; before it has ever run (a new environment) they are computed for this answer —
 * with the caller in one more read — so the page never waits an hour. A read never writes: storing is the timer's.
 */
async function storedScores(db: Database, caller: Caller, now: Date, stored: unknown[]): Promise<ScoreDoc> {
  const cached = stored[0] as ScoreDoc | undefined;
  if (cached) return cached;
  return computeScores(db, now, await readScoreInputs(db, now, caller.openid));
}

const withoutId = <T extends { _id: string }>(doc: T): Omit<T, '_id'> => {
  const { _id, ...rest } = doc;
  return rest;
};

// ── hotspots ─────────────────────────────────────────────────────────────────────────────────────────────────

/** A community's complaints filed in the window ending now, read with the caller (the hotspots' input). */
const windowLookups = (communityId: string, now: Date, windowDays: number): Lookups => ({
  community: { collection: COLLECTIONS.places, ids: [communityId] },
  complaints: {
    collection: COLLECTIONS.complaints,
    where: {
      communityId,
      createdAt: getDb().command.gte(new Date(now.getTime() - windowDays * 86_400_000).toISOString()),
    },
    orderBy: ['createdAt', 'asc'],
    limit: PAGE,
  },
});

function hotspotsAmong(complaints: ComplaintDoc[], now: Date, windowDays: number, threshold: number) {
  return detectHotspots(
    complaints.map((c) => ({
      id: c._id,
      category: c.category,
      compoundId: c.compoundId,
      gridId: c.gridId,
      filedAt: c.createdAt,
      households: 1 + c.supporters.length,
      open: isOpen(c),
    })),
    { now, windowDays, threshold },
  );
}

/** Staff of the community named, or of its street; the community comes with the caller (lookup `community`). */
const staffOfCommunity = async (input: { communityId: string }, { loaded }: AccessContext) => {
  const community = loaded.community?.[0] as Place | undefined;
  if (!community || community.kind !== 'community') throw new AppError('NOT_FOUND', '找不到这个社区');
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
      reads: fileLookups,
      async handler(input, { caller, db, now, loaded }) {
        const user = caller.user!;
        const photos = ownPhotos(caller, input.photos);
        const building = loaded.building[0] as Building | undefined;
        const community = loaded.community[0] as Community | undefined;
        const compound = loaded.compound[0] as Compound | undefined;
        if (!building || building.kind !== 'building' || !community || !compound) {
          throw new AppError('NOT_FOUND', '找不到这个楼栋');
        }
        if (building.compoundId !== user.compoundId) throw new AppError('FORBIDDEN', '只能投诉您所住小区的物业');
        const at = now();
        // A retried request finds the complaint it filed.
        const filed = loaded.mine[0] as ComplaintDoc | undefined;
        if (filed) return toDetail(filed, caller, at);

        // Numbered complaints: the open one, if any, is always the latest (a new one is filed only after it closed).
        const latest = loaded.latest[0] as ComplaintDoc | undefined;
        const companyId = compound.propertyCompanyId;
        const companyName = compound.propertyCompanyName;
        const complaintAt = (seq: number): ComplaintDoc => {
          const id = complaintIdOf(compound._id, input.category, seq);
          const start = newComplaint(input.category, companyId, at);
          return {
            _id: id,
            seq,
            requestId: input.requestId,
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
            buildingId: building._id,
            buildingName: building.name,
            companyId,
            companyName,
            departmentId: null,
            departmentName: '',
            handlerId: companyId ?? community._id,
            category: input.category,
            tier: start.tier,
            description: input.description,
            photos,
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
            proactiveOrderId: (loaded.proactiveOrder[0] as { _id: string } | undefined)?._id ?? null,
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
        };

        // The open complaint to join, or the number of the one to file. Each turn is one write; a turn is taken
        // again only when someone else changed the complaint in between (a neighbour filed it first, it closed).
        let next: ComplaintDoc | number = latest && isOpen(latest) ? latest : (latest?.seq ?? 0) + 1;
        for (let turn = 0; turn < 5; turn += 1) {
          if (typeof next !== 'number') {
            const holder: ComplaintDoc = next;
            // This very request, run twice at once: the twin filed it.
            if (holder.filerId === caller.openid && holder.requestId === input.requestId) {
              return toDetail(holder, caller, at);
            }
            assertMayJoin(holder, caller);
            const joined = await join(db, holder, caller, at);
            if (joined) return toDetail(joined, caller, at);
            next = await reread(db, holder, latest);
            continue;
          }
          const doc = complaintAt(next);
          const notices = noticesOf(
            `${doc._id}-e1`,
            {
              audiences: [companyId ? { kind: 'unit', id: companyId } : { kind: 'community_staff', id: community._id }],
              subject: { type: 'complaint', id: doc._id },
              title: `新投诉：${COMPLAINT_CATEGORIES[input.category].label}`,
              body: `${compound.name}，${Array.from(input.description).slice(0, 30).join('')}`,
            },
            doc.createdAt,
          );
          // The complaint and its notice are one document: written together or not at all.
          if (await insertOnce(db, COLLECTIONS.complaints, { ...doc, ...outboxOf(notices) })) {
            return toDetail(doc, caller, at);
          }
          // A neighbour filed it a moment earlier: join it straight away (the update checks what 附议 needs).
          const joined = await join(db, doc, caller, at);
          if (joined) return toDetail(joined, caller, at);
          next = await reread(db, doc, latest);
        }
        throw new AppError('CONFLICT', '同类投诉正在提交，请稍后再试');
      },
    },

    meToo: {
      access: aboutComplaint((complaint) => complaint),
      async handler(_input, { caller, db, now, subject }) {
        const at = now();
        const complaint = subject as ComplaintDoc;
        assertMayJoin(complaint, caller);
        // Two taps (or two devices) add him once: the second finds the condition false.
        const joined = await join(db, complaint, caller, at);
        if (!joined) throw new AppError('CONFLICT', '您已附议');
        return toDetail(joined, caller, at);
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
      (input, { complaint, caller, now }) => {
        const photos = ownPhotos(caller, input.photos);
        return {
          reason: input.notes,
          photos,
          set: { answer: { level: complaint.level, notes: input.notes, photos, at: now.toISOString() } },
        };
      },
    ),

    satisfied: stepAction('satisfied'),

    notSatisfied: stepAction<{ complaintId: string; reason: string; photos?: string[] }>(
      'not_satisfied',
      (input, { caller }) => ({ reason: input.reason, photos: ownPhotos(caller, input.photos) }),
    ),

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
      // His compound (for its company) and the stored scores, with him in one read.
      reads: () => ({
        ...scoresLookup(),
        compound: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
      }),
      async handler(input, { caller, db, now, loaded }) {
        const compound = loaded.compound[0] as Compound | undefined;
        const scores = await storedScores(db, caller, now(), loaded.scores);
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
      // The stored scores and, for one street, the units serving it, with the caller in one read.
      reads: (input) => ({
        ...scoresLookup(),
        ...(input.streetId && {
          serving: { collection: COLLECTIONS.units, where: { streetIds: input.streetId }, limit: PAGE },
        }),
      }),
      async handler(input, { caller, db, now, loaded }) {
        const scores = await storedScores(db, caller, now(), loaded.scores);
        let ranking = scores.ranking;
        if (input.streetId) {
          const serving = new Set((loaded.serving as Unit[]).map((u) => u._id));
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
      // The community, its complaints in the window and its grids (to name grid hotspots), with the caller.
      reads: (input, { now }) => ({
        ...windowLookups(input.communityId, now, input.windowDays ?? HOTSPOT_DEFAULTS.windowDays),
        grids: {
          collection: COLLECTIONS.places,
          where: { kind: 'grid', communityId: input.communityId },
          orderBy: ['name', 'asc'],
          limit: PAGE,
        },
      }),
      async handler(input, { now, loaded }) {
        const windowDays = input.windowDays ?? HOTSPOT_DEFAULTS.windowDays;
        const threshold = input.threshold ?? HOTSPOT_DEFAULTS.threshold;
        const complaints = loaded.complaints as ComplaintDoc[];
        const hotspots = hotspotsAmong(complaints, now(), windowDays, threshold);
        const byId = new Map(complaints.map((c) => [c._id, c]));
        const names = new Map(complaints.flatMap((c) => [[c.compoundId, c.compoundName] as const]));
        const grids = new Map((loaded.grids as Grid[]).map((g) => [g._id, g]));
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
      // The community and its complaints in the window, with the caller: the hotspot is recomputed from them.
      reads: (input, { now }) => ({
        ...windowLookups(input.communityId, now, input.windowDays),
        // an open order already opened for this hotspot (by another request, maybe one cut short before linking)
        hotspotOrder: {
          collection: COLLECTIONS.orders,
          where: { 'origin.hotspotKey': input.hotspotKey, status: getDb().command.in(OPEN_ORDER_STATES) },
          limit: 1,
        },
      }),
      async handler(input, { caller, db, now, subject, loaded }) {
        const at = now();
        const community = subject as Community;
        // Recomputed: a hotspot the page showed but that no longer stands (or never did) is refused.
        const complaints = loaded.complaints as ComplaintDoc[];
        const hotspot = hotspotsAmong(complaints, at, input.windowDays, HOTSPOT_LIMITS.minThreshold).find(
          (h) => h.key === input.hotspotKey,
        );
        if (!hotspot) throw new AppError('NOT_FOUND', '该热点已不存在，请刷新');
        const members = complaints.filter((c) => hotspot.complaintIds.includes(c._id));
        // The request id makes the order's id: a retry finds the order the first attempt wrote.
        const id = stableId('ord', caller.openid, input.requestId);
        const unlinked = members.filter((c) => !c.proactiveOrderId).map((c) => c._id);
        const existing =
          members.find((c) => c.proactiveOrderId)?.proactiveOrderId ??
          (loaded.hotspotOrder[0] as { _id: string } | undefined)?._id;
        if (existing && existing !== id) {
          // Another request opened it. If that one was cut short before its links, finish them for it (the order
          // and its notices are written): nobody is left with an unlinked order or a second one for the hotspot.
          if (unlinked.length) await linkComplaints(db, unlinked, existing);
          throw new AppError('CONFLICT', '已为该热点开过工单');
        }
        // A retry of a request that finished: the order is written and every complaint links to it.
        if (unlinked.length === 0) return { orderId: id };

        const compoundId = hotspot.compoundIds[0];
        // The order is placed at a complaint's building; the complaint keeps what the order needs of its places.
        const first = members.find((c) => c.compoundId === compoundId)!;
        const building: Building = {
          _id: first.buildingId,
          kind: 'building',
          name: first.buildingName,
          streetId: first.streetId,
          communityId: first.communityId,
          compoundId: first.compoundId,
          gridId: first.gridId,
        };
        const category =
          findCategory(input.categoryId ?? COMPLAINT_CATEGORIES[hotspot.category].serviceCategoryId) ??
          findCategory('other')!;
        const households = [...new Set(members.flatMap((c) => [c.filerId, ...c.supporters]))];
        // First the order with its notices (one document: both or neither), then the links, in one update of every
        // complaint not linked yet. A crash between leaves the order unlinked: the retry of this request finds the
        // order already there (its id is the request's) and writes the links; so does anyone else's request to open
        // an order for the same hotspot (it finds this order with the caller).
        await openOrder(
          db,
          {
            id,
            resident: { id: caller.openid, name: caller.user!.name, phone: '', role: 'community_staff' },
            building,
            community,
            // The compound's company as the complaint recorded it when filed (within the window).
            propertyCompanyId: first.companyId,
            address: '未诉先办',
            category,
            description: input.description,
            photos: [],
            preferredTime: 'anytime',
            contact: 'message',
            privateContact: true,
            origin: { kind: 'hotspot', hotspotKey: hotspot.key, complaintCategory: hotspot.category, compoundId },
            at,
          },
          {
            notice: {
              // The whole compound hears what the community is doing; those who complained, by name too.
              audiences:
                input.notify === false
                  ? []
                  : [
                      { kind: 'compound_residents', id: compoundId },
                      ...households.map((h): Audience => ({ kind: 'user', id: h })),
                    ],
              title: `社区已主动办理：${COMPLAINT_CATEGORIES[hotspot.category].label}`,
              body: input.description,
            },
          },
        );
        await linkComplaints(db, unlinked, id);
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
        const at = now();
        const scores = await computeScores(db, at, await readScoreInputs(db, at));
        await db.collection(COLLECTIONS.creditScores).doc(SCORE_DOC_ID).set(withoutId(scores));
        return { companies: scores.ranking.length };
      },
    },
  },
);

/** The order states in which a proactive order (未诉先办) is still open: a new complaint links to it. */
const OPEN_ORDER_STATES = ['submitted', 'dispatched', 'accepted', 'published', 'completed'];

/**
 * What filing reads, with the caller in one round trip: the building (his own unless he names one), his community
 * and compound (the compound keeps its company's name), a complaint he filed with this request (a retry), the open
 * complaint of his compound in this category (to join) and the latest one (whose number the next one takes), and
 * the open proactive order for them (未诉先办: a new complaint links to it).
 */
function fileLookups(
  input: { requestId: string; category: ComplaintCategory; buildingId?: string },
  { openid }: { openid: string },
): Lookups {
  const _ = getDb().command;
  const ofCompound = { collection: COLLECTIONS.complaints, callerField: 'compoundId', field: 'compoundId' } as const;
  return {
    building: input.buildingId
      ? { collection: COLLECTIONS.places, ids: [input.buildingId] }
      : { collection: COLLECTIONS.places, callerField: 'buildingId', field: '_id' },
    community: { collection: COLLECTIONS.places, callerField: 'communityId', field: '_id' },
    compound: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
    mine: { collection: COLLECTIONS.complaints, where: { filerId: openid, requestId: input.requestId }, limit: 1 },
    latest: { ...ofCompound, where: { category: input.category }, orderBy: ['seq', 'desc'], limit: 1 },
    proactiveOrder: {
      collection: COLLECTIONS.orders,
      callerField: 'compoundId',
      field: 'origin.compoundId',
      where: { 'origin.complaintCategory': input.category, status: _.in(OPEN_ORDER_STATES) },
      limit: 1,
    },
  };
}

/** Whether the caller may join (附议) this complaint: open, of his compound, neither his own nor joined already. */
function assertMayJoin(c: ComplaintDoc, caller: Caller): void {
  const check = checkMeToo({
    state: c.status,
    complaintCompoundId: c.compoundId,
    callerCompoundId: caller.user?.compoundId ?? '',
    isFiler: c.filerId === caller.openid,
    alreadySupporter: c.supporters.includes(caller.openid),
  });
  if (!check.ok) throw new AppError(check.code, check.message);
}

/**
 * 附议 as one conditional update that returns the complaint as it now is: the caller joins an open complaint of his
 * own compound that is not his and that he has not joined yet — counted, told of every step, and in its timeline
 * (me_too). Null when the complaint is not (or no longer) so, or no longer where the caller last saw it.
 *
 * The entry's id is his own (one 附议 per neighbour), not the next number, and the version stays: a neighbour
 * joining does not make a handler's step computed meanwhile fail, nor take the number that step will write.
 */
async function join(
  db: Database,
  seen: Pick<ComplaintDoc, '_id' | 'status' | 'level'>,
  caller: Caller,
  at: Date,
): Promise<ComplaintDoc | null> {
  const _ = db.command;
  const iso = at.toISOString();
  const entry: EventDoc = {
    id: stableId('me', seen._id, caller.openid),
    action: 'me_too',
    from: seen.status,
    to: seen.status,
    fromLevel: seen.level,
    toLevel: seen.level,
    role: 'resident',
    actorId: caller.openid,
    actorName: caller.user?.name ?? '',
    at: iso,
    reason: '',
    photos: [],
  };
  const res = (await db
    .collection(COLLECTIONS.complaints)
    .where({
      _id: seen._id,
      status: seen.status,
      level: seen.level,
      compoundId: caller.user?.compoundId ?? '',
      filerId: _.neq(caller.openid),
      supporters: _.neq(caller.openid),
    })
    .updateAndReturn({ supporters: _.addToSet(caller.openid), timeline: _.push([entry]), updatedAt: iso })) as {
    updated?: number;
    doc?: ComplaintDoc | null;
  };
  return res.updated === 1 && res.doc ? res.doc : null;
}

/**
 * The complaint again, after a write conditioned on it failed: still open (to join, or to say why he cannot), or
 * closed — then the next complaint's number.
 */
/** Links complaints not linked yet to a proactive order, in one conditional update. */
async function linkComplaints(db: Database, ids: string[], orderId: string): Promise<void> {
  await db
    .collection(COLLECTIONS.complaints)
    .where({ _id: db.command.in(ids), proactiveOrderId: null })
    .update({ proactiveOrderId: orderId });
}

async function reread(db: Database, c: ComplaintDoc, latest: ComplaintDoc | undefined): Promise<ComplaintDoc | number> {
  const fresh = await findComplaint(db, c._id);
  if (fresh && isOpen(fresh)) return fresh;
  return Math.max(fresh?.seq ?? c.seq, latest?.seq ?? 0) + 1;
}

export const main = cloudMain(complaints);
