/**
 * 投诉 and 附议. One open complaint per compound and category, without a lock document: a filer reads the latest
 * one with his own record; when it is closed (or there is none) he inserts number n + 1 (model's `complaintIdOf`)
 * — two neighbours filing at the same moment compute the same id, one insert wins and the other joins it (附议)
 * with one conditional update.
 */
import type { complaintsActions } from '../../../miniprogram/shared/api/complaints';
import { AppError } from '../../../miniprogram/shared/errors';
import { checkMeToo, meTooRefusalText } from '../../../miniprogram/shared/complaints/capabilities';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../../../miniprogram/shared/complaints/machine';
import type { Building, Community, Compound } from '../../../miniprogram/shared/schemas/places';
import { ownPhotos, resident } from '../../lib/access';
import type { Caller, Lookups } from '../../lib/caller';
import { COLLECTIONS, getDb, type Database } from '../../lib/db';
import { attachPhotos, type PhotoReviews } from '../../lib/media';
import { noticesOf } from '../../lib/notify';
import { outboxOf } from '../../lib/outbox';
import { insertOnce, stableId } from '../../lib/records';
import type { ActionImpl } from '../../lib/router';
import { aboutComplaint } from '../access';
import {
  OPEN_ORDER_STATES,
  complaintIdOf,
  complaintPhotos,
  findComplaint,
  isOpen,
  newComplaintDoc,
  type ComplaintDoc,
  type EventDoc,
  type Filing,
} from '../model';
import { toDetail } from '../views';

type Spec = typeof complaintsActions;

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
async function reread(db: Database, c: ComplaintDoc, latest: ComplaintDoc | undefined): Promise<ComplaintDoc | number> {
  const fresh = await findComplaint(db, c._id);
  if (fresh && isOpen(fresh)) return fresh;
  return Math.max(fresh?.seq ?? c.seq, latest?.seq ?? 0) + 1;
}

/**
 * Files the complaint (or joins the open one of its compound and category) for `filing.caller` — the resident
 * himself, or a member staff take it down for (代办): the photos are the uploader's, the answer is the viewer's.
 * `stored` are fields kept with a new complaint for how it was taken (its intake channel).
 */
export async function fileOrJoin(
  db: Database,
  filing: Filing,
  latest: ComplaintDoc | undefined,
  { uploader, viewer, stored = {} }: { uploader: Caller; viewer: Caller; stored?: Partial<ComplaintDoc> },
) {
  const { caller: filer, community, compound, at } = filing;
  // The open complaint to join, or the number of the one to file. Each turn is one write; a turn is taken
  // again only when someone else changed the complaint in between (a neighbour filed it first, it closed).
  let next: ComplaintDoc | number = latest && isOpen(latest) ? latest : (latest?.seq ?? 0) + 1;
  // Photos go for review with the id they will be kept under (again only if a later turn files another number).
  let reviewed: { id: string; reviews: PhotoReviews } | undefined;
  for (let turn = 0; turn < 5; turn += 1) {
    if (typeof next !== 'number') {
      const holder: ComplaintDoc = next;
      // This very request, run twice at once: the twin filed it.
      if (holder.filerId === filer.openid && holder.requestId === filing.requestId) {
        return toDetail(holder, viewer, at);
      }
      assertMayJoin(holder, filer);
      const joined = await join(db, holder, filer, at);
      if (joined) return toDetail(joined, viewer, at);
      next = await reread(db, holder, latest);
      continue;
    }
    const id = complaintIdOf(compound._id, filing.category, next);
    if (reviewed?.id !== id) {
      const { reviews } = await attachPhotos(db, uploader, complaintPhotos(id), filing.photos, at);
      reviewed = { id, reviews };
    }
    const doc: ComplaintDoc = { ...newComplaintDoc(filing, next), photoReviews: reviewed.reviews, ...stored };
    const notices = noticesOf(
      `${doc._id}-e1`,
      {
        audiences: [
          doc.companyId ? { kind: 'unit', id: doc.companyId } : { kind: 'community_staff', id: community._id },
        ],
        subject: { type: 'complaint', id: doc._id },
        title: `新投诉：${COMPLAINT_CATEGORIES[filing.category].label}`,
        body: `${compound.name}，${Array.from(filing.description).slice(0, 30).join('')}`,
      },
      doc.createdAt,
    );
    // The complaint and its notice are one document: written together or not at all.
    if (await insertOnce(db, COLLECTIONS.complaints, { ...doc, ...outboxOf(notices) })) {
      return toDetail(doc, viewer, at);
    }
    // A neighbour filed it a moment earlier: join it straight away (the update checks what 附议 needs).
    const joined = await join(db, doc, filer, at);
    if (joined) return toDetail(joined, viewer, at);
    next = await reread(db, doc, latest);
  }
  throw new AppError('CONFLICT', '同类投诉正在提交，请稍后再试');
}

export const file: ActionImpl<Spec['file']> = {
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
    const filing: Filing = {
      caller,
      requestId: input.requestId,
      category: input.category,
      description: input.description,
      photos,
      publicName: input.publicName ?? false,
      building,
      community,
      compound,
      proactiveOrderId: (loaded.proactiveOrder[0] as { _id: string } | undefined)?._id ?? null,
      at,
    };

    return fileOrJoin(db, filing, latest, { uploader: caller, viewer: caller });
  },
};

export const meToo: ActionImpl<Spec['meToo']> = {
  access: aboutComplaint((complaint) => complaint),
  async handler(_input, { caller, db, now, subject }) {
    const at = now();
    const complaint = subject as ComplaintDoc;
    assertMayJoin(complaint, caller);
    // Two taps (or two devices) add him once: the second finds the condition false.
    const joined = await join(db, complaint, caller, at);
    if (!joined) throw new AppError('CONFLICT', meTooRefusalText('joined'));
    return toDetail(joined, caller, at);
  },
};
