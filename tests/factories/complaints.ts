/**
 * Complaints as the contract shapes them, for view-model tests: a heating complaint of 德轩小区 filed at its
 * company (its summary and its detail, with a timeline that climbed once), and the actions the server offers.
 * Each test overrides only what it is about.
 */
import type { ActionInput } from '../../miniprogram/shared/api/index';
import type { ComplaintActionOption, ComplaintDetail, ComplaintSummary } from '../../miniprogram/shared/api/complaints';
import type { ComplaintActionCode } from '../../miniprogram/shared/complaints/capabilities';

/** The actions the server offers, every one enabled. */
export const offered = (...codes: ComplaintActionCode[]): ComplaintActionOption[] =>
  codes.map((code) => ({ code, enabled: true, reason: null }));

export const complaintSummary = (extra: Partial<ComplaintSummary> = {}): ComplaintSummary => ({
  id: 'cpl-1',
  category: { id: 'heating', label: '供暖' },
  summary: '暖气片不热',
  compound: { id: 'cp-dexuan', name: '德轩小区' },
  status: 'filed',
  statusLabel: '待受理',
  statusTone: 'warning',
  open: true,
  level: 'company',
  levelLabel: '物业企业',
  deadline: '2026-11-02T03:00:00.000Z',
  overdue: false,
  escalations: 0,
  supporters: 0,
  filerName: null,
  relation: 'filer',
  createdAt: '2026-11-02T01:00:00.000Z',
  channelTag: '',
  actions: [],
  ...extra,
});

export const complaintDetail = (extra: Partial<ComplaintDetail> = {}): ComplaintDetail => ({
  ...complaintSummary(),
  description: '暖气片不热，室温只有14度',
  photos: ['local://photos/demo-resident/a.jpg'],
  photoNote: null,
  publicName: false,
  resident: { name: '张桂兰', phone: '13800000000' },
  community: { id: 'cm-xiongguan', name: '雄关社区' },
  company: { id: 'un-dexuan-property', name: '德轩物业' },
  department: null,
  answer: null,
  rating: null,
  closingReason: null,
  timeline: [
    {
      action: 'create',
      actionLabel: '投诉',
      from: 'filed',
      to: 'filed',
      fromLevel: 'company',
      toLevel: 'company',
      role: 'resident',
      roleLabel: '居民',
      actorName: '张桂兰',
      at: '2026-11-02T01:00:00.000Z',
      reason: '',
      photos: [],
    },
    {
      action: 'escalate',
      actionLabel: '超时升级 · 社区呼叫',
      from: 'filed',
      to: 'filed',
      fromLevel: 'company',
      toLevel: 'community',
      role: 'system',
      roleLabel: '系统',
      actorName: '系统',
      at: '2026-11-02T03:10:00.000Z',
      reason: '',
      photos: [],
    },
  ],
  proactiveOrderId: null,
  ...extra,
});

type FileInput = ActionInput<'complaints', 'file'>;
let filings = 0;

/** What `file` is sent: a heating complaint, a fresh request id each call. */
export const complaintInput = (extra: Partial<FileInput> = {}): FileInput => ({
  requestId: `complaint-request-${String(++filings).padStart(4, '0')}`,
  category: 'heating',
  description: '暖气片不热，室温只有14度',
  ...extra,
});

/** `n` more residents of 德轩小区 as user documents (`<prefix>-<i>`), spread over its four buildings and two grids. */
export const dexuanResidents = (prefix: string, n: number, at: Date) =>
  Array.from({ length: n }, (_, i) => ({
    _id: `${prefix}-${i}`,
    name: `住户${i}`,
    phone: '',
    streetId: 'st-xiongguan',
    communityId: 'cm-xiongguan',
    compoundId: 'cp-dexuan',
    buildingId: `bd-dexuan-${(i % 4) + 1}`,
    gridId: i % 4 < 2 ? 'gr-xiongguan-1' : 'gr-xiongguan-2',
    roles: [],
    createdAt: at,
    updatedAt: at,
  }));
