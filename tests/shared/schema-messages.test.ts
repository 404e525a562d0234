import { API } from '../../miniprogram/shared/api';

const issues = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('every contract speaks Chinese when a field is wrong', () => {
  it('a missing field, a wrong type and an unknown field get readable messages', () => {
    const result = API.complaints.file.input.safeParse({ requestId: 'req-00000001', category: 'heating', extra: 1 });
    expect(issues(result)).toEqual({ description: '请填写此项', '': '包含不支持的字段' });
    expect(issues(API.orders.getDetail.input.safeParse({ orderId: 42 }))).toEqual({ orderId: '格式不正确' });
  });

  it('messages written in the schemas still win', () => {
    const result = API.complaints.file.input.safeParse({ requestId: 'x', category: 'heating', description: '冷' });
    expect(issues(result)).toEqual({ requestId: '请求编号无效', description: '请描述问题（至少5个字）' });
  });
});
