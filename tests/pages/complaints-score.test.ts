/**
 * 物业信用评价 (pages/complaints/score) on the real backend: the resident's company with its score, its place
 * in the city, the five measures and the monthly trend (computed on first read); a resident of a 无物业小区 gets
 * an explanation instead.
 */
import {
  COMPANY_MEMBER,
  fileComplaint,
  RESIDENT,
  registerInNoCompanyCompound,
  usePageBackend,
} from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';

jest.setTimeout(60_000);

const SCORE = 'pages/complaints/score/index';

const env = usePageBackend();

describe('物业信用评价', () => {
  it('shows the company’s score, its rank, the five measures and the months before', async () => {
    const c = await fileComplaint(env.backend, RESIDENT, {
      category: 'heating',
      description: '暖气片不热，室温只有14度',
    });
    expectOk(await env.backend.call(COMPANY_MEMBER, 'complaints', 'acknowledge', { complaintId: c.id }));
    const truth = expectOk(await env.backend.call(RESIDENT, 'complaints', 'companyScore', {}));

    env.as(RESIDENT);
    const page = await openPage(SCORE);
    await page.waitFor(() => page.data.vm.state !== 'loading');
    const score = truth.score!;
    expect(page.text('.hero')).toContain('德轩物业服务有限公司');
    expect(page.text('.score')).toBe(String(Math.round(score.score * 10) / 10));
    expect(page.text('.rank')).toBe(`全市排名 第${score.rank} / 共${score.of}`);
    expect(page.text('.hero')).toContain(`近${truth.windowDays}天 ${score.complaints}件投诉`);
    for (const label of ['按时受理', '按时答复', '满意度', '一次办结（未被发回）', '投诉率（每千户）']) {
      expect(page.text('.panel')).toContain(label);
    }
    expect(page.text('.measure-acknowledge')).toContain(`本企业 100%（1件）`); // acknowledged in time
    expect(page.queryAll('.trend__col')).toHaveLength(truth.trend.length);
    expect(truth.trend.length).toBe(6);
    expect(page.text('.trend')).toContain(`${Number(truth.trend.at(-1)!.month.slice(5))}月`);
  });

  it('a resident of a 无物业小区 is told why there is no score', async () => {
    await registerInNoCompanyCompound(env.backend);
    env.as('demo-newcomer');
    const page = await openPage(SCORE);
    await page.waitFor(() => page.data.vm.state !== 'loading');
    expect(page.text('.no-company')).toContain('无物业小区');
    expect(page.text('.no-company')).toContain('投诉会直接交给社区办理');
    expect(page.query('.hero')).toBeUndefined();
  });
});
