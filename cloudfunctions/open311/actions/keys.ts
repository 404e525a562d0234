/** Issuing, listing and revoking the open API's keys: the city's admins only. */
import { AppError } from '../../../miniprogram/shared/errors';
import type { open311Actions } from '../../../miniprogram/shared/api/open311';
import { roles } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import type { Implementations } from '../../lib/router';
import { keyView, newKey, type Open311KeyDoc } from '../keys';

const admin = roles(['admin']);

export const keyActions = {
  issueKey: {
    access: admin,
    async handler(input, { caller, db, now }) {
      const { doc, key } = newKey(input.name, caller.openid, now());
      await db.collection(COLLECTIONS.open311Keys).add(doc);
      return { ...keyView(doc), key };
    },
  },

  listKeys: {
    access: admin,
    async handler(_input, { db }) {
      const res = await db
        .collection(COLLECTIONS.open311Keys)
        .where({ createdAt: db.command.gt('') })
        .orderBy('createdAt', 'desc')
        .field({ secretHash: false, createdBy: false })
        .limit(1000)
        .get();
      return (res.data as Open311KeyDoc[]).map(keyView);
    },
  },

  revokeKey: {
    access: admin,
    async handler(input, { db, now }) {
      const keys = db.collection(COLLECTIONS.open311Keys);
      // Revoked once: a second revoke keeps the first time.
      await keys.where({ _id: input.keyId, revokedAt: null }).update({ revokedAt: now().toISOString() });
      const res = await keys.where({ _id: input.keyId }).limit(1).get();
      const doc = res.data[0] as Open311KeyDoc | undefined;
      if (!doc) throw new AppError('NOT_FOUND', '没有这个密钥');
      return keyView(doc);
    },
  },
} satisfies Implementations<typeof open311Actions>;
