import { ordersActions } from '../../../miniprogram/shared/api/orders';
import { fieldErrors } from '../../../miniprogram/shared/validation';

const create = ordersActions.create.input;
const order = {
  requestId: 'req-20241008-0001',
  categoryId: 'heating',
  description: '家里暖气不热，室温只有十五度',
};

describe('居民下单 input', () => {
  it('accepts a plain order, and one with everything filled in', () => {
    expect(create.safeParse(order).success).toBe(true);
    const full = {
      ...order,
      photos: ['cloud://env-1.6a75/orders/a.jpg', 'cloud://env-1.6a75/orders/b.jpg'],
      buildingId: 'longhu-3',
      address: '3单元501',
      preferredTime: 'evening',
      contact: 'phone',
      privateContact: true,
    };
    expect(create.parse(full)).toEqual(full);
  });

  it('takes at most 9 photos', () => {
    const photos = (n: number) => Array.from({ length: n }, (_, i) => `cloud://env/p${i}.jpg`);
    expect(create.safeParse({ ...order, photos: photos(9) }).success).toBe(true);
    expect(fieldErrors(create, { ...order, photos: photos(10) })).toEqual({ photos: '最多上传9张照片' });
  });

  it('explains in Chinese what is wrong', () => {
    expect(fieldErrors(create, { ...order, categoryId: 'made-up' })).toEqual({ categoryId: '请选择服务类别' });
    expect(fieldErrors(create, { ...order, description: '  不热 ' })).toEqual({
      description: '请描述需要的帮助（至少5个字）',
    });
    expect(fieldErrors(create, { ...order, requestId: 'x' })).toEqual({ requestId: '请求编号无效' });
  });

  it('refuses fields it does not know (the caller is never a field)', () => {
    expect(create.safeParse({ ...order, residentId: 'someone-else' }).success).toBe(false);
    expect(create.safeParse({ ...order, status: 'closed' }).success).toBe(false);
  });
});

describe('other order actions', () => {
  it('needs a reason to reject, return or send back', () => {
    expect(fieldErrors(ordersActions.reject.input, { orderId: 'o1', reason: ' ' })).toEqual({
      reason: '请填写理由（至少2个字）',
    });
    expect(ordersActions.returnToCommunity.input.safeParse({ orderId: 'o1', reason: '不属于本单位' }).success).toBe(
      true,
    );
    expect(ordersActions.notFixed.input.safeParse({ orderId: 'o1' }).success).toBe(false);
  });

  it('publishes a task with 1 to 50 slots and real times', () => {
    const task = {
      orderId: 'o1',
      title: '为独居老人清理楼道',
      description: '',
      place: '德轩小区5号楼',
      slots: 3,
      startAt: '2024-10-12T09:00:00+08:00',
      endAt: '2024-10-12T11:00:00+08:00',
    };
    expect(ordersActions.publishTask.input.safeParse(task).success).toBe(true);
    expect(fieldErrors(ordersActions.publishTask.input, { ...task, slots: 0 })).toEqual({ slots: '至少1个名额' });
    expect(fieldErrors(ordersActions.publishTask.input, { ...task, slots: 2.5 })).toEqual({ slots: '名额应为整数' });
    expect(fieldErrors(ordersActions.publishTask.input, { ...task, startAt: '明天上午' })).toEqual({
      startAt: '请选择有效的时间',
    });
  });

  it('rates 1 to 5 stars, as resident or community', () => {
    const rate = ordersActions.rate.input;
    expect(rate.safeParse({ orderId: 'o1', as: 'resident', stars: 5, comment: '师傅很耐心' }).success).toBe(true);
    expect(rate.safeParse({ orderId: 'o1', as: 'community', stars: 4 }).success).toBe(true);
    expect(fieldErrors(rate, { orderId: 'o1', as: 'resident', stars: 0 })).toEqual({ stars: '请选择星级' });
    expect(fieldErrors(rate, { orderId: 'o1', as: 'resident', stars: 6 })).toEqual({ stars: '最多5星' });
    expect(rate.safeParse({ orderId: 'o1', as: 'unit', stars: 5 }).success).toBe(false);
  });

  it('pages lists with a cursor', () => {
    expect(ordersActions.listMine.input.safeParse({}).success).toBe(true);
    expect(ordersActions.listMine.input.safeParse({ filter: 'open', cursor: 20 }).success).toBe(true);
    expect(ordersActions.listMine.input.safeParse({ cursor: -1 }).success).toBe(false);
    expect(
      ordersActions.listMine.output.safeParse({ items: [], nextCursor: null }).success &&
        ordersActions.myPoints.output.safeParse({ balance: 0, items: [], nextCursor: null }).success,
    ).toBe(true);
  });
});
