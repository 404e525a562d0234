/**
 * The complaint pages' pure view models: what a list row, the detail page, the inboxes, the score page, the
 * hotspot board and the ranking show of the contract's data, and what the forms would refuse before sending.
 */
import type { CompanyScore, HotspotItem } from '../../../miniprogram/shared/api/complaints';
import { complaintDetail as detail, complaintSummary as summary, offered } from '../../factories/complaints';
import {
  afterInboxAction,
  answerInput,
  belongsTo,
  checkAnswer,
  loadingInbox,
  newAnswerForm,
  toInboxRow,
} from '../../../miniprogram/lib/complaint-inbox-view';
import { complaintDeadlineText, complaintRow } from '../../../miniprogram/shared/complaints/wording';
import { makeRequestId } from '../../../miniprogram/shared/request-id';
import {
  afterFiling,
  emptyComplaintForm,
  fileInput,
  serverErrors,
  toSimilarRows,
  validateComplaint,
} from '../../../miniprogram/pages/complaints/new/view-model';
import {
  actionButtons,
  rateInput,
  ratingError,
  reasonError,
  toDetailView,
} from '../../../miniprogram/pages/complaints/detail/view-model';
import { toScoreViewModel } from '../../../miniprogram/pages/complaints/score/view-model';
import { staffScope } from '../../../miniprogram/pages/staff/complaints/view-model';
import { unitScope } from '../../../miniprogram/pages/unit/complaints/view-model';
import {
  clampControl,
  proactiveError,
  proactiveInput,
  toHotspotCard,
  toHotspotsViewModel,
  withOrder,
} from '../../../miniprogram/pages/staff/hotspots/view-model';
import { appendRanking, loadingRanking, toRankingRow } from '../../../miniprogram/pages/staff/ranking/view-model';

const url = (id: string) => `https://files/${id}`;

describe('a complaint’s row and deadline', () => {
  it('words the row: badge, level, supporters, escalations and the running clock in China time', () => {
    expect(complaintRow(summary({ relation: 'supporter', supporters: 3, escalations: 2 }))).toMatchObject({
      category: '供暖',
      compound: '德轩小区',
      levelLabel: '物业企业',
      relationLabel: '我附议的',
      supportersText: '3位邻居附议',
      escalationsText: '升级2次',
      deadlineText: '受理时限 11-02 11:00',
      created: '11-02 09:00 投诉',
    });
    expect(complaintRow(summary({ relation: null })).relationLabel).toBe('');
    expect(complaintDeadlineText({ status: 'closed', deadline: null })).toBe('');
  });
});

describe('the inboxes', () => {
  it('offers 受理 and 答复 as the server does, and nothing it did not', () => {
    expect(toInboxRow(summary({ actions: offered('acknowledge', 'answer') }))).toMatchObject({
      canAcknowledge: true,
      canAnswer: true,
    });
    expect(toInboxRow(summary())).toMatchObject({ canAcknowledge: false, canAnswer: false });
    expect(toInboxRow(summary({ status: 'acknowledged', actions: offered('answer') }))).toMatchObject({
      canAcknowledge: false,
      canAnswer: true,
    });
  });

  it('keeps a row in its tab or lets it go after an action', () => {
    expect(belongsTo('new', summary(), 'company')).toBe(true);
    expect(belongsTo('new', summary({ status: 'acknowledged' }), 'company')).toBe(false);
    expect(belongsTo('open', summary({ status: 'answered' }), 'company')).toBe(false);
    expect(belongsTo('open', summary({ level: 'community' }), 'company')).toBe(false);
    expect(belongsTo('overdue', summary({ overdue: true }), 'company')).toBe(true);
    expect(belongsTo('closed', summary({ open: false, status: 'closed' }), 'company')).toBe(true);

    const vm = { ...loadingInbox('open'), state: 'ready' as const, items: [toInboxRow(summary())] };
    const acked = afterInboxAction(vm, detail({ status: 'acknowledged', statusLabel: '处理中' }));
    expect(acked.items.map((r) => r.statusLabel)).toEqual(['处理中']);
    expect(afterInboxAction(vm, detail({ status: 'answered' })).items).toEqual([]);
  });

  it('checks the answer by the contract and leaves out no photos', () => {
    const form = newAnswerForm('cpl-1');
    expect(checkAnswer(form)).toBe('请填写办理情况');
    expect(answerInput({ ...form, notes: ' 已处理 ' })).toEqual({ complaintId: 'cpl-1', notes: '已处理' });
  });

  it('reads whose inbox from the query', () => {
    expect(unitScope({ unitId: 'un-1' })).toEqual({ level: 'company', scopeId: 'un-1' });
    expect(unitScope({})).toBeNull();
    expect(staffScope({ level: 'street', scopeId: 'st-1' })).toEqual({ level: 'street', scopeId: 'st-1' });
    expect(staffScope({ level: 'company', scopeId: 'x' })).toBeNull();
    expect(staffScope({ level: 'department' })).toBeNull();
  });
});

