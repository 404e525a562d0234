/**
 * What callers see of complaints: a summary (one line of a list), the detail, and the lists' queries. Residents in
 * a complaint are shown as privacy.ts lets the caller see them.
 */
import { channelTag } from '../../miniprogram/shared/intake';
import type { ComplaintDetail, ComplaintSummary } from '../../miniprogram/shared/api/complaints';
import { availableActions } from '../../miniprogram/shared/complaints/capabilities';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATES,
  isComplaintOverdue,
  levelLabel,
  stepLabel,
} from '../../miniprogram/shared/complaints/machine';
import { lookerOf, photoNote, visiblePhotos } from '../../miniprogram/shared/photo-review';
import { seenBy, shownName, widestViewer, type Person, type Viewer } from '../../miniprogram/shared/privacy';
import { roleLabel, type Role } from '../../miniprogram/shared/roles';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { pageOf, type SortKey } from '../lib/paging';
import type { ActionContext } from '../lib/router';
import { relations, type Relation } from './access';
import { CLOSED, snapshot, type ComplaintDoc } from './model';

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

/** What the caller may do with the complaint now, as core decides it from who he is to it. */
const actionsOf = (c: ComplaintDoc, caller: Caller) =>
  availableActions(
    { state: c.status, level: c.level, compoundId: c.compoundId },
    {
      roles: relations(caller, c).filter((r): r is Role => r !== 'supporter'),
      compoundId: caller.user?.compoundId ?? '',
      isFiler: c.filerId === caller.openid,
      isSupporter: c.supporters.includes(caller.openid),
    },
  );

export function toSummary(c: ComplaintDoc, caller: Caller, now: Date): ComplaintSummary {
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
    channelTag: channelTag(c.channel),
    actions: actionsOf(c, caller),
  };
}

export function toDetail(c: ComplaintDoc, caller: Caller, now: Date): ComplaintDetail {
  const filer = seenBy(viewerFor(c, caller, c.filerId), filerOf(c));
  const looker = lookerOf(caller.openid, viewerFor(c, caller, ''));
  const shown = (photos: readonly string[]) => visiblePhotos(photos, c.photoReviews, looker);
  return {
    ...toSummary(c, caller, now),
    description: c.description,
    photos: shown(c.photos),
    photoNote: photoNote(c.photoReviews, looker),
    publicName: c.publicName,
    resident: filer.name !== null && filer.phone !== null ? { name: filer.name, phone: filer.phone } : null,
    community: { id: c.communityId, name: c.communityName },
    company: c.companyId ? { id: c.companyId, name: c.companyName } : null,
    department: c.departmentId ? { id: c.departmentId, name: c.departmentName } : null,
    answer: c.answer && { ...c.answer, photos: shown(c.answer.photos) },
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
      photos: shown(e.photos),
    })),
    proactiveOrderId: c.proactiveOrderId,
  };
}

// ── lists ────────────────────────────────────────────────────────────────────────────────────────────────────

export const page = (db: Database, where: Record<string, unknown>, order: SortKey, cursor: number | undefined) =>
  pageOf<ComplaintDoc>(db, COLLECTIONS.complaints, where, order, cursor);

/** An inbox as the caller sees it: new (to acknowledge), overdue, open or closed, the most urgent first. */
export async function inbox(
  { caller, db, now }: Pick<ActionContext, 'caller' | 'db' | 'now'>,
  where: Record<string, unknown>,
  filter: 'new' | 'overdue' | 'open' | 'closed' | undefined,
  cursor: number | undefined,
) {
  const _ = db.command;
  const at = now();
  const f = filter ?? 'open';
  const w: Record<string, unknown> = { ...where };
  if (f === 'new') w.status = 'filed';
  else if (f === 'closed') w.status = _.in(CLOSED);
  else w.status = _.in(['filed', 'acknowledged']);
  if (f === 'overdue') w.deadline = _.lt(at.toISOString());
  const { docs, nextCursor } = await page(db, w, f === 'closed' ? ['updatedAt', 'desc'] : ['deadline', 'asc'], cursor);
  return { items: docs.map((d) => toSummary(d, caller, at)), nextCursor };
}
