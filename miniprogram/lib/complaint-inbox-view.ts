import { complaintsActions, type ComplaintDetail, type ComplaintSummary } from '../shared/api/complaints';
import { loadingList, mergeRows, withRows, type PagedList } from './paging';
import { emptyNotesForm, firstNotesError, notesInput, type NotesForm } from './photos';
import { fieldErrors } from '../shared/validation';
import { enabledActions } from '../shared/complaints/capabilities';
import type { ComplaintLevel } from '../shared/complaints/machine';
import { complaintRow, type ComplaintRow } from '../shared/complaints/wording';

/**
 * A complaint inbox: the property company's (物业企业), or the community's, street's or department's for the
 * complaints that climbed to them. Overdue first (the server orders it); 受理 and 答复 from the row.
 */
export type InboxFilter = 'new' | 'overdue' | 'open' | 'closed';

export const INBOX_TABS: ReadonlyArray<{ value: InboxFilter; label: string }> = [
  { value: 'new', label: '新投诉' },
  { value: 'overdue', label: '已超时' },
  { value: 'open', label: '处理中' },
  { value: 'closed', label: '已结束' },
];

const EMPTY_TEXT: Record<InboxFilter, string> = {
  new: '没有待受理的投诉',
  overdue: '没有超时的投诉',
  open: '没有处理中的投诉',
  closed: '还没有已结束的投诉',
};

export const isInboxFilter = (value: unknown): value is InboxFilter => INBOX_TABS.some((tab) => tab.value === value);

export interface InboxRow extends ComplaintRow {
  canAcknowledge: boolean;
  canAnswer: boolean;
}

export interface InboxViewModel extends PagedList<InboxRow> {
  filter: InboxFilter;
  /** Whose inbox: the level it holds complaints at. */
  level: ComplaintLevel;
  emptyText: string;
  /** The row an action is being sent for. */
  busyId: string;
}

export const loadingInbox = (filter: InboxFilter = 'new', level: ComplaintLevel = 'company'): InboxViewModel => ({
  ...loadingList<InboxRow>(),
  filter,
  level,
  emptyText: EMPTY_TEXT[filter],
  busyId: '',
});

/** The row's buttons: what the server says the caller may do now. */
export function toInboxRow(c: ComplaintSummary): InboxRow {
  const actions = enabledActions(c.actions);
  return { ...complaintRow(c), canAcknowledge: actions.includes('acknowledge'), canAnswer: actions.includes('answer') };
}

export const appendInboxPage = (
  vm: InboxViewModel,
  page: { items: ComplaintSummary[]; nextCursor: number | null },
  replace: boolean,
): InboxViewModel =>
  withRows(
    vm,
    mergeRows(
      vm.items,
      page.items.map((c) => toInboxRow(c)),
      replace,
    ),
    page.nextCursor,
  );

/** Whether a complaint still belongs in a tab of this inbox (it may have left the level, or closed). */
export function belongsTo(
  filter: InboxFilter,
  c: Pick<ComplaintSummary, 'status' | 'open' | 'overdue' | 'level'>,
  level: ComplaintLevel,
): boolean {
  if (filter === 'closed') return !c.open;
  // 处理中 is what the level still has to do: 受理 or 答复 (an answered complaint waits on the resident).
  const pending = c.level === level && (c.status === 'filed' || c.status === 'acknowledged');
  if (filter === 'new') return pending && c.status === 'filed';
  if (filter === 'overdue') return pending && c.overdue;
  return pending;
}

/** After 受理 / 答复: the row changes, or leaves the tab. */
export function afterInboxAction(vm: InboxViewModel, c: ComplaintDetail): InboxViewModel {
  const items = belongsTo(vm.filter, c, vm.level)
    ? vm.items.map((row) => (row.id === c.id ? toInboxRow(c) : row))
    : vm.items.filter((row) => row.id !== c.id);
  return { ...vm, busyId: '', items };
}

/** Whose inbox a page shows: the level and the unit, community or street that holds complaints there. */
export interface InboxScope {
  level: ComplaintLevel;
  scopeId: string;
}

// ── 答复: what was done, with optional photos ─────────────────────────────────────────────────────────────────

export interface AnswerForm extends NotesForm {
  complaintId: string;
}

export const newAnswerForm = (complaintId: string): AnswerForm => ({ complaintId, ...emptyNotesForm() });

/** What `answer` is sent. */
export const answerInput = (form: AnswerForm) => {
  const { notes, photos } = notesInput(form);
  return { complaintId: form.complaintId, notes, ...(photos.length > 0 && { photos }) };
};

/** The form's one problem, by the contract's own schema; '' when it may be sent. */
export const checkAnswer = (form: AnswerForm): string =>
  firstNotesError(fieldErrors(complaintsActions.answer.input, answerInput(form)));