describe('我要投诉', () => {
  it('validates by the contract, sends photos only when there are some, and words a joined answer', () => {
    const form = { ...emptyComplaintForm(), notes: '不热' };
    expect(validateComplaint(form, 'r-request-01')).toEqual({
      category: '请选择投诉类别',
      description: '请描述问题（至少5个字）',
    });
    const ready = { ...form, category: 'heating' as const, notes: ' 暖气片不热了 ' };
    expect(validateComplaint(ready, 'r-request-01')).toEqual({});
    expect(validateComplaint({ ...ready, uploading: true }, 'r-request-01').photos).toBe('照片还在上传，请稍候');
    expect(fileInput(ready, 'r-request-01')).toEqual({
      requestId: 'r-request-01',
      category: 'heating',
      description: '暖气片不热了',
      publicName: false,
    });
    expect(afterFiling({ id: 'c 1', relation: 'supporter' })).toEqual({
      url: '/pages/complaints/detail/index?id=c%201&joined=1',
      toast: '已有同类投诉，已为您附议',
    });
    expect(afterFiling({ id: 'c1', relation: 'filer' }).toast).toBe('投诉已提交');
    expect(
      serverErrors({
        code: 'VALIDATION_FAILED',
        message: 'x',
        details: { issues: [{ path: 'description', message: 'd' }] },
      }),
    ).toEqual({ errors: { description: 'd' }, formError: '请按提示修改后再提交' });
    expect(
      toSimilarRows([summary({ relation: null, filerName: '张*兰', actions: offered('me_too') })])[0],
    ).toMatchObject({
      filer: '张*兰',
      joined: false,
    });
    const joinedAlready = { code: 'me_too', enabled: false, reason: 'joined' } as const;
    expect(toSimilarRows([summary({ relation: 'supporter', actions: [joinedAlready] })])[0]).toMatchObject({
      relationLabel: '我附议的',
      joined: true,
    });
  });

  it('makes request ids the contract accepts', () => {
    const id = makeRequestId(Date.UTC(2026, 10, 2), () => 0.5);
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(makeRequestId(1, Math.random)).not.toBe(makeRequestId(1, Math.random));
  });
});

describe('投诉详情', () => {
  it('shows the timeline newest first with each climb, and no buttons the server did not give', () => {
    const view = toDetailView(detail({ level: 'community', levelLabel: '社区', escalations: 1 }), url);
    expect(view.timeline.map((t) => [t.title, t.climb, t.actor])).toEqual([
      ['超时升级 · 社区呼叫', '物业企业 → 社区', '系统'],
      ['投诉', '', '居民 张桂兰'],
    ]);
    expect(view).toMatchObject({
      levelLabel: '社区',
      escalationsText: '已升级1次',
      contact: '张桂兰 13800000000',
      company: '德轩物业',
      photos: [
        { fileID: 'local://photos/demo-resident/a.jpg', url: 'https://files/local://photos/demo-resident/a.jpg' },
      ],
      buttons: [],
      canRate: false,
      orderUrl: '',
    });
    expect(toDetailView(detail({ company: null, resident: null, proactiveOrderId: 'ord-1' }), url)).toMatchObject({
      company: '无物业（社区办理）',
      contact: '',
      filer: '一位邻居',
      orderUrl: '/pages/orders/detail/index?id=ord-1',
    });
  });

  it('orders the buttons and names a referral for where it goes', () => {
    expect(
      actionButtons({ actions: offered('not_satisfied', 'satisfied'), level: 'company' }).map((b) => b.label),
    ).toEqual(['满意', '不满意，升级办理']);
    expect(
      actionButtons({ actions: offered('close_not_responsible', 'refer', 'acknowledge'), level: 'street' }).map(
        (b) => b.label,
      ),
    ).toEqual(['受理', '上报上级 · 部门报到', '认定非物业责任']);
    expect(toDetailView(detail({ actions: offered('rate') }), url).canRate).toBe(true);
  });

  it('checks reasons and ratings by the contract', () => {
    expect(reasonError('not_satisfied', 'c1', '')).toBe('请填写理由（至少2个字）');
    expect(reasonError('refer', 'c1', '须街道协调')).toBe('');
    expect(ratingError('c1', { stars: 0, comment: '' })).toBe('请选择星级');
    expect(rateInput('c1', { stars: 5, comment: '  ' })).toEqual({ complaintId: 'c1', stars: 5 });
  });
});

