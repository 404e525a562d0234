import type { ComplaintSummary } from '../api/complaints';
import type { Tone } from '../orders/machine';
import { shortTime } from '../time';
import { COMPLAINT_CLOCK_LABELS, COMPLAINT_STATES, type ComplaintState } from './machine';

/** How the complaint pages word a complaint: its line in every list, its deadline. */

/** The caller's own relation to a complaint, as a badge. */
export const RELATION_LABELS: Record<NonNullable<ComplaintSummary['relation']>, string> = {
  filer: '我发起的',
  supporter: '我附议的',
};

/** What every list of complaints shows of one. */
export interface ComplaintRow {
  id: string;
  category: string;
  summary: string;
  compound: string;
  statusLabel: string;
  statusTone: Tone;
  /** 物业企业 / 社区 / 街道 / 职能部门: who holds it now. */
  levelLabel: string;
  overdue: boolean;
  /** 答复时限 11-02 11:00, or '' once no clock runs. */
  deadlineText: string;
  /** 我发起的 / 我附议的, or ''. */
  relationLabel: string;
  /** 3位邻居附议, or ''. */
  supportersText: string;
  /** 升级2次, or ''. */
  escalationsText: string;
  /** 电话代办, 窗口代办: staff took it down for him (shared/intake.ts); '' when he filed it himself. */
  channelTag: string;
  created: string;
}

/** The clock that runs and when it ends, e.g. 受理时限 11-02 11:00; '' once no clock runs. */
export function complaintDeadlineText(c: { status: ComplaintState; deadline: string | null }): string {
  const clock = COMPLAINT_STATES[c.status].clock;
  return c.deadline && clock ? `${COMPLAINT_CLOCK_LABELS[clock]} ${shortTime(c.deadline)}` : '';
}

export const supportersText = (supporters: number): string => (supporters > 0 ? `${supporters}位邻居附议` : '');

export const complaintRow = (c: ComplaintSummary): ComplaintRow => ({
  id: c.id,
  category: c.category.label,
  summary: c.summary,
  compound: c.compound.name,
  statusLabel: c.statusLabel,
  statusTone: c.statusTone,
  levelLabel: c.levelLabel,
  overdue: c.overdue,
  deadlineText: complaintDeadlineText(c),
  relationLabel: c.relation ? RELATION_LABELS[c.relation] : '',
  supportersText: supportersText(c.supporters),
  escalationsText: c.escalations > 0 ? `升级${c.escalations}次` : '',
  channelTag: c.channelTag,
  created: `${shortTime(c.createdAt)} 投诉`,
});
