/**
 * 物业企业信用排名 (pages/staff/ranking) end to end: the city's property companies with their credit scores, as the
 * real function computes them from the seeded companies and compounds and the complaints filed through it; a
 * street's staff see the companies serving the street; residents and companies are refused in words.
 *
 * Paging is not reached here: the seed has four property companies and a page holds twenty, and companies are not
 * created through any function.
 */
import type { CompanyScore } from '../../miniprogram/shared/api/complaints';
import { COMMUNITY_STAFF, COMPANY_MEMBER, fileComplaint, RESIDENT, usePageBackend } from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const RANKING = 'pages/staff/ranking/index';
const STREET_STAFF = 'demo-street-staff'; // 雄关街道

const env = usePageBackend();

let wxMock: WxMock;
beforeEach(() => {
  wxMock = env.as(COMMUNITY_STAFF);
});

async function openRanking(query: Record<string, string> = {}) {
  const page = await openPage(RANKING, query);
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

interface ShownRow {
  rank: string;
  company: string;
  basis: string;
  score: string;
  low: boolean;
}

/** The table as a person reads it, row by row. */
const shownRows = (page: LoadedPage): ShownRow[] => {
  const texts = (selector: string) => page.queryAll(selector).map((n) => page.text(n));
  const low = new Set(texts('.company--low .company__name'));
  const [ranks, bases, scores] = ['.company__rank', '.company__basis', '.company__score'].map(texts);
  return texts('.company__name').map((company, i) => ({
    rank: ranks[i],
    company,
    basis: bases[i],
    score: scores[i],
    low: low.has(company),
  }));
};

/** What the function answers the same caller: the rows the page should show. */
async function truth(who: string, streetId?: string): Promise<Omit<ShownRow, 'low'>[]> {
  const res = expectOk(await env.backend.call(who, 'complaints', 'companyRanking', streetId ? { streetId } : {}));
  expect(res.nextCursor).toBeNull();
  return res.items.map((s: CompanyScore) => ({
    rank: String(s.rank),
    company: s.company.name,
    basis: `${s.complaints}件投诉 · 服务${s.households}户`,
    score: String(Math.round(s.score * 10) / 10),
  }));
}

const withoutLow = (rows: ShownRow[]) => rows.map(({ low: _low, ...rest }) => rest);

describe('物业企业信用排名', () => {
  it('ranks the city’s companies; a company complained about falls to the bottom and is marked, after a pull', async () => {
    const page = await openRanking();
    expect(page.text('.caption')).toMatch(/^近90天 · 更新于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // no complaints anywhere yet: every company has the full score and none is marked for attention
    const fresh = shownRows(page);
    expect(fresh.map((r) => r.company).sort()).toEqual(
      ['东湖怡园物业有限公司', '德轩物业服务有限公司', '紫亭物业服务站', '龙湖华庭物业管理有限公司'].sort(),
    );
    expect(fresh.map((r) => r.rank)).toEqual(['1', '2', '3', '4']);
    expect(fresh.map((r) => r.score)).toEqual(['100', '100', '100', '100']);
    expect(fresh.find((r) => r.company === '德轩物业服务有限公司')!.basis).toBe('0件投诉 · 服务420户');
    expect(fresh.find((r) => r.company === '龙湖华庭物业管理有限公司')!.basis).toBe('0件投诉 · 服务680户');
    expect(fresh.filter((r) => r.low)).toEqual([]);
    expect(withoutLow(fresh)).toEqual(await truth(COMMUNITY_STAFF));
    expect(page.query('.more')).toBeUndefined(); // one page: nothing more to load

    // two complaints about 德轩小区: 德轩物业 drops to the bottom, in red
    await fileComplaint(env.backend, RESIDENT, { category: 'elevator', description: '3号楼电梯一周停了三次' });
    await fileComplaint(env.backend, RESIDENT, { category: 'parking', description: '消防通道天天被私家车堵住' });
    expect(shownRows(page)).toEqual(fresh); // nothing moves until the page is refreshed

    await page.onPullDownRefresh();
    await page.waitFor(() => page.data.vm.items.at(-1)?.company === '德轩物业服务有限公司');
    expect(wxMock.pullDownRefreshStops).toBe(1);
    const now = await truth(COMMUNITY_STAFF);
    expect(page.data.vm.items.map((r: { company: string }) => r.company)).toEqual(now.map((r) => r.company));
    // j-component (miniprogram-simulate) misplaces keyed rows when a wx:for reorders them, which WeChat does not:
    // the refreshed table is read row by row in rank order here, and its order on a freshly opened page below
    const after = [...shownRows(page)].sort((a, b) => Number(a.rank) - Number(b.rank));
    expect(withoutLow(after)).toEqual(now);
    const dexuan = after.at(-1)!;
    expect(dexuan).toMatchObject({
      rank: '4',
      company: '德轩物业服务有限公司',
      basis: '2件投诉 · 服务420户',
      low: true,
    });
    expect(Number(dexuan.score)).toBeLessThan(100);
    for (const other of after.slice(0, -1)) {
      expect(Number(other.score)).toBeGreaterThan(Number(dexuan.score));
      expect(other.basis).toMatch(/^0件投诉/);
      expect(other.low).toBe(false);
    }

    const reopened = await openRanking();
    expect(shownRows(reopened)).toEqual(after);
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('a street’s staff see the companies serving their street, with their places in the city', async () => {
    wxMock = env.as(STREET_STAFF);
    const page = await openRanking({ streetId: 'st-xiongguan' });
    const rows = shownRows(page);
    expect(rows.map((r) => r.company).sort()).toEqual(['德轩物业服务有限公司', '龙湖华庭物业管理有限公司'].sort());
    expect(withoutLow(rows)).toEqual(await truth(STREET_STAFF, 'st-xiongguan'));
    const city = await truth(STREET_STAFF);
    for (const row of rows) expect(row.rank).toBe(city.find((c) => c.company === row.company)!.rank);
    expect(page.text('.caption')).toContain('近90天');

    // a street no company serves: the empty state, not an error
    const none = await openRanking({ streetId: 'st-nowhere' });
    expect(none.data.vm.state).toBe('ready');
    expect(none.text()).toContain('还没有物业企业的评分');
    expect(none.queryAll('.company')).toHaveLength(0);
  });

  it('an administrator sees the city; a resident and a company are refused in words; a lost backend retries', async () => {
    wxMock = env.as('demo-admin');
    const admin = await openRanking();
    expect(admin.queryAll('.company')).toHaveLength(4);

    for (const who of [RESIDENT, COMPANY_MEMBER]) {
      wxMock = env.as(who);
      const page = await openRanking();
      expect(page.data.vm.state).toBe('error');
      expect(page.text()).toContain('您没有权限进行此操作');
      expect(page.query('.retry')).toBeDefined();
      expect(page.queryAll('.company')).toHaveLength(0);
    }

    wxMock = env.as(COMMUNITY_STAFF);
    wxMock.setRequestHandler(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const page = await openRanking();
    expect(page.text()).toContain('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(env.backend.url));
    await page.tap('.retry');
    await page.waitFor(() => page.data.vm.state === 'ready');
    expect(page.queryAll('.company')).toHaveLength(4);
  });
});
