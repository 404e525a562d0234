import { appendOrders, detailUrl, loadingOrders, toOrderItem } from '../../../miniprogram/pages/orders/mine/view-model';
import { deadlineView, remainingText } from '../../../miniprogram/pages/orders/lib/deadline';
import {
  addPhotos,
  defaultPlace,
  emptyForm,
  findCategory,
  groupCategories,
  photosNote,
  progressChanged,
  removePhoto,
  serverErrors,
  toCreateInput,
  toUploadFiles,
  updatePhoto,
  validateOrder,
  type PhotoItem,
} from '../../../miniprogram/pages/orders/new/view-model';
import {
  notFixedReasonError,
  ratingError,
  residentButtons,
  toDetailView,
} from '../../../miniprogram/pages/orders/detail/view-model';
import { canLoadMore } from '../../../miniprogram/lib/paging';
import { RequestId, type Category, type OrderDetail, type OrderSummary } from '../../../miniprogram/shared/api/orders';
import { ORDER_ACTION_NAMES } from '../../../miniprogram/shared/orders/machine';
import { makeRequestId } from '../../../miniprogram/shared/request-id';
import { orderSummary } from '../../factories/orders';

const NOW = '2026-11-03T06:00:00.000Z'; // 14:00 in China
const HOUR = 3600_000;
const at = (hoursFromNow: number) => new Date(new Date(NOW).getTime() + hoursFromNow * HOUR).toISOString();

const summary = (over: Partial<OrderSummary> = {}): OrderSummary =>
  orderSummary({
    id: 'ord_1',
    category: { id: 'heating', label: '供暖问题' },
    summary: '暖气不热',
    status: 'accepted',
    deadline: at(3.5),
    createdAt: at(-20),
    ...over,
  });

