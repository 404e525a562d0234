/**
 * 内容安全: what a user publishes is checked with WeChat before anything is stored. Risky text is refused naming the
 * field and what to change, and nothing is written; when WeChat cannot be reached the request is refused as
 * retryable (the page keeps the input) and nothing is written; clean text goes through, checked once per text.
 */
import { publishedTexts } from '../../miniprogram/shared/schemas/published';
import { complaintsActions } from '../../miniprogram/shared/api/complaints';
import { complaintInput } from '../factories/complaints';
import { expectOk, useTestBackend } from '../helpers/functions';

const backend = useTestBackend();
const RESIDENT = 'demo-resident';
const COMPANY = 'demo-unit-member';

const checks = () => backend.wechat.calls.filter((c) => c.apiName === 'security.msgSecCheck');

it('a complaint with risky words is refused at its description, and no complaint is stored', async () => {
  const before = backend.store.count('complaints');
  const reply = await backend.call(
    RESIDENT,
    'complaints',
    'file',
    complaintInput({ description: '楼下有人聚众赌博很吵' }),
  );
  expect(reply).toEqual({
    ok: false,
    error: {
      code: 'CONTENT_RISKY',
      message: '内容含有不当信息，请修改后再提交',
      details: { issues: [{ path: 'description', message: '描述含有不当信息，请删改后再提交' }] },
    },
  });
  expect(backend.store.count('complaints')).toBe(before);
  expect(checks().at(-1)).toMatchObject({ request: { version: 2, openid: RESIDENT, scene: 3 } });
});

it('when WeChat cannot be reached the request is refused as retryable and nothing is stored; the retry goes through', async () => {
  const before = backend.store.count('complaints');
  backend.wechat.failures.push(-1);
  const input = complaintInput();
  const reply = await backend.call(RESIDENT, 'complaints', 'file', input);
  expect(reply).toMatchObject({ ok: false, error: { code: 'CHECK_UNAVAILABLE', details: { retryable: true } } });
  expect(backend.store.count('complaints')).toBe(before);
  expectOk(await backend.call(RESIDENT, 'complaints', 'file', input));
  expect(backend.store.count('complaints')).toBe(before + 1);
});

it('a reason given on a step is checked too: a risky 不满意 leaves the complaint as it was', async () => {
  const filed = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
  expectOk(await backend.call(COMPANY, 'complaints', 'acknowledge', { complaintId: filed.id }));
  const answered = expectOk(
    await backend.call(COMPANY, 'complaints', 'answer', { complaintId: filed.id, notes: '已派维修工检修暖气阀门' }),
  );
  const reply = await backend.call(RESIDENT, 'complaints', 'notSatisfied', {
    complaintId: filed.id,
    reason: '物业说可以代开发票',
  });
  expect(reply).toMatchObject({
    ok: false,
    error: { code: 'CONTENT_RISKY', details: { issues: [{ path: 'reason' }] } },
  });
  const after = expectOk(await backend.call(RESIDENT, 'complaints', 'getDetail', { complaintId: filed.id }));
  expect(after.status).toBe(answered.status);
});

it('clean text is checked once per published field and the complaint is filed', async () => {
  const before = checks().length;
  expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput({ description: '楼道灯坏了一个星期' })));
  expect(
    checks()
      .slice(before)
      .map((c) => c.request.content),
  ).toEqual(['楼道灯坏了一个星期']);
});

it('the contract decides which fields are published text: descriptions and reasons, not ids or categories', () => {
  const input = complaintsActions.file.input.parse(complaintInput({ description: '暖气片不热，室温只有14度' }));
  expect(publishedTexts(complaintsActions.file.input, input)).toEqual([
    { path: 'description', text: '暖气片不热，室温只有14度', kind: 'post', label: '描述' },
  ]);
  const answer = complaintsActions.answer.input.parse({ complaintId: 'c1', notes: '已修好' });
  expect(publishedTexts(complaintsActions.answer.input, answer).map((t) => t.path)).toEqual(['notes']);
});
