/** Subscription message fields as WeChat's rules state them, and the values the templates make of a notice. */
import { fieldProblem, formatField } from '../../miniprogram/shared/notices/fields';
import {
  DEV_TEMPLATE_IDS,
  messageData,
  NOTICE_KINDS,
  subjectPage,
  TEMPLATES,
  templateIdsFrom,
} from '../../miniprogram/shared/notices/templates';

describe('field rules', () => {
  it('thing: at most 20 characters — a longer text is cut with an ellipsis', () => {
    const long = '厨房水管漏水楼下邻居家天花板渗水已经三天了请尽快处理';
    expect(fieldProblem('thing', long)).toBe('最多20个字符');
    expect(formatField('thing', long)).toHaveLength(20);
    expect(formatField('thing', long).endsWith('…')).toBe(true);
    expect(fieldProblem('thing', formatField('thing', long))).toBeNull();
  });
  it('phrase: at most 5 Chinese characters only — others are dropped', () => {
    expect(fieldProblem('phrase', '待单位接单')).toBeNull();
    expect(fieldProblem('phrase', '已处理完毕了')).toBe('须为5个以内汉字');
    expect(formatField('phrase', 'OK 已办结!')).toBe('已办结');
    expect(formatField('phrase', 'done')).toBe('无');
  });
  it('character_string: 32 letters, digits or symbols, no Chinese', () => {
    expect(fieldProblem('character_string', '测试单号')).not.toBeNull();
    expect(formatField('character_string', '单号 ORD-2026-0001')).toBe('ORD-2026-0001');
  });
  it('time: 24-hour time with the date, in China time', () => {
    expect(formatField('time', '2026-11-02T02:05:00.000Z')).toBe('2026年11月2日 10:05');
    expect(fieldProblem('time', '10:05')).toBeNull();
    expect(fieldProblem('time', '明天上午')).not.toBeNull();
  });
  it('number: digits, may have decimals; name: 10 Chinese characters or 20 letters', () => {
    expect(formatField('number', '共 12.5 小时')).toBe('12.5');
    expect(fieldProblem('name', '张桂兰')).toBeNull();
    expect(fieldProblem('name', '张桂兰Z')).not.toBeNull();
    expect(formatField('name', '张桂兰Z')).toBe('张桂兰');
  });
});

describe('templates', () => {
  it('every kind has a template whose values always pass WeChat rules, whatever the notice says', () => {
    const notice = {
      subject: { type: 'order' as const, id: 'ord_1' },
      title: '一个非常非常长的服务项目名称超过了二十个字的限制：some state',
      body: '',
      createdAt: '2026-11-02T02:05:00.000Z',
    };
    for (const kind of NOTICE_KINDS) {
      const data = messageData(kind, notice);
      for (const f of TEMPLATES[kind].fields)
        expect([kind, f.key, fieldProblem(f.type, data[f.key].value)]).toEqual([kind, f.key, null]);
    }
  });
  it('a message opens the detail page of its subject', () => {
    expect(subjectPage({ type: 'complaint', id: 'cpl_1' })).toBe('pages/complaints/detail/index?id=cpl_1');
    expect(subjectPage({ type: 'meeting', id: 'mtg_1' })).toBe('pages/councils/meeting/index?id=mtg_1');
  });
  it('where the audience works on it: a published task opens the hall, a new topic the staff’s topic queue', () => {
    const order = { type: 'order' as const, id: 'ord_1' };
    expect(subjectPage(order, 'user:demo-resident')).toBe('pages/orders/detail/index?id=ord_1');
    expect(subjectPage(order, 'unit:un-1')).toBe('pages/orders/detail/index?id=ord_1');
    expect(subjectPage(order, 'party_members:cm-1')).toBe('pages/volunteer/hall/index?communityId=cm-1');
    const topic = { type: 'topic' as const, id: 'tpc_1' };
    expect(subjectPage(topic, 'community_staff:cm-1')).toBe('pages/councils/topics/index?communityId=cm-1');
    expect(subjectPage(topic, 'user:demo-resident')).toBe('pages/councils/topics/index');
  });
  it('template ids come from configuration over the dev ids; an unknown kind is refused', () => {
    expect(templateIdsFrom(undefined)).toEqual(DEV_TEMPLATE_IDS);
    expect(templateIdsFrom('{"order_accepted":"AbC-123"}').order_accepted).toBe('AbC-123');
    expect(() => templateIdsFrom('{"order_acepted":"x"}')).toThrow('unknown notice kind: order_acepted');
  });
});
