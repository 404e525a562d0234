import type { ActionInput } from '../../../shared/api/index';
import { councilsActions, type MeetingSummary, type Topic } from '../../../shared/api/councils';
import type { CouncilLevel } from '../../../shared/councils/scope';
import type { Tone } from '../../../shared/orders/machine';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { emptyNotesForm, notesInput, type NotesForm } from '../../../lib/photos';
import { shortTime } from '../../../shared/time';
import { fieldErrors } from '../../../shared/validation';

/** Where a resident's topic is about: his own building, grid or community. */
export const LEVEL_OPTIONS: { value: CouncilLevel; label: string }[] = [
  { value: 'building', label: '本楼栋' },
  { value: 'grid', label: '本网格' },
  { value: 'community', label: '本社区' },
];

export interface TopicItem {
  id: string;
  title: string;
  description: string;
  levelLabel: string;
  place: string;
  statusLabel: string;
  statusTone: Tone;
  /** 12人附议 */
  backers: string;
  /** 张** / 一位居民 */
  proposer: string;
  /** 我提出的 / 我已附议 / '' */
  relation: string;
  canBack: boolean;
  canWithdraw: boolean;
  canAccept: boolean;
  canDecline: boolean;
  /** 已列入「…」11-03 14:00; ''. */
  meeting: string;
  declineReason: string;
}

export function toTopicItem(t: Topic): TopicItem {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    levelLabel: t.levelLabel,
    place: t.place.name,
    statusLabel: t.statusLabel,
    statusTone: t.statusTone,
    backers: `${t.backers}人附议`,
    proposer: t.proposerName ?? '一位居民',
    relation: t.relation === 'proposer' ? '我提出的' : t.relation === 'backer' ? '我已附议' : '',
    canBack: t.canBack,
    canWithdraw: t.relation === 'proposer' && t.actions.includes('withdraw'),
    canAccept: t.actions.includes('accept'),
    canDecline: t.actions.includes('decline'),
    meeting: t.meeting ? `议事会「${t.meeting.title}」${shortTime(t.meeting.startAt)}` : '',
    declineReason: t.declineReason ?? '',
  };
}

/** 群众说事: the topics of my building, grid and community (organisers: of the community), most backed first. */
export interface TopicsViewModel extends PagedList<TopicItem> {
  /** The topic being acted on ('' when none). */
  busyId: string;
}

export const loadingTopics = (): TopicsViewModel => ({ ...loadingList<TopicItem>(), busyId: '' });

export const appendTopics = (
  vm: TopicsViewModel,
  page: { items: Topic[]; nextCursor: number | null },
  replace: boolean,
): TopicsViewModel => withRows(vm, mergeRows(vm.items, page.items.map(toTopicItem), replace), page.nextCursor);

/** The list after one topic changed: that row replaced in place. */
export const withTopic = (vm: TopicsViewModel, topic: Topic): TopicsViewModel => ({
  ...vm,
  busyId: '',
  items: vm.items.map((item) => (item.id === topic.id ? toTopicItem(topic) : item)),
});

/** The propose form: the notes form's description and photos, plus level, title and the name switch. */
export interface TopicForm extends NotesForm {
  level: CouncilLevel | '';
  title: string;
  publicName: boolean;
  errors: Record<string, string>;
}

export const emptyTopicForm = (): TopicForm => ({
  ...emptyNotesForm(),
  level: '',
  title: '',
  publicName: false,
  errors: {},
});

export function toProposeInput(form: TopicForm, requestId: string): ActionInput<'councils', 'proposeTopic'> {
  const { notes, photos } = notesInput(form);
  return {
    requestId,
    level: form.level as CouncilLevel,
    title: form.title.trim(),
    description: notes,
    ...(photos.length > 0 && { photos }),
    publicName: form.publicName,
  };
}

/** What proposeTopic would refuse, per field (level, title, description, photos). */
export const proposeErrors = (form: TopicForm, requestId: string): Record<string, string> =>
  fieldErrors(councilsActions.proposeTopic.input, toProposeInput(form, requestId));

/** The meetings an organiser may put a topic on (an action sheet shows six at most). */
export const meetingChoices = (meetings: readonly MeetingSummary[]): { id: string; label: string }[] =>
  meetings
    .filter((m) => m.status === 'scheduled')
    .slice(0, 6)
    .map((m) => ({ id: m.id, label: `${m.title} ${shortTime(m.startAt)}` }));