describe('我的工单 view model', () => {
  it('says how much time is left, rounded down', () => {
    expect(remainingText(30 * 1000)).toBe('剩余1分钟');
    expect(remainingText(45 * 60 * 1000)).toBe('剩余45分钟');
    expect(remainingText(3.5 * HOUR)).toBe('剩余3小时');
    expect(remainingText(6.9 * 24 * HOUR)).toBe('剩余6天');
  });

  it('reads the deadline per clock: time left or 已超时 for the workers, the timer’s moment for the resident', () => {
    expect(deadlineView(summary(), NOW)).toEqual({ text: '剩余3小时', overdue: false });
    expect(deadlineView(summary({ deadline: at(-1) }), NOW)).toEqual({ text: '已超时', overdue: true });
    // the server already marked it overdue (its clock ran ahead of the phone's)
    expect(deadlineView(summary({ overdue: true }), NOW)).toEqual({ text: '已超时', overdue: true });
    expect(deadlineView(summary({ status: 'submitted', deadline: at(1.5) }), NOW).text).toBe('剩余1小时');
    expect(deadlineView(summary({ status: 'completed', deadline: at(24 * 6.5) }), NOW).text).toBe('6天后自动确认');
    expect(deadlineView(summary({ status: 'confirmed', deadline: at(24 * 2.1) }), NOW).text).toBe('评价剩余2天');
    expect(deadlineView(summary({ status: 'completed', deadline: at(-1) }), NOW)).toEqual({ text: '', overdue: false });
    expect(deadlineView(summary({ status: 'closed', deadline: null }), NOW)).toEqual({ text: '', overdue: false });
  });

  it('an item shows category, summary, status, deadline and 发回重办 only when reworked', () => {
    expect(toOrderItem(summary(), NOW)).toEqual({
      id: 'ord_1',
      category: '供暖问题',
      summary: '暖气不热',
      place: '1号楼 2单元301',
      statusLabel: '处理中',
      statusTone: 'primary',
      deadline: '剩余3小时',
      overdue: false,
      rework: '',
      created: '2026-11-02 18:00 提交',
      channelTag: '',
    });
    expect(toOrderItem(summary({ reworkCount: 2 }), NOW).rework).toBe('发回重办2次');
    // 代办: marked with how it reached us
    expect(toOrderItem(summary({ channel: 'phone', channelTag: '电话代办' }), NOW).channelTag).toBe('电话代办');
  });

  it('pages: replace, append without duplicates', () => {
    let vm = loadingOrders('open');
    expect(canLoadMore(vm)).toBe(false);
    vm = appendOrders(vm, { items: [summary({ id: 'a' }), summary({ id: 'b' })], nextCursor: 20 }, true, NOW);
    expect(vm.state).toBe('ready');
    expect(canLoadMore(vm)).toBe(true);
    vm = appendOrders(vm, { items: [summary({ id: 'b' }), summary({ id: 'c' })], nextCursor: null }, false, NOW);
    expect(vm.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(canLoadMore(vm)).toBe(false);
    expect(detailUrl('ord_1')).toBe('/pages/orders/detail/index?id=ord_1');
  });
});

const category = (id: string, group: string, tier: Category['tier'], limitLabel: string): Category => ({
  id,
  label: id,
  group,
  hint: '',
  tier,
  limitLabel,
  defaultHandler: 'property',
});

const photo = (key: string, status: PhotoItem['status'], over: Partial<PhotoItem> = {}): PhotoItem => ({
  key,
  path: `wxfile://${key}.jpg`,
  status,
  percent: status === 'done' ? 100 : 0,
  fileID: status === 'done' ? `local://${key}.jpg` : '',
  message: status === 'failed' ? '网络不给力' : '',
  ...over,
});

describe('我要下单 view model', () => {
  it('groups categories by 大类 in catalogue order, with the time-limit label', () => {
    const groups = groupCategories([
      category('gas_leak', '紧急求助', 'urgent', '紧急 · 2小时内办结'),
      category('heating', '水电气暖', 'fast', '加急 · 24小时内办结'),
      category('elevator_trapped', '紧急求助', 'urgent', '紧急 · 2小时内办结'),
    ]);
    expect(groups.map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ['紧急求助', ['gas_leak', 'elevator_trapped']],
      ['水电气暖', ['heating']],
    ]);
    expect(findCategory(groups, 'heating')).toMatchObject({ limitLabel: '加急 · 24小时内办结', urgent: false });
    expect(findCategory(groups, 'gas_leak')!.urgent).toBe(true);
    expect(findCategory(groups, 'nope')).toBeNull();
  });

  it('the default place is the registered building', () => {
    const home = {
      compound: { id: 'cp', name: '德轩小区', propertyCompany: null },
      building: { id: 'bd', name: '1号楼' },
    } as Parameters<typeof defaultPlace>[0];
    expect(defaultPlace(home)).toBe('德轩小区 1号楼');
    expect(defaultPlace(null)).toBe('您登记的楼栋');
  });

  it('request ids are valid for the contract and differ per form', () => {
    const a = makeRequestId(Date.parse(NOW));
    const b = makeRequestId(Date.parse(NOW));
    expect(RequestId.safeParse(a).success).toBe(true);
    expect(a).not.toBe(b);
    expect(makeRequestId(1, () => 0)).toBe('r1000000000000');
  });

  it('photos: at most 9, each with its own progress and result', () => {
    const seven = Array.from({ length: 7 }, (_, i) => photo(`p${i}`, 'done'));
    const { photos, added, dropped } = addPhotos(seven, ['x', 'y', 'z'], 7);
    expect(photos).toHaveLength(9);
    expect(added.map((p) => [p.key, p.path, p.status])).toEqual([
      ['p7', 'x', 'loading'],
      ['p8', 'y', 'loading'],
    ]);
    expect(dropped).toBe(1);

    let list = [photo('a', 'loading'), photo('b', 'loading')];
    expect(progressChanged(list, 'a', 3)).toBe(false);
    expect(progressChanged(list, 'a', 30)).toBe(true);
    expect(progressChanged(list, 'gone', 30)).toBe(false);
    list = updatePhoto(list, 'a', { percent: 30 });
    expect(photosNote(list)).toEqual({ error: '', info: '2张照片正在上传…' });
    list = updatePhoto(list, 'b', { status: 'failed', message: '网络不给力' });
    list = updatePhoto(list, 'a', { status: 'done', fileID: 'local://a.jpg', percent: 100 });
    expect(photosNote(list).error).toBe('第2张照片上传失败（网络不给力），点它重新上传，或删除');
    expect(toUploadFiles(list)).toEqual([
      { url: 'wxfile://a.jpg', name: '', type: 'image', status: 'done', percent: 100 },
      { url: 'wxfile://b.jpg', name: '', type: 'image', status: 'failed', percent: 0 },
    ]);
    list = removePhoto(list, 1);
    expect(photosNote(list)).toEqual({ error: '', info: '1/9' });
    expect(updatePhoto(list, 'removed-meanwhile', { status: 'done' })).toEqual(list);
  });

  it('what is sent: trimmed, empty optional fields left out, only uploaded photos', () => {
    const form = { ...emptyForm('heating'), description: '  暖气不热三天了  ', address: '  ' };
    expect(toCreateInput(form, [photo('a', 'done'), photo('b', 'failed')], 'req-12345678')).toEqual({
      requestId: 'req-12345678',
      categoryId: 'heating',
      description: '暖气不热三天了',
      photos: ['local://a.jpg'],
      preferredTime: 'anytime',
      contact: 'phone',
      privateContact: false,
    });
  });

  it('validates with the contract’s schema, and holds back while photos upload or failed', () => {
    const id = 'req-12345678';
    expect(validateOrder(emptyForm(), [], id)).toEqual({
      categoryId: '请选择服务类别',
      description: '请描述需要的帮助（至少5个字）',
    });
    const ok = { ...emptyForm('heating'), description: '暖气不热三天了' };
    expect(validateOrder(ok, [], id)).toEqual({});
    expect(validateOrder({ ...ok, description: '很'.repeat(501) }, [], id).description).toBe('描述最多500个字');
    expect(validateOrder({ ...ok, address: '很'.repeat(101) }, [], id).address).toBe('地址最多100个字');
    expect(validateOrder({ ...ok, categoryId: 'no_such' }, [], id).categoryId).toBe('请选择服务类别');
    expect(validateOrder(ok, [photo('a', 'loading')], id).photos).toBe('照片还在上传，请稍候');
    expect(validateOrder(ok, [photo('a', 'failed')], id).photos).toBe('有照片上传失败，请重新上传或删除');
  });

  it('the server’s field problems go under their fields, anything else above the button', () => {
    expect(
      serverErrors({
        code: 'VALIDATION_FAILED',
        message: '填写的内容有误',
        details: { issues: [{ path: 'description', message: '请描述需要的帮助（至少5个字）' }] },
      }),
    ).toEqual({ errors: { description: '请描述需要的帮助（至少5个字）' }, formError: '请按提示修改后再提交' });
    expect(serverErrors({ code: 'UNAUTHENTICATED', message: '请先登录并绑定所在社区' })).toEqual({
      errors: {},
      formError: '请先登录并绑定所在社区',
    });
  });
});

