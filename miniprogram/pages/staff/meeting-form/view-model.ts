import type { ActionInput } from '../../../shared/api/index';
import type { PlaceOption } from '../../../shared/api/community';
import { councilsActions, type MeetingDetail, type Topic } from '../../../shared/api/councils';
import { checkSchedule, type Schedule } from '../../../shared/councils/machine';
import { COUNCIL_LEVELS, type CouncilLevel } from '../../../shared/councils/scope';
import { chinaParts } from '../../../shared/time';
import { fieldErrors } from '../../../shared/validation';

export const LEVEL_CHOICES: { value: CouncilLevel; label: string }[] = (
  Object.keys(COUNCIL_LEVELS) as CouncilLevel[]
).map((value) => ({ value, label: `${COUNCIL_LEVELS[value].label}（${COUNCIL_LEVELS[value].placeLabel}）` }));

/** The meeting being created or edited, as the form holds it (times as China-time dates and clock times). */
export interface MeetingForm {
  level: CouncilLevel;
  placeId: string;
  placeName: string;
  title: string;
  description: string;
  /** One agenda item of the organisers' own per line. */
  otherItems: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  deadlineDate: string;
  deadlineTime: string;
  place: string;
  capacity: number;
  partyMembers: boolean;
}

/** A proposed topic the agenda may take, with whether it is chosen. */
export interface TopicChoice {
  id: string;
  title: string;
  /** 楼院议事 · 1号楼 · 3人附议 */
  note: string;
  checked: boolean;
}

const DAY_MS = 24 * 3600_000;

/** A new meeting: the community level, tomorrow 14:30–16:30, sign-up until noon that day, 30 seats. */
export function newMeetingForm(communityId: string, now: number): MeetingForm {
  const tomorrow = chinaParts(now + DAY_MS).date;
  return {
    level: 'community',
    placeId: communityId,
    placeName: '本社区',
    title: '',
    description: '',
    otherItems: '',
    startDate: tomorrow,
    startTime: '14:30',
    endDate: tomorrow,
    endTime: '16:30',
    deadlineDate: tomorrow,
    deadlineTime: '12:00',
    place: '',
    capacity: 30,
    partyMembers: false,
  };
}

/** The form of an existing meeting (edit): its level and place stay as they are. */
export function meetingToForm(m: MeetingDetail): MeetingForm {
  const at = (iso: string) => chinaParts(new Date(iso).getTime());
  const start = at(m.startAt);
  const end = at(m.endAt);
  const deadline = at(m.signUpDeadline);
  return {
    level: m.level,
    placeId: m.scope.id,
    placeName: m.scope.name,
    title: m.title,
    description: m.description,
    otherItems: m.agenda
      .filter((a) => a.topic === null)
      .map((a) => a.title)
      .join('\n'),
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    deadlineDate: deadline.date,
    deadlineTime: deadline.time,
    place: m.place,
    capacity: m.capacity,
    partyMembers: m.audience.partyMembers,
  };
}

/** A China-time date and clock time as an ISO instant; '' when either is missing. */
export const chinaIso = (date: string, time: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return '';
  return new Date(`${date}T${time}:00+08:00`).toISOString();
};

export const scheduleOf = (form: MeetingForm): Schedule => ({
  startAt: chinaIso(form.startDate, form.startTime),
  endAt: chinaIso(form.endDate, form.endTime),
  signUpDeadline: chinaIso(form.deadlineDate, form.deadlineTime),
});

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

const chosen = (topics: readonly TopicChoice[]): string[] => topics.filter((t) => t.checked).map((t) => t.id);

function fields(form: MeetingForm, topics: readonly TopicChoice[]) {
  const description = form.description.trim();
  return {
    title: form.title.trim(),
    ...(description && { description }),
    topicIds: chosen(topics),
    otherItems: lines(form.otherItems),
    ...scheduleOf(form),
    place: form.place.trim(),
    capacity: form.capacity,
    audience: { partyMembers: form.partyMembers },
  };
}

export const toCreateInput = (
  form: MeetingForm,
  topics: readonly TopicChoice[],
  requestId: string,
): ActionInput<'councils', 'createMeeting'> => ({
  requestId,
  level: form.level,
  placeId: form.placeId,
  ...fields(form, topics),
});

export const toUpdateInput = (
  form: MeetingForm,
  topics: readonly TopicChoice[],
  meetingId: string,
): ActionInput<'councils', 'updateMeeting'> => ({ meetingId, ...fields(form, topics) });

/** The form's problems, one line per field it shows: place, title, agenda, schedule, place, capacity. */
export type FormErrors = Partial<Record<'placeId' | 'title' | 'agenda' | 'schedule' | 'place' | 'capacity', string>>;

/**
 * What createMeeting / updateMeeting would refuse, before sending: the contract's fields, then the schedule
 * rules (checkSchedule; an edit keeping its past deadline is fine). Capacity below the confirmed count is the
 * server's CONFLICT, shown after the answer.
 */
export function validateMeeting(
  form: MeetingForm,
  topics: readonly TopicChoice[],
  now: Date | string | number,
  before?: Schedule,
): FormErrors {
  const raw = before
    ? fieldErrors(councilsActions.updateMeeting.input, toUpdateInput(form, topics, 'm'))
    : fieldErrors(councilsActions.createMeeting.input, toCreateInput(form, topics, 'request-0000'));
  const key = (prefix: string) => Object.keys(raw).find((k) => k === prefix || k.startsWith(`${prefix}.`));
  const first = (...prefixes: string[]) => prefixes.map(key).find((k) => k !== undefined);
  const errors: FormErrors = {};
  const set = (field: keyof FormErrors, ...prefixes: string[]) => {
    const k = first(...prefixes);
    if (k) errors[field] = raw[k];
  };
  set('placeId', 'placeId');
  set('title', 'title', 'description');
  set('agenda', 'topicIds', 'otherItems');
  set('schedule', 'startAt', 'endAt', 'signUpDeadline');
  set('place', 'place');
  set('capacity', 'capacity');
  if (!form.placeId) errors.placeId = `请选择${COUNCIL_LEVELS[form.level].placeLabel}`;
  if (!errors.schedule) {
    const check = checkSchedule(scheduleOf(form), new Date(now), before);
    if (!check.ok) errors.schedule = check.message;
  }
  return errors;
}

/** The proposed topics a meeting of this level and place may take (the server checks again). */
export function topicChoices(
  topics: readonly Topic[],
  form: Pick<MeetingForm, 'level' | 'placeId'>,
  checked: readonly string[] = [],
): TopicChoice[] {
  const fits = (t: Topic) =>
    form.level === 'community' ||
    (form.level === 'grid' && (t.level === 'building' || (t.level === 'grid' && t.place.id === form.placeId))) ||
    (form.level === 'building' && t.level === 'building' && t.place.id === form.placeId);
  return topics
    .filter((t) => checked.includes(t.id) || (t.status === 'proposed' && fits(t)))
    .map((t) => ({
      id: t.id,
      title: t.title,
      note: `${t.levelLabel} · ${t.place.name} · ${t.backers}人附议`,
      checked: checked.includes(t.id),
    }));
}

/** The agenda topics of a meeting being edited (accepted, so no longer in the proposed list). */
export const agendaTopics = (m: MeetingDetail): TopicChoice[] =>
  m.agenda.flatMap((a) =>
    a.topic ? [{ id: a.topic.id, title: a.title, note: `${a.topic.backers}人附议`, checked: true }] : [],
  );

/** The names a place picker shows. */
export const placeNames = (options: readonly PlaceOption[]): string[] => options.map((o) => o.name);
