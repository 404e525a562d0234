/** After the meeting: its minutes and resolutions, and a resolution turned into a service order (决议转工单). */
import {
  TOPIC_STATES,
  checkResolutionToOrder,
  meetingTransition,
  minutesRecipients,
} from '../../../miniprogram/shared/councils/machine';
import { AppError } from '../../../miniprogram/shared/errors';
import { findCategory } from '../../../miniprogram/shared/orders/catalogue';
import type { Building, Community, Compound, Place } from '../../../miniprogram/shared/schemas/places';
import { COLLECTIONS, type Database } from '../../lib/db';
import { attachPhotos, reviewFields } from '../../lib/media';
import { noticesOf } from '../../lib/notify';
import { openOrder } from '../../lib/orders';
import { stableId } from '../../lib/records';
import { organisesMeeting, type CouncilAction, type Organising } from '../access';
import { agendaCheckAt, agendaReads, discussTopics, withoutLost } from '../agenda';
import { agendaStep } from '../agenda-step';
import {
  councilPhotos,
  event,
  refusalOf,
  resolutionOrderId,
  users,
  type MeetingDoc,
  type ResolutionDoc,
} from '../model';
import { moved, toDetail } from '../views';

/**
 * The minutes and resolutions in one compare-and-set on the meeting, with every notice they owe in its outbox
 * (the attendees and the topics' people; each settled topic's own 已议定 notice); then the agenda's topics are
 * settled (已议定) in one update.
 */
export const publishMinutes: CouncilAction<'publishMinutes'> = {
  access: organisesMeeting,
  reads: agendaReads,
  async handler(input, ctx) {
    const { caller, db } = ctx;
    // The photos go for review only for minutes the meeting's state allows (the step checks again as it writes).
    const { doc: meeting, role } = ctx.subject as Organising<MeetingDoc>;
    const snapshot = { state: meeting.status, startAt: meeting.startAt };
    const allowed = meetingTransition(snapshot, 'publish_minutes', role, { at: ctx.now() });
    if (!allowed.ok) throw refusalOf(allowed);
    const target = councilPhotos('meeting', meeting._id);
    const { photos, reviews } = await attachPhotos(db, caller, target, input.photos, ctx.now());
    return agendaStep(ctx, agendaReads(input), [], (m, ready, { role, at, iso }) => {
      const { topics, agenda } = ready;
      const step = meetingTransition({ state: m.status, startAt: m.startAt }, 'publish_minutes', role, { at });
      if (!step.ok) throw refusalOf(step);
      const resolutions: ResolutionDoc[] = input.resolutions.map((r, i) => ({
        id: `${m._id}-r${i + 1}`,
        text: r.text,
        topicId: r.topicId ?? null,
        orderId: null,
      }));
      // The agenda's topics are settled (已议定); their proposers and backers hear of it with the attendees.
      const settled = agenda.settled.filter((t) => t.status === 'accepted');
      const e = event(m, 'publish_minutes', m.status, step.to, role, caller, iso);
      const records = [
        ...noticesOf(
          e.id,
          {
            audiences: users(minutesRecipients(m.attended, agenda.settled)),
            subject: { type: 'meeting', id: m._id },
            title: `议事会纪要已公开：${m.title}`,
            body: `${resolutions.length}项决议`,
          },
          iso,
        ),
        ...settled.flatMap((t) =>
          noticesOf(
            `${e.id}-${t._id}`,
            {
              audiences: users([t.proposerId, ...t.backers]),
              subject: { type: 'topic', id: t._id },
              title: `议题${TOPIC_STATES.discussed.label}：${t.title}`,
              body: '',
            },
            iso,
          ),
        ),
      ];
      return {
        fields: {
          status: step.to,
          minutes: { text: input.minutes, photos, publishedAt: iso },
          ...reviewFields(reviews),
          resolutions,
          ...(settled.length || agenda.lost.length ? { agendaCheckAt: agendaCheckAt(at) } : {}),
          ...(agenda.lost.length ? { agenda: withoutLost(m, agenda.lost) } : {}),
        },
        event: e,
        records,
        then: async (after) => {
          const ids = settled.map((t) => t._id);
          await discussTopics(db, after, ids, { role: 'system', caller: null }, iso);
          return toDetail(after, caller, at, moved(topics, ids, { status: 'discussed' }));
        },
      };
    });
  },
};

