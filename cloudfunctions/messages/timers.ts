import { messageData, subjectPage } from '../../miniprogram/shared/notices/templates';
import type { Role } from '../../miniprogram/shared/roles';
import { COLLECTIONS, type Database } from '../lib/db';
import { insertAll } from '../lib/outbox';
import type { TimerSpec } from '../lib/router';
import { isTransient, sendSubscribeMessage, WX_ERR } from '../lib/wechat';
import {
  deliveryId,
  grantId,
  inboxId,
  templateIds,
  type Attempt,
  type DeliveryDoc,
  type GrantDoc,
  type InboxDoc,
  type NotificationRecord,
} from './model';

/** People one fan-out page reaches (one users query, one inbox insert of this many). */
export const FANOUT_PAGE = 500;
/** Notifications one run picks up. */
const NOTIFICATIONS_PER_RUN = 50;
/** Messages one run sends. */
const SENDS_PER_RUN = 100;
/**
 * How long one run may work before it leaves the rest to the next minute: well inside the function's timeout
 * (cloudbaserc sets 60 s), so a big compound's notice is finished over several runs instead of timing out midway.
 */
export const RUN_BUDGET_MS = 20_000;
/** Attempts before a message that keeps failing transiently is given up; waits double from a minute. */
export const MAX_ATTEMPTS = 5;
export const backoffMs = (attempts: number) => 60_000 * 2 ** (attempts - 1);

/** A group audience's members: users holding `role` for the scope (the users query filters on the scope). */
const GROUP_ROLES: Record<string, Role> = {
  unit: 'unit_member',
  community_staff: 'community_staff',
  party_members: 'party_member',
  street_staff: 'street_staff',
};

/**
 * One page of an audience's members, in id order after `after`: the ids found, and where the next page starts
 * (null: done). `user:<id>` is that one person; a group is read from users by its scope.
 */
export async function audiencePage(
  db: Database,
  audience: string,
  after: string | null,
  limit = FANOUT_PAGE,
): Promise<{ userIds: string[]; next: string | null }> {
  const split = audience.indexOf(':');
  const kind = audience.slice(0, split);
  const id = audience.slice(split + 1);
  if (kind === 'user') return { userIds: after === null ? [id] : [], next: null };
  const _ = db.command;
  const where =
    kind === 'compound_residents' ? { compoundId: id } : GROUP_ROLES[kind] ? { 'roles.scopeId': id } : undefined;
  if (!where) return { userIds: [], next: null };
  const res = await db
    .collection(COLLECTIONS.users)
    .where({ ...where, ...(after !== null && { _id: _.gt(after) }) })
    .orderBy('_id', 'asc')
    .limit(limit)
    .field({ _id: true, roles: true })
    .get();
  const users = res.data as Array<{ _id: string; roles?: Array<{ role: Role; scopeId: string }> }>;
  const role = GROUP_ROLES[kind];
  const members = role ? users.filter((u) => u.roles?.some((g) => g.role === role && g.scopeId === id)) : users;
  return { userIds: members.map((u) => u._id), next: users.length === limit ? users[users.length - 1]._id : null };
}

/**
 * One page of one notification's fan-out: an inbox entry for every member, a queued subscription message for
 * each who holds a grant for its template; then the notification remembers where it got to (and is sent when
 * its audience is done). Ids are stable, so a page repeated after a failure adds nothing twice.
 */
async function fanoutPage(
  db: Database,
  n: NotificationRecord,
  at: string,
): Promise<{ people: number; next: string | null }> {
  const { userIds, next } = await audiencePage(db, n.audience, n.fanoutAfter ?? null);
  await insertAll(
    db,
    COLLECTIONS.inbox,
    userIds.map((userId): InboxDoc => ({
      _id: inboxId(n._id, userId),
      userId,
      notificationId: n._id,
      kind: n.kind ?? null,
      subject: n.subject,
      audience: n.audience,
      title: n.title,
      body: n.body,
      createdAt: n.createdAt,
      readAt: null,
    })),
  );
  if (n.kind && userIds.length > 0) {
    const _ = db.command;
    const grants = await db
      .collection(COLLECTIONS.subscribeGrants)
      .where({ _id: _.in(userIds.map((u) => grantId(u, n.kind!))), count: _.gt(0) })
      .limit(userIds.length)
      .get();
    const kind = n.kind;
    await insertAll(
      db,
      COLLECTIONS.deliveries,
      (grants.data as GrantDoc[]).map((g): DeliveryDoc => ({
        _id: deliveryId(n._id, g.userId),
        userId: g.userId,
        notificationId: n._id,
        kind,
        status: 'pending',
        grantSpent: false,
        attempts: [],
        nextAttemptAt: at,
        createdAt: at,
      })),
    );
  }
  await db
    .collection(COLLECTIONS.notifications)
    .doc(n._id)
    .update(next === null ? { fanoutAfter: null, sentAt: at } : { fanoutAfter: next });
  return { people: userIds.length, next };
}