const detail = (over: Partial<OrderDetail> = {}): OrderDetail => ({
  ...summary({ status: 'completed', statusLabel: '待确认', statusTone: 'success', deadline: at(24 * 7) }),
  description: '暖气不热',
  photos: ['local://photos/demo-resident/a.jpg'],
  photoNote: null,
  preferredTime: 'evening',
  contact: 'message',
  privateContact: true,
  resident: { name: '张桂兰', phone: '13893700001' },
  community: { id: 'cm-xiongguan', name: '雄关社区' },
  unit: { id: 'un-dexuan-property', name: '德轩物业服务有限公司' },
  holder: 'unit',
  completion: { notes: '已修好', photos: ['cloud://env-1.6a75/photos/demo-unit-member/done.jpg'], at: at(-1) },
  ratings: { resident: null, community: null },
  tasks: [],
  volunteers: [],
  intake: null,
  timeline: [
    {
      action: 'create',
      actionLabel: '居民下单',
      from: 'submitted',
      to: 'submitted',
      role: 'resident',
      roleLabel: '居民',
      actorName: '张桂兰',
      at: at(-20),
      reason: '',
      photos: [],
    },
    {
      action: 'dispatch',
      actionLabel: '派单',
      from: 'submitted',
      to: 'dispatched',
      role: 'community_staff',
      roleLabel: '社区工作人员',
      actorName: '陈明',
      at: at(-19),
      reason: '',
      photos: [],
    },
    {
      action: 'escalate',
      actionLabel: '超时上报街道',
      from: 'dispatched',
      to: 'dispatched',
      role: 'system',
      roleLabel: '系统',
      actorName: '系统',
      at: at(-16),
      reason: '',
      photos: [],
    },
  ],
  actions: ['confirm', 'not_fixed'],
  ...over,
});

const url = (id: string) => `URL(${id})`;

