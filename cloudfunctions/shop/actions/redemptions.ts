/**
 * Redeeming, handing over and cancelling without a transaction (CloudBase allows only single-document operations
 * in one). Each document is changed by one conditional update that is its own guard:
 *
 *   redeem   1. his account: `debited` raised by the price only while it stays within his ledger's credits
 *               (`debited ≤ credits − price`), so N concurrent redeems of his never overdraw;
 *            2. the item: stock −1 only while stock ≥ 1 and on sale, its ticket counter +1, the redemption's id
 *               added to its holds — so N concurrent redeems of an item never oversell; if this fails, step 1 is
 *               undone (conditionally: only an account that still lists this redemption);
 *            3. the redemption (its id from the volunteer and his request id) with the ledger's −price line in its
 *               outbox, and that line written at once (stable id).
 *            A retry of the same request finds the redemption (done), or its id in the account's recent list and
 *            the item's holds (those steps are skipped): never two debits or two units for one request.
 *   cancel   the redemption reserved → cancelled (one conditional update: of two cancels, one wins) with the
 *            +price refund line in its outbox and written at once (stable id: refunded once); then the item's
 *            hold removed with stock +1 in one conditional update (only while it still holds the id: once).
 *   hand-over the redemption reserved → handed_over, the volunteer told (outbox), then the item's hold removed.
 *   A hand-over or cancel cut short after its first write is finished by its retry (the steps after it are
 *   idempotent); a redeem cut short and never retried keeps its unit held and its points debited (no sweep yet).
 */
import { AppError } from '../../../miniprogram/shared/errors';
import {
  nextState,
  redeemRefusal,
  refusalOf,
  spendable,
  type RedemptionAction,
} from '../../../miniprogram/shared/shop/machine';
import { MAX_TICKET, normalizeCode, pickupCode } from '../../../miniprogram/shared/shop/pickup';
import { registered } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { COLLECTIONS, type Database } from '../../lib/db';
import { noticesOf } from '../../lib/notify';
import { outboxOf, pushOutbox, type OutboxEntry } from '../../lib/outbox';
import type { LedgerDoc } from '../../lib/orders';
import { pagerOf } from '../../lib/paging';
import { insertOnce } from '../../lib/records';
import {
  actorsOf,
  itemReads,
  partyToRedemption,
  redemptionReads,
  staffOfCommunity,
  staffOfRedemption,
  volunteerOfItem,
} from '../access';
import { creditsByKind } from '../ledger';
import {
  redeemLineId,
  redemptionId,
  refundLineId,
  type AccountDoc,
  type ItemDoc,
  type RedemptionDoc,
  type ShopAction,
} from '../model';
import { redemptionView } from '../views';

/** The account remembers this many of its latest redemptions (a retry comes within moments, not 20 redeems later). */
const RECENT = 20;

const ledgerLine = (
  doc: Pick<RedemptionDoc, '_id' | 'userId' | 'price' | 'itemName'>,
  kind: 'redeem' | 'refund',
  at: string,
): OutboxEntry => ({
  to: COLLECTIONS.pointsLedger,
  doc: {
    _id: kind === 'redeem' ? redeemLineId(doc._id) : refundLineId(doc._id),
    userId: doc.userId,
    kind,
    delta: kind === 'redeem' ? -doc.price : doc.price,
    orderId: null,
    note: `${kind === 'redeem' ? '兑换' : '取消兑换'}：${doc.itemName}`,
    at,
  } satisfies LedgerDoc,
});

/** Step 1: debit his account, unless this redemption already was; false when his points do not cover it. */
async function debit(
  db: Database,
  account: AccountDoc | undefined,
  uid: string,
  id: string,
  price: number,
  at: string,
) {
  const _ = db.command;
  const credits = spendable(await creditsByKind(db, uid), 0);
  if (!account) {
    const fresh: AccountDoc = { _id: uid, debited: price, recent: [{ id, price }], updatedAt: at };
    if (credits < price) return false;
    if (await insertOnce(db, COLLECTIONS.pointsAccounts, fresh)) return true;
  }
  const res = await db
    .collection(COLLECTIONS.pointsAccounts)
    .where({ _id: uid, debited: _.lte(credits - price), 'recent.id': _.neq(id) })
    .update({ debited: _.inc(price), recent: _.push({ each: [{ id, price }], slice: -RECENT }), updatedAt: at });
  return res.updated === 1;
}

