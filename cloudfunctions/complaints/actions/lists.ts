/**
 * The complaint lists and the detail: categories, 同类投诉 (to join instead of filing again), his own, the
 * company's inbox and the staff's (社区呼叫、街道吹哨、部门报到).
 */
import type { complaintsActions } from '../../../miniprogram/shared/api/complaints';
import {
  COMPLAINT_CATEGORIES,
  type ComplaintCategory,
  type EscalationLevel,
} from '../../../miniprogram/shared/complaints/machine';
import { TIME_LIMIT_TIERS } from '../../../miniprogram/shared/orders/catalogue';
import { anyone, registered, resident, roles } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import type { ActionImpl } from '../../lib/router';
import { viewer } from '../access';
import { CLOSED, OPEN, type ComplaintDoc } from '../model';
import { inbox, page, toDetail, toSummary } from '../views';

type Spec = typeof complaintsActions;

export const listCategories: ActionImpl<Spec['listCategories']> = {
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
};

export const similarOpen: ActionImpl<Spec['similarOpen']> = {
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
};

export const listMine: ActionImpl<Spec['listMine']> = {
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
};

export const getDetail: ActionImpl<Spec['getDetail']> = {
  access: viewer,
  async handler(_input, { caller, now, subject }) {
    return toDetail(subject as ComplaintDoc, caller, now());
  },
};

export const companyInbox: ActionImpl<Spec['companyInbox']> = {
  access: roles(['unit_member'], async (input: { unitId: string }) => ({
    target: { unitId: input.unitId },
    subject: null,
  })),
  handler: (input, ctx) => inbox(ctx, { level: 'company', handlerId: input.unitId }, input.filter, input.cursor),
};

export const staffInbox: ActionImpl<Spec['staffInbox']> = {
  access: roles(
    ['community_staff', 'street_staff', 'unit_member'],
    async (input: { level: EscalationLevel; scopeId: string }) => ({
      target:
        input.level === 'community'
          ? { communityId: input.scopeId }
          : input.level === 'street'
            ? { streetIds: [input.scopeId] }
            : { unitId: input.scopeId },
      subject: null,
    }),
  ),
  handler: (input, ctx) => inbox(ctx, { level: input.level, handlerId: input.scopeId }, input.filter, input.cursor),
};
