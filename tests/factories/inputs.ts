/**
 * The inputs tests send most often, as the contract types them: a volunteer task for an order (a meeting's and a
 * topic's are in ./councils). Each test overrides only what it is about.
 */
import type { ActionInput } from '../../miniprogram/shared/api/index';
import { at } from '../helpers/functions';

type TaskInput = ActionInput<'orders', 'publishTask'>;

/** 协助排查漏水 at 德轩小区1号楼 for two volunteers, from `startHours` after the start for three hours. */
export const taskInput = (orderId: string, startHours: number, extra: Partial<TaskInput> = {}): TaskInput => ({
  orderId,
  title: '协助排查漏水',
  description: '',
  place: '德轩小区1号楼',
  slots: 2,
  startAt: at(startHours).toISOString(),
  endAt: at(startHours + 3).toISOString(),
  ...extra,
});
