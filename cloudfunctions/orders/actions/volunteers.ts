/** 党员领单: the task hall, his tasks, and each move of his claim (领单、退出、签到、签退、提交). */
import { AppError } from '../../../miniprogram/shared/errors';
import type { Task } from '../../../miniprogram/shared/api/orders';
import {
  checkCheckIn,
  checkCheckOut,
  checkClaim,
  checkReport,
  checkWithdraw,
} from '../../../miniprogram/shared/orders/tasks';
import { roles } from '../../lib/access';
import { actorName, type Caller } from '../../lib/caller';
import { COLLECTIONS, type Database } from '../../lib/db';
import { stepPhotos } from '../../lib/media';
import { orderPhotos, type ClaimDoc, type OrderDoc, type TaskDoc } from '../../lib/orders';
import type { StepOptions } from '../../lib/workflow';
import { communityTarget, onTask } from '../access';
import { loadOrder, page, type OrdersImpl } from '../model';
import { toTask } from '../views';

export const volunteersActions = {
  taskHall: {
    access: roles(['party_member'], communityTarget),
    async handler(input, { caller, db, now }) {
      const at = now();
      const { docs, nextCursor } = await page(
        db,
        { communityId: input.communityId, status: 'published' },
        ['deadline', 'asc'],
        input.cursor,
      );
      return { items: docs.map((o) => toTask(o, o.task!, caller, at)), nextCursor };
    },
  },

  myTasks: {
    access: roles(['party_member']),
    async handler(input, { caller, db, now }) {
      const at = now();
      const { docs, nextCursor } = await page(
        db,
        { 'task.claimants': caller.openid },
        ['createdAt', 'desc'],
        input.cursor,
      );
      return { items: docs.map((o) => toTask(o, o.task!, caller, at)), nextCursor };
    },
  },

  claim: {
    access: onTask,
    async handler(input, { caller, db, now, subject }) {
      const order = subject as OrderDoc;
      const at = now();
      const claimNow = (current: OrderDoc) => {
        const task = current.task!;
        const mine = task.claims[caller.openid]?.state ?? null;
        return checkClaim({ orderState: current.status, task, mine, now: at, activeClaims: task.slots - task.free });
      };
      const check = claimNow(order);
      if (!check.ok) throw new AppError(check.code, check.message);
      const claim: ClaimDoc = {
        userId: caller.openid,
        name: actorName(caller),
        state: 'claimed',
        claimedAt: at.toISOString(),
        checkedInAt: null,
        checkedOutAt: null,
        reportedAt: null,
        notes: '',
        photos: [],
      };
      const _ = db.command;
      // Count-and-claim in one conditional update: only a write that still sees a free slot lands.
      const res = await db
        .collection(COLLECTIONS.orders)
        .where({
          _id: order._id,
          status: 'published',
          'task.id': input.taskId,
          'task.free': _.gt(0),
          'task.active': _.neq(caller.openid),
        })
        .update({
          'task.free': _.inc(-1),
          'task.active': _.push([caller.openid]),
          'task.claimants': _.addToSet(caller.openid),
          [`task.claims.${caller.openid}`]: _.set(claim),
        });
      if (res.updated !== 1) {
        const again = claimNow(await loadOrder(db, order._id));
        throw again.ok ? new AppError('FULL', '名额已满') : new AppError(again.code, again.message);
      }
      return toTask(order, claimedTask(order.task!, claim), caller, at);
    },
  },

  withdraw: {
    access: onTask,
    async handler(input, { caller, db, now, subject }) {
      const order = subject as OrderDoc;
      return changeClaim(db, order, input.taskId, caller, now(), 'withdraw');
    },
  },

  checkIn: {
    access: onTask,
    async handler(input, { caller, db, now, subject }) {
      return changeClaim(db, subject as OrderDoc, input.taskId, caller, now(), 'checkIn');
    },
  },

  checkOut: {
    access: onTask,
    async handler(input, { caller, db, now, subject }) {
      return changeClaim(db, subject as OrderDoc, input.taskId, caller, now(), 'checkOut');
    },
  },

  report: {
    access: onTask,
    async handler(input, { caller, db, now, subject }) {
      const order = subject as OrderDoc;
      const at = now();
      return changeClaim(db, order, input.taskId, caller, at, 'report', {
        notes: input.notes,
        ...stepPhotos(db, caller, orderPhotos(order._id), input.photos, at),
      });
    },
  },
} satisfies OrdersImpl;

function claimedTask(task: TaskDoc, claim: ClaimDoc): TaskDoc {
  return {
    ...task,
    free: task.free - 1,
    active: [...task.active, claim.userId],
    claimants: [...new Set([...task.claimants, claim.userId])],
    claims: { ...task.claims, [claim.userId]: claim },
  };
}

/** Each move of a claim: its rule, the states it leaves (the write's condition), where it goes, the time it stamps. */
const CLAIM_STEPS = {
  withdraw: { check: checkWithdraw, from: ['claimed'], to: 'withdrawn', stamps: null },
  checkIn: { check: checkCheckIn, from: ['claimed'], to: 'checked_in', stamps: 'checkedInAt' },
  checkOut: { check: checkCheckOut, from: ['checked_in'], to: 'checked_out', stamps: 'checkedOutAt' },
  report: { check: checkReport, from: ['checked_in', 'checked_out'], to: 'reported', stamps: 'reportedAt' },
} as const;

/** A volunteer's own claim moves on: checked by the shared rules, written only if it is still where it was. */
async function changeClaim(
  db: Database,
  order: OrderDoc,
  taskId: string,
  caller: Caller,
  at: Date,
  kind: keyof typeof CLAIM_STEPS,
  report?: { notes: string } & Pick<StepOptions, 'photos' | 'allowedSet'>,
): Promise<Task> {
  const rule = CLAIM_STEPS[kind];
  const task = order.task!;
  const mine = task.claims[caller.openid];
  const check = rule.check({ orderState: order.status, task, mine: mine?.state ?? null, now: at });
  if (!check.ok) throw new AppError(check.code, check.message);
  const _ = db.command;
  const path = `task.claims.${caller.openid}`;
  const changes: Record<string, unknown> = { [`${path}.state`]: rule.to };
  if (kind === 'withdraw') {
    changes['task.free'] = _.inc(1);
    changes['task.active'] = _.pull(caller.openid);
  }
  if (rule.stamps) changes[`${path}.${rule.stamps}`] = at.toISOString();
  if (report) {
    changes[`${path}.notes`] = report.notes;
    changes[`${path}.photos`] = report.photos;
    Object.assign(changes, await report.allowedSet?.());
  }
  const res = await db
    .collection(COLLECTIONS.orders)
    .where({ _id: order._id, status: 'published', 'task.id': taskId, [`${path}.state`]: _.in([...rule.from]) })
    .update(changes);
  if (res.updated !== 1) throw new AppError('CONFLICT', '任务状态已变化，请刷新后重试');
  const claim: ClaimDoc = {
    ...mine,
    ...(rule.stamps && { [rule.stamps]: at.toISOString() }),
    state: rule.to,
    notes: report?.notes ?? mine.notes,
    photos: report?.photos ?? mine.photos,
  };
  const updatedTask: TaskDoc = {
    ...task,
    free: kind === 'withdraw' ? task.free + 1 : task.free,
    active: kind === 'withdraw' ? task.active.filter((id) => id !== caller.openid) : task.active,
    claims: { ...task.claims, [caller.openid]: claim },
  };
  return toTask(order, updatedTask, caller, at);
}
