/**
 * The inputs tests send most often, as the contract types them: a meeting of 雄关社区 two days after the test
 * clock's start, and a volunteer task for an order. Each test overrides only what it is about.
 */
import type { ActionInput } from '../../miniprogram/shared/api/index';
import { at } from '../helpers/functions';

type MeetingInput = ActionInput<'councils', 'createMeeting'>;
type TaskInput = ActionInput<'orders', 'publishTask'>;

let meetings = 0;

/** 加装电梯议事会 at 雄关社区, in 48 h, sign-up closing in 24 h, 10 seats; a fresh request id each call. */
export const meetingInput = (extra: Partial<MeetingInput> = {}): MeetingInput => ({
  requestId: `meeting-request-${++meetings}`,
  level: 'community',
  placeId: 'cm-xiongguan',
  title: '加装电梯议事会',
  startAt: at(48).toISOString(),
  endAt: at(50).toISOString(),
  signUpDeadline: at(24).toISOString(),
  place: '雄关社区党群服务中心',
  capacity: 10,
  ...extra,
});

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
