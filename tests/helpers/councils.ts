/**
 * Arranging 议事会 scenes for page tests through the real functions: meetings at real-clock times (the page
 * backend runs on the real clock and cannot move it). The backend and the wx mock per user: `usePageBackend`
 * of ./complaints; fresh residents: its `registerDexuanResidents`.
 */
import type { ActionInput } from '../../miniprogram/shared/api';
import { expectOk, type PageBackend } from './page-backend';

export const RESIDENT = 'demo-resident'; // 张桂兰, 雄关社区 德轩小区1号楼, grid 1
export const NEIGHBOUR = 'demo-party-member'; // 李建国, 雄关社区 德轩小区3号楼, grid 2
export const STAFF = 'demo-community-staff'; // organiser of 雄关社区
export const COMMUNITY = 'cm-xiongguan';

const MINUTE = 60_000;
/** An ISO time `minutes` from now (negative: ago). */
export const fromNow = (minutes: number): string => new Date(Date.now() + minutes * MINUTE).toISOString();

let seq = 0;
const nextRequestId = (what: string) => `${what}-${Date.now().toString(36)}-${String(++seq).padStart(4, '0')}`;

/** A 大党委议事 of 雄关社区 created by its staff: in two days unless told otherwise. */
export async function createMeeting(
  backend: PageBackend,
  extra: Partial<ActionInput<'councils', 'createMeeting'>> = {},
  organiser = STAFF,
) {
  return expectOk(
    await backend.call(organiser, 'councils', 'createMeeting', {
      requestId: nextRequestId('meeting'),
      level: 'community',
      placeId: COMMUNITY,
      title: '加装电梯议事会',
      startAt: fromNow(48 * 60),
      endAt: fromNow(50 * 60),
      signUpDeadline: fromNow(24 * 60),
      place: '雄关社区党群服务中心',
      capacity: 10,
      ...extra,
    }),
  );
}

/** A meeting about to start: sign-up closes in `deadlineSeconds`, it starts a second later (check-in, minutes). */
export const imminent = (deadlineSeconds: number): Partial<ActionInput<'councils', 'createMeeting'>> => ({
  signUpDeadline: new Date(Date.now() + deadlineSeconds * 1000).toISOString(),
  startAt: new Date(Date.now() + (deadlineSeconds + 1) * 1000).toISOString(),
  endAt: fromNow(120),
});

/** Waits (real time) until the ISO time has passed. */
export const waitUntil = (iso: string) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(iso).getTime() - Date.now() + 50)));

export async function proposeTopic(
  backend: PageBackend,
  who: string,
  input: Omit<ActionInput<'councils', 'proposeTopic'>, 'requestId'>,
) {
  return expectOk(await backend.call(who, 'councils', 'proposeTopic', { requestId: nextRequestId('topic'), ...input }));
}