const companyScore = (extra: Partial<CompanyScore> = {}): CompanyScore => ({
  company: { id: 'un-1', name: '德轩物业' },
  score: 86.26,
  rank: 2,
  of: 5,
  complaints: 3,
  households: 1200,
  measures: {
    acknowledge: { x: 2, n: 3, raw: 2 / 3, value: 0.8 },
    answer: { x: 0, n: 0, raw: null, value: 0.9 },
    satisfaction: { x: 1, n: 1, raw: 1, value: 0.95 },
    reopen: { x: 1, n: 1, raw: 1, value: 0.97 },
    volume: { x: 3, n: 1200, raw: 2.5, value: 0.5 },
  },
  ...extra,
});

describe('信用评价 and ranking', () => {
  it('shows the score, rank, measures and trend; a 无物业小区 gets the explanation', () => {
    const vm = toScoreViewModel({
      score: companyScore(),
      trend: [
        { month: '2026-10', score: null, complaints: 0 },
        { month: '2026-11', score: 86.26, complaints: 3 },
      ],
      windowDays: 90,
    });
    if (vm.state !== 'ready') throw new Error(vm.state);
    expect(vm.score).toMatchObject({ score: '86.3', rank: '第2 / 共5', basis: '近90天 3件投诉 · 服务1200户' });
    expect(vm.score.measures.map((m) => [m.label, m.value, m.detail])).toEqual([
      ['按时受理', 80, '本企业 67%（3件）'],
      ['按时答复', 90, '暂无记录（按全市平均）'],
      ['满意度', 95, '本企业 100%（1件）'],
      ['一次办结（未被发回）', 97, '本企业 100%（1件）'],
      ['投诉率（每千户）', 50, '每千户 2.5 件（3件 / 1200户）'],
    ]);
    expect(vm.score.trend).toEqual([
      { month: '10月', height: 0, scoreText: '—', complaints: 0 },
      { month: '11月', height: 86, scoreText: '86.3', complaints: 3 },
    ]);
    expect(toScoreViewModel({ score: null, trend: [], windowDays: 90 }).state).toBe('none');
  });

  it('ranks with a caption and marks the bottom third', () => {
    expect(toRankingRow(companyScore({ rank: 5, of: 6 }))).toMatchObject({ rank: 5, score: '86.3', low: true });
    expect(toRankingRow(companyScore({ rank: 2, of: 6 })).low).toBe(false);
    const vm = appendRanking(
      loadingRanking(),
      { items: [companyScore()], nextCursor: null, asOf: '2026-11-02T02:00:00.000Z', windowDays: 90 },
      true,
    );
    expect(vm).toMatchObject({ state: 'ready', caption: '近90天 · 更新于 2026-11-02 10:00' });
  });
});

describe('投诉热点', () => {
  const hotspot: HotspotItem = {
    key: 'heating:grid:gr-1',
    category: { id: 'heating', label: '供暖' },
    scope: 'grid',
    place: { id: 'gr-1', name: '第一网格' },
    households: 6,
    complaints: 4,
    openComplaints: 2,
    compounds: [
      { id: 'cp-a', name: '德轩小区' },
      { id: 'cp-b', name: '龙湖华庭' },
    ],
    complaintIds: ['a', 'b', 'c', 'd'],
    firstAt: '2026-11-01T01:00:00.000Z',
    lastAt: '2026-11-02T10:30:00.000Z',
    proactiveOrderId: null,
  };

  it('words a card, links its order once opened, and keeps the controls within the contract', () => {
    expect(toHotspotCard(hotspot)).toMatchObject({
      title: '供暖 · 第一网格',
      scopeLabel: '网格',
      compounds: '德轩小区、龙湖华庭',
      period: '11-01 09:00 – 11-02 18:30',
      orderUrl: '',
    });
    const vm = withOrder(toHotspotsViewModel([hotspot], { windowDays: 7, threshold: 5 }), hotspot.key, 'ord-9');
    expect(vm.state === 'ready' && vm.items[0].orderUrl).toBe('/pages/orders/detail/index?id=ord-9');
    expect(clampControl('threshold', 1)).toBe(2);
    expect(clampControl('windowDays', 400)).toBe(90);
    expect(clampControl('windowDays', Number.NaN)).toBe(1);
    const input = proactiveInput('cm-1', hotspot, 7, ' 短 ', 'r-request-01');
    expect(proactiveError(input)).toBe('请描述要办的事（至少5个字）');
    expect(proactiveError({ ...input, description: '协调供热公司入户排查' })).toBe('');
  });
});
