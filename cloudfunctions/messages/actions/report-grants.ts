import type { messagesActions } from '../../../miniprogram/shared/api/messages';
import { AppError } from '../../../miniprogram/shared/errors';
import { kindOfTemplate, type NoticeKind } from '../../../miniprogram/shared/notices/templates';
import { COLLECTIONS } from '../../lib/db';
import { insertOnce } from '../../lib/records';
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
    for (const kind of new Set(kinds as NoticeKind[])) {
      const _id = grantId(caller.openid, kind);
      const fresh: GrantDoc = { _id, userId: caller.openid, kind, count: 1, lastAskId: askId, updatedAt: at };
      if (await insertOnce(db, COLLECTIONS.subscribeGrants, fresh)) continue;
      await grants.where({ _id, lastAskId: _.neq(askId) }).update({ count: _.inc(1), lastAskId: askId, updatedAt: at });
    }
    const res = await grants.where({ userId: caller.openid }).limit(20).get();
    return { grants: (res.data as GrantDoc[]).map((g) => ({ kind: g.kind, count: g.count })) };
  },
};
