/** The kpis function's one timer: keeping the read model (its cells and `now`) up to date. */
import type { TimerSpec } from '../lib/router';
import { tally } from './tally';

export const tallyTimer: TimerSpec = {
  summary: '工作台数据：重算有变动的工单与投诉所在日的指标、当前超时数与名称',
  everyMinutes: 1,
  run: ({ db, now }) => tally(db, now()),
};
