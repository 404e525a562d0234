/**
 * 未诉先办: hotspots — the same kind of complaint from many households of a compound or grid (shared/complaints/
 * hotspots finds them) — and the one order the community opens for a hotspot (lib/orders' `openOrder`, as every
 * origin does), linked from its complaints.
 *
 * Opening spans two writes: the order is inserted, then its complaints are linked in one update — a crash between
 * is repaired by the retry of the same request (the order's id is the request's), or by anyone's next request to
 * open an order for the same hotspot.
 */
import type { complaintsActions } from '../../../miniprogram/shared/api/complaints';
import { AppError } from '../../../miniprogram/shared/errors';
import { HOTSPOT_DEFAULTS, HOTSPOT_LIMITS, detectHotspots } from '../../../miniprogram/shared/complaints/hotspots';
import { COMPLAINT_CATEGORIES } from '../../../miniprogram/shared/complaints/machine';
import { findCategory } from '../../../miniprogram/shared/orders/catalogue';
import type { Building, Community, Grid } from '../../../miniprogram/shared/schemas/places';
import { roles } from '../../lib/access';
import type { Lookups } from '../../lib/caller';
import { COLLECTIONS, getDb, type Database } from '../../lib/db';
import type { Audience } from '../../lib/notify';
import { openOrder } from '../../lib/orders';
import { stableId } from '../../lib/records';
import type { ActionImpl } from '../../lib/router';
import { staffOfCommunity } from '../access';
import { OPEN_ORDER_STATES, PAGE, isOpen, type ComplaintDoc } from '../model';

type Spec = typeof complaintsActions;

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

/** Links complaints not linked yet to a proactive order, in one conditional update. */
async function linkComplaints(db: Database, ids: string[], orderId: string): Promise<void> {
  await db
    .collection(COLLECTIONS.complaints)
    .where({ _id: db.command.in(ids), proactiveOrderId: null })
    .update({ proactiveOrderId: orderId });
}

export const hotspots: ActionImpl<Spec['hotspots']> = {
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
};

export const openProactiveOrder: ActionImpl<Spec['openProactiveOrder']> = {
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
};
