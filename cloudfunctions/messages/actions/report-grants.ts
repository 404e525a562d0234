import type { messagesActions } from '../../../miniprogram/shared/api/messages';
import { AppError } from '../../../miniprogram/shared/errors';
import { kindOfTemplate, type NoticeKind } from '../../../miniprogram/shared/notices/templates';
import { COLLECTIONS } from '../../lib/db';
import type { Database } from '../../lib/db';
import { insertOnce, isDuplicateKey } from '../../lib/records';
import type { ActionImpl } from '../../lib/router';
import { ownInbox } from '../access';
import { grantId, templateIds, type GrantDoc } from '../model';

/**
 * What the user accepted in one wx.requestSubscribeMessage: one more message of each accepted template may be
 * sent to him (WeChat's one-time subscription: one acceptance, one message). The ask's id makes a repeated report
 * (a retry) count once. Unknown template ids are refused, naming each.
 */
export const reportGrants: ActionImpl<(typeof messagesActions)['reportGrants']> = {
  access: ownInbox,
  async handler({ askId, accepted }, { db, caller, now }) {
    const ids = templateIds();
    const kinds = accepted.map((id) => kindOfTemplate(ids, id));
    const issues = kinds.flatMap((kind, i) => (kind ? [] : [{ path: `accepted.${i}`, message: '不认识的订阅模板' }]));
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', '不认识的订阅模板', { issues });
    const at = now().toISOString();
    const _ = db.command;
    const grants = db.collection(COLLECTIONS.subscribeGrants);
    // One read of his grants, then at most one insert (kinds he never granted) and one update (the others): a
    // report costs at most three round trips however many templates it names.
    const held = (await grants.where({ userId: caller.openid }).limit(20).get()).data as GrantDoc[];
    const byKind = new Map(held.map((g) => [g.kind, g]));
    const fresh = [...new Set(kinds as NoticeKind[])]
      .filter((kind) => !byKind.has(kind))
      .map((kind): GrantDoc => ({
        _id: grantId(caller.openid, kind),
        userId: caller.openid,
        kind,
        count: 1,
        lastAskId: askId,
        updatedAt: at,
      }));
    // Granted meanwhile by a request of his own on another phone: those are counted up like the ones he held.
    const raced = (await insertOrKeep(db, fresh)).map((g) => g.kind);
    const counted = [...new Set(kinds as NoticeKind[])].filter(
      (kind) => raced.includes(kind) || (byKind.has(kind) && byKind.get(kind)!.lastAskId !== askId),
    );
    if (counted.length > 0) {
      await grants
        .where({ _id: _.in(counted.map((kind) => grantId(caller.openid, kind))), lastAskId: _.neq(askId) })
        .update({ count: _.inc(1), lastAskId: askId, updatedAt: at });
    }
    for (const g of fresh) if (!raced.includes(g.kind)) byKind.set(g.kind, g);
    for (const kind of counted) {
      const g = byKind.get(kind);
      if (g) byKind.set(kind, { ...g, count: g.count + 1 });
    }
    return { grants: [...byKind.values()].map((g) => ({ kind: g.kind, count: g.count })) };
  },
};

/**
 * Inserts the grants in one request. When one was there already (granted meanwhile from another phone), reads
 * them back: those this ask wrote carry its id; the others are returned, to be counted up; any not written yet are
 * inserted one by one.
 */
async function insertOrKeep(db: Database, docs: GrantDoc[]): Promise<GrantDoc[]> {
  if (docs.length === 0) return [];
  const grants = db.collection(COLLECTIONS.subscribeGrants);
  try {
    await grants.add(docs);
    return [];
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const ids = docs.map((d) => d._id);
    const stored = (
      await grants
        .where({ _id: db.command.in(ids) })
        .limit(ids.length)
        .get()
    ).data as GrantDoc[];
    const there = stored.filter((g) => g.lastAskId !== docs[0].lastAskId);
    for (const doc of docs.filter((d) => !stored.some((g) => g._id === d._id))) {
      if (!(await insertOnce(db, COLLECTIONS.subscribeGrants, doc))) there.push(doc);
    }
    return there;
  }
}
