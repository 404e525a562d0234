/**
 * The complaints' timers: notices delivered from the outbox, the sweep (overdue climbs the ladder, an unconfirmed
 * answer counts as satisfied, the rating window closes), and the hourly credit scores.
 */
import { complaintTimerAction } from '../../miniprogram/shared/complaints/machine';
import { COLLECTIONS } from '../lib/db';
import { deliveryTimer } from '../lib/outbox';
import type { TimerSpec } from '../lib/router';
import { sweepTimer } from '../lib/workflow';
import { OPEN, snapshot, type ComplaintDoc } from './model';
import { storeScores } from './scores';
import { step } from './step';

export const deliver = deliveryTimer(COLLECTIONS.complaints);

export const sweep = sweepTimer({
  summary: '超时升级（社区呼叫—街道吹哨—部门报到）、超时视为满意、评价期满办结',
  everyMinutes: 5,
  actions: ['escalate', 'auto_confirm', 'auto_close'],
  async due(db, at) {
    const _ = db.command;
    const res = await db
      .collection(COLLECTIONS.complaints)
      .where({ status: _.in(OPEN), deadline: _.lt(at.toISOString()) })
      .limit(100)
      .get();
    return res.data as ComplaintDoc[];
  },
  dueAction: (c, at) => complaintTimerAction(snapshot(c), at),
  step,
});

export const scoreCredit: TimerSpec = {
  summary: '物业服务企业信用评价：每小时重算评分、排名与走势',
  everyMinutes: 60,
  async run({ db, now }) {
    return { companies: await storeScores(db, now()) };
  },
};
