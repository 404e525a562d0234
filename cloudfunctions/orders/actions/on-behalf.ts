/**
 * 代办: community staff and grid workers take an order down for a resident who phoned or came in (保留必要的线下办事
 * 服务渠道) — for a member of the community, whose order it then is (his lists, his notices, his rating), or for a
 * resident recorded by name and phone, whose part staff keep (they record the rating he gives by phone). The order is
 * opened exactly as a resident's own (../opening.ts); only who it is for and who took it down differ.
 *
 * Scope comes from the caller's grants, never from the request: staff act in their community, a grid worker in his
 * grid — for the place of the matter and for the member alike.
 */
import { AppError } from '../../../miniprogram/shared/errors';
import { INTAKE_ROLES, intakeRoleAt, RECORDED_BY_STAFF, staffRecordsRating } from '../../../miniprogram/shared/intake';
import { seenBy } from '../../../miniprogram/shared/privacy';
import { present, relatedTo, roles } from '../../lib/access';
import type { Building } from '../../../miniprogram/shared/schemas/places';
import { actorName, type Caller, type UserDoc } from '../../lib/caller';
import { COLLECTIONS } from '../../lib/db';
import type { OrderDoc, RatingDoc } from '../../lib/orders';
import { intakeMember, intakeReads, intakeScope, takenByOf, type IntakePlace } from '../../lib/intake';
import { pageOf } from '../../lib/paging';
import { loadPlaces, stableId } from '../../lib/records';
import { relations } from '../access';
import type { OrdersImpl } from '../model';
import { openRequested, orderPlace } from '../opening';
import { step } from '../step';
import { toDetail } from '../views';

/** The member as the order names him. */
const personOf = (member: UserDoc) => ({ id: member._id, name: member.name, phone: member.phone ?? '' });

/** A scope id names a community or a grid: the caller's grant that covers it says which (staff, or its worker). */
const scopeOf = async (input: { scopeId: string }) => ({
  target: { communityId: input.scopeId, gridId: input.scopeId },
  subject: null,
});

/** Where the caller's scope id lies in a person's or a building's fields: his community, or his grid. */
const fieldOf = (caller: Caller, scopeId: string): 'communityId' | 'gridId' =>
  intakeRoleAt(caller.user!.roles, { communityId: scopeId, gridId: '' }) ? 'communityId' : 'gridId';

/** Regular-expression characters in a search word, matched as themselves. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const onBehalfActions = {
  findResidents: {
    // The scope id names a community or a grid; the grant that covers it says which (staff, or its grid worker).
    access: roles(INTAKE_ROLES.slice(), scopeOf),
    async handler(input, { caller, db }) {
      const field = fieldOf(caller, input.scopeId);
      const where: Record<string, unknown> = { [field]: input.scopeId };
      if (input.keyword) where.name = db.RegExp({ regexp: literally(input.keyword), options: 'i' });
      const { docs, nextCursor } = await pageOf<UserDoc>(db, COLLECTIONS.users, where, ['name', 'asc'], input.cursor);
      const housed = docs.filter((u) => u.communityId && u.compoundId && u.buildingId);
      const buildings = await loadPlaces(
        db,
        housed.map((u) => u.buildingId!),
      );
      const items = housed.map((user) => {
        // His community's staff keep him; his grid's worker handles his matters (privacy.ts).
        const seen = seenBy(field === 'communityId' ? 'keeper' : 'handler', {
          name: user.name,
          phone: user.phone ?? '',
          private: false,
        });
        return {
          id: user._id,
          name: seen.name ?? '',
          phone: seen.phone ?? '',
          communityId: user.communityId!,
          compoundId: user.compoundId!,
          buildingId: user.buildingId!,
          building: buildings.get(user.buildingId!)?.name ?? '',
        };
      });
      return { items, nextCursor };
    },
  },

  intakeBuildings: {
    access: roles(INTAKE_ROLES.slice(), scopeOf),
    // The buildings of the community, or of the grid (the caller's grant says which), then their compounds' names.
    async handler(input, { caller, db }) {
      const where = { kind: 'building', [fieldOf(caller, input.scopeId)]: input.scopeId };
      const res = await db.collection(COLLECTIONS.places).where(where).orderBy('name', 'asc').limit(500).get();
      const buildings = res.data as Building[];
      const compounds = await loadPlaces(db, [...new Set(buildings.map((b) => b.compoundId))]);
      return buildings
        .map((b) => ({
          communityId: b.communityId,
          compoundId: b.compoundId,
          buildingId: b._id,
          label: `${compounds.get(b.compoundId)?.name ?? ''} ${b.name}`.trim(),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
    },
  },

  createOnBehalf: {
    // The place the form names, checked and covered by one of the caller's grants (its community or its grid).
    access: roles(INTAKE_ROLES.slice(), intakeScope),
    // The three places and the member, with the caller in one round trip.
    reads: intakeReads,
    async handler(input, { caller, db, now, loaded, subject }) {
      const place = subject as IntakePlace;
      const resident =
        'memberId' in input.resident
          ? personOf(intakeMember(caller, loaded, place))
          : { id: '', name: input.resident.name, phone: input.resident.phone };
      const takenBy = takenByOf(caller, place, resident.id ? 'member' : 'recorded');
      const opened = orderPlace(place, '楼栋不在所选社区内');
      // The request id makes the order's id (as for a resident's own): a retry finds the order the first one made.
      const id = stableId('ord', caller.openid, 'on-behalf', input.requestId);
      return openRequested(db, caller, now(), { id, resident, channel: input.channel, takenBy }, opened, input);
    },
  },

  recordRating: {
    // Staff of the order's community, for a resident recorded by name and phone (a member rates himself).
    access: relatedTo<OrderDoc, { orderId: string }>(
      COLLECTIONS.orders,
      (input) => input.orderId,
      (doc, _input, { caller }) => {
        const order = present(doc, '找不到这张工单');
        if (!relations(caller, order).includes('community_staff')) {
          throw new AppError('FORBIDDEN', '这张工单不在您负责的范围内');
        }
        if (!staffRecordsRating(order.takenBy?.resident)) {
          throw new AppError('FORBIDDEN', '居民已注册，请他在小程序中评价');
        }
        return order;
      },
    ),
    async handler(input, { caller, db, now, subject }) {
      const at = now();
      const name = actorName(caller);
      const rating: RatingDoc = {
        stars: input.stars,
        comment: input.comment ?? '',
        at: at.toISOString(),
        recordedBy: name,
      };
      // The resident's own step (联合评单 needs his part), taken for him and marked so in its timeline line.
      const updated = await step(db, subject as OrderDoc, 'rate_by_resident', 'resident', at, {
        actorId: caller.openid,
        actorName: name,
        reason: `${RECORDED_BY_STAFF}：${'★'.repeat(input.stars)}${rating.comment ? ` ${rating.comment}` : ''}`,
        set: { 'ratings.resident': rating },
      });
      return toDetail(updated, caller, at);
    },
  },
} satisfies OrdersImpl;