describe('工单详情 view model', () => {
  it('buttons come only from the server’s actions, only the resident’s, in a fixed order', () => {
    expect(residentButtons(['not_fixed', 'confirm']).map((b) => [b.action, b.label])).toEqual([
      ['confirm', '确认解决'],
      ['not_fixed', '没解决，发回重办'],
    ]);
    expect(residentButtons(['cancel']).map((b) => b.label)).toEqual(['撤销工单']);
    // staff's, unit's and timer actions never become the resident's buttons; rating is its own form
    expect(residentButtons(ORDER_ACTION_NAMES).map((b) => b.action)).toEqual(['confirm', 'not_fixed', 'cancel']);
    expect(residentButtons([])).toEqual([]);
  });

  it('shows the order: status, limits, photos through photoUrl, who handles it, the newest step first', () => {
    const view = toDetailView(detail(), NOW, url);
    expect(view).toMatchObject({
      statusLabel: '待确认',
      statusHint: '已办结，请确认是否解决',
      limitLabel: '加急 · 24小时内办结',
      deadline: '7天后自动确认',
      photos: [{ fileID: 'local://photos/demo-resident/a.jpg', url: 'URL(local://photos/demo-resident/a.jpg)' }],
      handler: '德轩物业服务有限公司',
      preferredTime: '晚上',
      contact: '小程序消息',
      privacy: '对志愿者隐藏姓名电话',
      completion: { notes: '已修好', photos: [{ url: 'URL(cloud://env-1.6a75/photos/demo-unit-member/done.jpg)' }] },
      canRate: false,
    });
    expect(view.timeline.map((t) => [t.title, t.actor, t.change])).toEqual([
      ['超时上报街道', '系统', ''],
      ['派单', '社区工作人员 陈明', '待受理 → 待单位接单'],
      ['居民下单', '居民 张桂兰', ''],
    ]);
    expect(view.timeline[2].at).toBe('2026-11-02 18:00');

    expect(view.photoNote).toBe('');
    expect(toDetailView(detail({ photoNote: '照片审核中，审核通过后他人可见' }), NOW, url).photoNote).toBe(
      '照片审核中，审核通过后他人可见',
    );
    expect(toDetailView(detail({ unit: null, holder: 'community' }), NOW, url).handler).toBe('雄关社区（社区自办）');
    expect(toDetailView(detail({ unit: null, holder: null, status: 'submitted' }), NOW, url).handler).toBe(
      '待社区派单',
    );
  });

  it('志愿服务: each volunteer’s work with its times and hours, as the server lets him see it', () => {
    const photo = 'local://photos/demo-party-member/done.jpg';
    const view = toDetailView(
      detail({
        volunteers: [
          {
            name: '李**',
            claim: 'reported',
            claimLabel: '已完成',
            claimedAt: null,
            checkedInAt: '2026-11-02T01:00:00.000Z',
            checkedOutAt: '2026-11-02T02:30:00.000Z',
            reportedAt: null,
            notes: '更换了接头',
            photos: [photo, 'javascript:alert(1)'],
            hours: 1.5,
          },
        ],
      }),
      NOW,
      url,
    );
    expect(view.volunteers).toEqual([
      {
        key: '0',
        name: '李**',
        claimLabel: '已完成',
        times: '签到 2026-11-02 09:00 · 签退 2026-11-02 10:30',
        hours: '志愿时长 1.5小时',
        notes: '更换了接头',
        photos: [{ fileID: photo, url: `URL(${photo})` }],
      },
    ]);
  });

  it('a step shows its photos (发回重办), only photo ids', () => {
    const leak = 'local://photos/demo-resident/leak.jpg';
    const base = detail().timeline[0];
    const view = toDetailView(
      detail({
        timeline: [
          { ...base, action: 'not_fixed', actionLabel: '发回重办', photos: [leak, 'https://example.com/x.jpg'] },
        ],
      }),
      NOW,
      url,
    );
    expect(view.timeline[0].photos).toEqual([{ fileID: leak, url: `URL(${leak})` }]);
  });

  it('ratings and the rating form', () => {
    const view = toDetailView(
      detail({
        status: 'community_rated',
        actions: ['rate_by_resident'],
        ratings: { resident: null, community: { stars: 4, comment: '', at: at(-1) } },
      }),
      NOW,
      url,
    );
    expect(view.canRate).toBe(true);
    expect(view.buttons).toEqual([]);
    expect(view.ratings).toEqual([
      { who: '社区评价', stars: 4, starsText: '满意', comment: '', at: '2026-11-03 13:00' },
    ]);
    expect(ratingError('ord_1', { stars: 0, comment: '' })).toBe('请选择星级');
    expect(ratingError('ord_1', { stars: 5, comment: '很'.repeat(201) })).toBe('评价最多200个字');
    expect(ratingError('ord_1', { stars: 5, comment: '' })).toBe('');
  });

  it('代办: who took it down; staff record the rating a resident who is not registered gave by phone', () => {
    const intake = { channelTag: '电话代办', takenByName: '陈明', recorded: true, mayRecordRating: true };
    const recording = toDetailView(detail({ status: 'confirmed', actions: ['rate_by_community'], intake }), NOW, url);
    expect(recording).toMatchObject({ intake: '电话代办 · 陈明', canRate: true, recordsRating: true });
    const recorded = toDetailView(
      detail({
        status: 'resident_rated',
        intake: { ...intake, mayRecordRating: false },
        ratings: { resident: { stars: 5, comment: '', at: at(-1), recordedBy: '陈明' }, community: null },
      }),
      NOW,
      url,
    );
    expect(recorded).toMatchObject({ canRate: false, recordsRating: false });
    expect(recorded.ratings[0].who).toBe('居民评价（工作人员代录：陈明）');
    // His own order: he rates it himself.
    expect(toDetailView(detail({ actions: ['rate_by_resident'] }), NOW, url)).toMatchObject({
      intake: '',
      recordsRating: false,
    });
  });

  it('发回重办 needs a reason of at least 2 characters', () => {
    expect(notFixedReasonError('ord_1', ' ')).toBe('请填写理由（至少2个字）');
    expect(notFixedReasonError('ord_1', '还是不热')).toBe('');
  });
});
