import type { Category } from '../../../shared/api/orders';
import { councilsActions, type MeetingDetail } from '../../../shared/api/councils';
import { orderDetailUrl } from '../../../lib/links';
import { fieldErrors } from '../../../shared/validation';

/** A resolution row being written: its text and the agenda topic it settles (index into the topic options). */
export interface ResolutionRow {
  key: string;
  text: string;
  topicIndex: number;
}

export interface MinutesForm {
  minutes: string;
  resolutions: ResolutionRow[];
  /** Rows made so far (for keys). */
  made: number;
}

export const emptyMinutesForm = (): MinutesForm => ({ minutes: '', resolutions: [], made: 0 });

export const withRow = (form: MinutesForm): MinutesForm => ({
  ...form,
  made: form.made + 1,
  resolutions: [...form.resolutions, { key: `r${form.made + 1}`, text: '', topicIndex: 0 }],
});

export const withoutRow = (form: MinutesForm, index: number): MinutesForm => ({
  ...form,
  resolutions: form.resolutions.filter((_, i) => i !== index),
});

/** What a resolution may be linked to: nothing, or one of the agenda's residents' topics. */
export const topicOptions = (m: Pick<MeetingDetail, 'agenda'>): { id: string | null; label: string }[] => [
  { id: null, label: '不关联议题' },
  ...m.agenda.flatMap((a) => (a.topic ? [{ id: a.topic.id, label: a.title }] : [])),
];

export function toPublishInput(meetingId: string, form: MinutesForm, topics: readonly { id: string | null }[]) {
  return {
    meetingId,
    minutes: form.minutes.trim(),
    resolutions: form.resolutions.map((r) => {
      const topicId = topics[r.topicIndex]?.id ?? null;
      return { text: r.text.trim(), ...(topicId && { topicId }) };
    }),
  };
}

/** What publishMinutes would refuse: the minutes' problem, and each resolution row's (by index). */
export function publishErrors(input: ReturnType<typeof toPublishInput>): {
  minutes: string;
  rows: string[];
  other: string;
} {
  const errors = fieldErrors(councilsActions.publishMinutes.input, input);
  return {
    minutes: errors.minutes ?? '',
    rows: input.resolutions.map((_, i) => errors[`resolutions.${i}.text`] ?? ''),
    other: errors.resolutions ?? '',
  };
}

export const hasErrors = (e: ReturnType<typeof publishErrors>): boolean =>
  !!e.minutes || !!e.other || e.rows.some(Boolean);

export interface PublishedResolution {
  id: string;
  text: string;
  stepLabel: string;
  order: { url: string; statusLabel: string } | null;
}

export const publishedResolutions = (m: MeetingDetail): PublishedResolution[] =>
  m.resolutions.map((r) => ({
    id: r.id,
    text: r.text,
    stepLabel: r.order ? r.order.stepLabel : '议事会议事',
    order: r.order ? { url: orderDetailUrl(r.order.id), statusLabel: r.order.statusLabel } : null,
  }));

/** The category picker's lines: 设施维修 · 一般 · 3天内办结 */
export const categoryNames = (categories: readonly Category[]): string[] =>
  categories.map((c) => `${c.label} · ${c.limitLabel}`);