/** Undoes step 1 when the item could not be taken: only an account that still lists this redemption. */
async function undoDebit(db: Database, uid: string, id: string, price: number, at: string) {
  const _ = db.command;
  await db
    .collection(COLLECTIONS.pointsAccounts)
    .where({ _id: uid, 'recent.id': id })
    .update({ debited: _.inc(-price), recent: _.pull({ id }), updatedAt: at });
}

/** Step 2: one unit of the item for this redemption, and its ticket number; null when none could be taken. */
async function take(db: Database, item: ItemDoc, id: string, at: string): Promise<number | null> {
  const _ = db.command;
  const held = item.holds.includes(id);
  // a retry whose unit is already held takes only a fresh ticket (tickets are numbers, skipping one is harmless)
  const res = (await db
    .collection(COLLECTIONS.shopItems)
    .where(
      held
        ? { _id: item._id, holds: id, sold: _.lt(MAX_TICKET) }
        : { _id: item._id, onSale: true, stock: _.gte(1), sold: _.lt(MAX_TICKET), holds: _.neq(id) },
    )
    .updateAndReturn(
      held
        ? { sold: _.inc(1), updatedAt: at }
        : { stock: _.inc(-1), sold: _.inc(1), holds: _.push([id]), updatedAt: at },
    )) as { doc?: ItemDoc | null };
  return res.doc ? res.doc.sold : null;
}

export const redeem: ShopAction<'redeem'> = {
  access: volunteerOfItem,
  reads: (input, { openid }) => ({
    ...itemReads(input),
    account: { collection: COLLECTIONS.pointsAccounts, ids: [openid] },
    earlier: { collection: COLLECTIONS.redemptions, ids: [redemptionId(openid, input.requestId)] },
  }),
  async handler(input, { caller, db, now, subject, loaded }) {
    const uid = caller.openid;
    const item = subject as ItemDoc;
    const id = redemptionId(uid, input.requestId);
    const earlier = loaded.earlier?.[0] as RedemptionDoc | undefined;
    if (earlier) return redemptionView(earlier, caller);
    const at = now().toISOString();
    const account = loaded.account?.[0] as AccountDoc | undefined;
    const debitedFor = account?.recent.find((r) => r.id === id);
    const price = debitedFor?.price ?? item.price;
    if (!debitedFor) {
      // said before anything is written (the writes below decide for good): 已下架, 已兑完
      const refusal = item.holds.includes(id) ? null : redeemRefusal(item, Number.MAX_SAFE_INTEGER);
      if (refusal) throw new AppError(refusal.code, refusal.message);
      if (!(await debit(db, account, uid, id, price, at))) {
        throw new AppError('INVALID_STATE', `积分不足：兑换需要 ${price} 分`);
      }
    }
    const ticket = await take(db, item, id, at);
    if (ticket === null) {
      await undoDebit(db, uid, id, price, at);
      throw new AppError('FULL', '该物品刚刚兑完或已下架');
    }
    const made: Omit<RedemptionDoc, 'outbox' | 'outboxSize'> = {
      _id: id,
      userId: uid,
      userName: caller.user?.name ?? '',
      communityId: item.communityId,
      itemId: item._id,
      itemName: item.name,
      price,
      code: pickupCode(item.serial, ticket),
      state: 'reserved',
      createdAt: at,
      closedAt: null,
      closedBy: null,
    };
    const line = ledgerLine(made, 'redeem', at);
    const doc: RedemptionDoc = { ...made, ...outboxOf([line]) };
    if (!(await insertOnce(db, COLLECTIONS.redemptions, doc))) {
      // the same request, twice at once: the other made it (with its own ticket), and he sees that one
      const res = await db.collection(COLLECTIONS.redemptions).doc(id).get();
      return redemptionView((res.data as RedemptionDoc[])[0], caller);
    }
    // written at once too, so his balance drops now (the outbox is for a request cut short here)
    await insertOnce(db, COLLECTIONS.pointsLedger, line.doc);
    return redemptionView(doc, caller);
  },
};

export const myRedemptions: ShopAction<'myRedemptions'> = {
  access: registered,
  async handler(input, { caller, db }) {
    const page = await pagerOf<RedemptionDoc>(COLLECTIONS.redemptions)(
      db,
      { userId: caller.openid },
      ['createdAt', 'desc'],
      input.cursor,
    );
    return { items: page.docs.map((doc) => redemptionView(doc, caller)), nextCursor: page.nextCursor };
  },
};

