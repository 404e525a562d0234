/**
 * 议事会 as tests build it: the demo people who take part, and the contract inputs sent most often — a resident's
 * topic, a meeting of 雄关社区 two days after the test clock's start, its minutes. Each test overrides only what it
 * is about.
 */
import type { ActionInput } from '../../miniprogram/shared/api/index';
import { getDb } from '../../cloudfunctions/lib/db';
import { at, T0 } from '../helpers/functions';

export const RESIDENT = 'demo-resident'; // 雄关社区 德轩小区1号楼, grid 1
export const NEIGHBOUR = 'demo-party-member'; // 雄关社区 德轩小区3号楼, grid 2
export const STAFF = 'demo-community-staff'; // organiser of 雄关社区

type TopicInput = ActionInput<'councils', 'proposeTopic'>;
type MeetingInput = ActionInput<'councils', 'createMeeting'>;
type MinutesInput = ActionInput<'councils', 'publishMinutes'>;

let topics = 0;
let meetings = 0;

/** 老旧小区加装电梯 for the whole community; a fresh request id each call. */
export const topicInput = (extra: Partial<TopicInput> = {}): TopicInput => ({
  requestId: `topic-request-${++topics}`,
  level: 'community',
  title: '老旧小区加装电梯',
  description: '德轩小区多为老人，上下楼困难，希望加装电梯',
  ...extra,
});

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

/** The minutes of a meeting about the garden, with one resolution (社区牵头改造中心花园). */
export const minutesInput = (meetingId: string, extra: Partial<MinutesInput> = {}): MinutesInput => ({
  meetingId,
  minutes: '会议讨论了小区绿化改造方案',
  resolutions: [{ text: '社区牵头改造中心花园' }],
  ...extra,
});

/** Residents of 雄关社区 written straight into the store (fixtures for sign-up crowds). */
export async function addResidents(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `xiongguan-${String(i).padStart(2, '0')}`);
  await getDb()
    .collection('users')
    .add(
      ids.map((id, i) => ({
        _id: id,
        name: `居民${i}`,
        phone: '',
        streetId: 'st-xiongguan',
        communityId: 'cm-xiongguan',
        compoundId: 'cp-dexuan',
        buildingId: 'bd-dexuan-1',
        gridId: 'gr-xiongguan-1',
        roles: [],
        createdAt: T0,
        updatedAt: T0,
      })),
    );
  return ids;
}