/**
 * ONE write: the order goes in under an id that is its resolution's, so the insert itself lets one order per
 * resolution through — no claim on the meeting first, nothing half written. `requestKey` tells a retry of the
 * same request (answered with its order) from another request for the same resolution (refused).
 */
export const resolutionToOrder: CouncilAction<'resolutionToOrder'> = {
  access: organisesMeeting,
  // the resolution's order, if it has one already
  reads: (input) => ({
    order: { collection: COLLECTIONS.orders, ids: [resolutionOrderId(input.meetingId, input.resolutionId)] },
  }),
  async handler(input, { caller, db, now, subject, loaded }) {
    const { doc: m, role } = subject as Organising<MeetingDoc>;
    const at = now();
    const index = m.resolutions.findIndex((r) => r.id === input.resolutionId);
    if (index < 0) throw new AppError('NOT_FOUND', '找不到这项决议');
    const resolution = m.resolutions[index];
    // A resolution claimed the earlier way (its order's id written on the meeting first, then the order): only
    // the request that claimed it may go on to write that order.
    const claimedBefore = stableId('ord', caller.openid, input.requestId);
    const retry = resolution.orderId !== null && resolution.orderId === claimedBefore;
    const check = retry ? ({ ok: true } as const) : checkResolutionToOrder(m.status, resolution);
    if (!check.ok) throw refusalOf(check);
    const id = retry ? claimedBefore : resolutionOrderId(m._id, resolution.id);
    const requestKey = stableId('rtq', caller.openid, input.requestId);
    const made = loaded.order[0] as { requestKey?: string } | undefined;
    if (made && !retry) {
      if (made.requestKey === requestKey) return { orderId: id };
      throw new AppError('CONFLICT', '该决议已转为工单');
    }
    const { building, community, compound } = await orderPlaceOf(db, m);
    const { created } = await openOrder(
      db,
      {
        id,
        resident: { id: caller.openid, name: caller.user!.name, phone: '', role },
        building,
        community,
        propertyCompanyId: compound?.propertyCompanyId ?? null,
        address: `议事会决议：${m.title}`,
        category: findCategory(input.categoryId)!,
        description: input.description ?? resolution.text,
        photos: [],
        preferredTime: 'anytime',
        contact: 'message',
        privateContact: true,
        origin: { kind: 'resolution', meetingId: m._id, resolutionId: input.resolutionId },
        at,
      },
      { stored: { requestKey } },
    );
    if (created || retry) return { orderId: id };
    const existing = await db.collection(COLLECTIONS.orders).where({ _id: id }).limit(1).get();
    if ((existing.data[0] as { requestKey?: string } | undefined)?.requestKey === requestKey) return { orderId: id };
    throw new AppError('CONFLICT', '该决议已转为工单');
  },
};

/**
 * Where a resolution's order is: the meeting's own building, or the first of its grid or community — with its
 * compound (the property company) and community, in ONE aggregate. (They hang off the meeting document, not the
 * input, so they cannot come with the caller's read.)
 */
async function orderPlaceOf(
  db: Database,
  m: MeetingDoc,
): Promise<{ building: Building; community: Community; compound: Compound | undefined }> {
  const where: Record<string, unknown> = m.buildingId
    ? { _id: m.buildingId }
    : { kind: 'building', communityId: m.communityId, ...(m.gridId ? { gridId: m.gridId } : {}) };
  const res = (await db
    .collection(COLLECTIONS.places)
    .aggregate()
    .match(where)
    .sort({ name: 1 })
    .limit(1)
    .lookup({ from: COLLECTIONS.places, localField: 'compoundId', foreignField: '_id', as: 'compound' })
    .lookup({ from: COLLECTIONS.places, localField: 'communityId', foreignField: '_id', as: 'community' })
    .end()) as { data?: Array<Building & { compound: Place[]; community: Place[] }> };
  const row = res.data?.[0];
  if (!row) throw new AppError('NOT_FOUND', '该范围内没有楼栋');
  const { compound, community, ...building } = row;
  return {
    building: building as Building,
    community: community[0] as Community,
    compound: compound[0]?.kind === 'compound' ? (compound[0] as Compound) : undefined,
  };
}