const NO_CODE = '没有这个领取码，请核对后重试';

/** Staff type the code the volunteer shows; a typo fails the check character and finds nothing. */
export const findByCode: ShopAction<'findByCode'> = {
  access: staffOfCommunity,
  reads: (input) => ({
    found: {
      collection: COLLECTIONS.redemptions,
      where: { communityId: input.communityId, code: normalizeCode(input.code) ?? '-' },
      limit: 1,
    },
  }),
  async handler(_input, { caller, loaded }) {
    const doc = loaded.found?.[0] as RedemptionDoc | undefined;
    if (!doc) throw new AppError('NOT_FOUND', NO_CODE);
    return redemptionView(doc, caller);
  },
};

/**
 * One step of a redemption (hand over, cancel) as one conditional update on its state; the loser of a race is
 * told to look again. `records` are what the step owes others (the refund line, the volunteer's notice).
 */
async function step(
  db: Database,
  caller: Caller,
  doc: RedemptionDoc,
  action: RedemptionAction,
  at: string,
  records: (after: RedemptionDoc) => OutboxEntry[],
): Promise<RedemptionDoc> {
  const actors = actorsOf(caller, doc);
  // done already (his retry after a reply that was lost, or a request cut short after this write): what follows
  // the write is idempotent, so it is finished again rather than refused
  if (doc.state === nextState(action, 'reserved') && actors.some((a) => refusalOf(action, 'reserved', a) === null))
    return doc;
  const refusals = actors.map((actor) => refusalOf(action, doc.state, actor));
  if (!refusals.includes(null)) {
    const refusal = refusals[0];
    throw new AppError(refusal?.code ?? 'FORBIDDEN', refusal?.message);
  }
  const to = nextState(action, doc.state)!;
  const after: RedemptionDoc = { ...doc, state: to, closedAt: at, closedBy: caller.openid };
  const entries = records(after);
  const res = await db
    .collection(COLLECTIONS.redemptions)
    .where({ _id: doc._id, state: doc.state })
    .update({ state: to, closedAt: at, closedBy: caller.openid, ...pushOutbox(db, entries) });
  if (res.updated !== 1) throw new AppError('INVALID_STATE', '这笔兑换刚刚已被处理，请刷新后查看');
  return { ...after, outbox: [...doc.outbox, ...entries], outboxSize: doc.outboxSize + entries.length };
}

/** The volunteer hears of what staff did to his redemption (not of what he did himself). */
function toldOf(caller: Caller, doc: RedemptionDoc, what: string, body: string, at: string): OutboxEntry[] {
  if (doc.userId === caller.openid) return [];
  return noticesOf(
    `${doc._id}-${doc.state}`,
    {
      audiences: [{ kind: 'user', id: doc.userId }],
      subject: { type: 'redemption', id: doc._id },
      title: `${doc.itemName}：${what}`,
      body,
    },
    at,
  );
}

/** Ends the item's hold on this redemption; `giveBack` returns its unit to the stock (a cancellation). */
async function release(db: Database, doc: RedemptionDoc, giveBack: boolean, at: string) {
  const _ = db.command;
  await db
    .collection(COLLECTIONS.shopItems)
    .where({ _id: doc.itemId, holds: doc._id })
    .update({ holds: _.pull(doc._id), ...(giveBack && { stock: _.inc(1) }), updatedAt: at });
}

export const handOver: ShopAction<'handOver'> = {
  access: staffOfRedemption,
  reads: redemptionReads,
  async handler(_input, { caller, db, now, subject }) {
    const at = now().toISOString();
    const after = await step(db, caller, subject as RedemptionDoc, 'hand_over', at, (d) =>
      toldOf(caller, d, '已领取', '社区已将兑换的物品交给您', at),
    );
    await release(db, after, false, at);
    return redemptionView(after, caller);
  },
};

export const cancel: ShopAction<'cancel'> = {
  access: partyToRedemption,
  async handler(_input, { caller, db, now, subject }) {
    const at = now().toISOString();
    const after = await step(db, caller, subject as RedemptionDoc, 'cancel', at, (d) => [
      ledgerLine(d, 'refund', at),
      ...toldOf(caller, d, '已取消', `社区取消了这笔兑换，${d.price} 积分已退回`, at),
    ]);
    await insertOnce(db, COLLECTIONS.pointsLedger, ledgerLine(after, 'refund', at).doc);
    await release(db, after, true, at);
    return redemptionView(after, caller);
  },
};