/** Fans out waiting notifications, oldest first, until done or out of time. */
export async function fanout(db: Database, now: () => Date, budgetMs = RUN_BUDGET_MS) {
  const started = Date.now();
  const res = await db
    .collection(COLLECTIONS.notifications)
    .where({ sentAt: null })
    .orderBy('createdAt', 'asc')
    .limit(NOTIFICATIONS_PER_RUN)
    .get();
  let notifications = 0;
  let people = 0;
  for (const doc of res.data as NotificationRecord[]) {
    let after = doc.fanoutAfter ?? null;
    do {
      const page = await fanoutPage(db, { ...doc, fanoutAfter: after }, now().toISOString());
      people += page.people;
      after = page.next;
      // at least one page per run, so a run always gets on
      if (after !== null && Date.now() - started > budgetMs) return { notifications, people };
    } while (after !== null);
    notifications += 1;
  }
  return { notifications, people };
}

/** How long a claimed message is someone's to send before another run may try it. */
const LEASE_MS = 10 * 60_000;

/** What WeChat's answer to an attempt makes of the message. */
export function outcomeOf(errcode: number, tries: number): Exclude<DeliveryDoc['status'], 'no_grant'> {
  if (errcode === 0) return 'sent';
  if (errcode === WX_ERR.refused) return 'refused';
  return isTransient(errcode) && tries < MAX_ATTEMPTS ? 'pending' : 'failed';
}

/** Spends one of the user's grants for the template; false when none is left. */
async function spendGrant(db: Database, d: DeliveryDoc): Promise<boolean> {
  const res = await db
    .collection(COLLECTIONS.subscribeGrants)
    .where({ _id: grantId(d.userId, d.kind), count: db.command.gt(0) })
    .update({ count: db.command.inc(-1) });
  return res.updated === 1;
}

/**
 * Sends the messages that are due. A message spends its grant once (before its first attempt); WeChat's answer
 * decides the rest: sent; refused (43101: the user turned it off — not retried); a transient error waits and
 * tries again, doubling the wait, up to MAX_ATTEMPTS; any other error fails it at once (retrying sends the same
 * data). Every attempt is kept on the delivery.
 */
export async function sendDue(db: Database, now: () => Date) {
  const at = now().toISOString();
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.deliveries)
    .where({ status: 'pending', nextAttemptAt: _.lte(at) })
    .orderBy('nextAttemptAt', 'asc')
    .limit(SENDS_PER_RUN)
    .get();
  const ids = templateIds();
  const counts = { sent: 0, refused: 0, retrying: 0, failed: 0, noGrant: 0 };
  if (res.data.length === 0) return counts;
  const notifications = await db
    .collection(COLLECTIONS.notifications)
    .where({ _id: _.in([...new Set((res.data as DeliveryDoc[]).map((d) => d.notificationId))]) })
    .limit(SENDS_PER_RUN)
    .get();
  const byId = new Map((notifications.data as NotificationRecord[]).map((n) => [n._id, n]));
  for (const d of res.data as DeliveryDoc[]) {
    const n = byId.get(d.notificationId);
    const deliveries = db.collection(COLLECTIONS.deliveries);
    // Claimed by moving its due time on (a lease): two overlapping runs send it once.
    const leased = new Date(now().getTime() + LEASE_MS).toISOString();
    const claim = await deliveries
      .where({ _id: d._id, status: 'pending', nextAttemptAt: d.nextAttemptAt })
      .update({ nextAttemptAt: leased });
    if (claim.updated !== 1) continue;
    if (!n || (!d.grantSpent && !(await spendGrant(db, d)))) {
      await deliveries.doc(d._id).update({ status: 'no_grant' });
      counts.noGrant += 1;
      continue;
    }
    const reply = await sendSubscribeMessage({
      touser: d.userId,
      template_id: ids[d.kind],
      page: subjectPage(n.subject, n.audience),
      data: messageData(d.kind, n),
    });
    const attempt: Attempt = { at, errcode: reply.errcode, errmsg: reply.errmsg };
    const tries = d.attempts.length + 1;
    const status = outcomeOf(reply.errcode, tries);
    await deliveries.doc(d._id).update({
      status,
      grantSpent: true,
      attempts: _.push([attempt]),
      nextAttemptAt: new Date(now().getTime() + backoffMs(tries)).toISOString(),
    });
    counts[status === 'pending' ? 'retrying' : status] += 1;
  }
  return counts;
}

/** The messages function's one timer: fan out what was announced, then send what is due. */
export const sendTimer: TimerSpec = {
  summary: '消息：通知分发到每人的消息中心，并按订阅授权发送订阅消息（失败按退避重试）',
  everyMinutes: 1,
  async run({ db, now }) {
    const spread = await fanout(db, now);
    const sent = await sendDue(db, now);
    return { ...spread, ...sent };
  },
};
