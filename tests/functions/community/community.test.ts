import { expectOk, startTestBackend, type TestBackend } from '../../helpers/functions';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close());

describe('首页 getHome', () => {
  it("shows a resident his community, address, property company and the community's contacts", async () => {
    const home = expectOk(await backend.call('demo-resident', 'community', 'getHome', {}));
    expect(home.registered).toBe(true);
    expect(home.displayName).toBe('张桂兰');
    expect(home.street?.name).toBe('雄关街道');
    expect(home.community).toMatchObject({ name: '雄关社区', servicePhone: '0937-6221001' });
    expect(home.grid?.name).toBe('雄关社区第一网格');
    expect(home.compound).toMatchObject({ name: '德轩小区', propertyCompany: { name: '德轩物业服务有限公司' } });
    expect(home.building?.name).toBe('1号楼');
    expect(home.contacts).toEqual([
      { name: '陈明', role: 'community_staff', title: '社区党委书记', workPhone: '0937-6221001' },
      { name: '赵丽', role: 'grid_worker', title: '专职网格员', workPhone: '0937-6221011' },
    ]);
  });

  it("does not list the grid worker of another grid, nor another community's staff", async () => {
    // 李建国 lives in building 3, which lies in the community's second grid (no grid worker seeded).
    const home = expectOk(await backend.call('demo-party-member', 'community', 'getHome', {}));
    expect(home.grid?.name).toBe('雄关社区第二网格');
    expect(home.contacts.map((c) => c.name)).toEqual(['陈明']);
  });

  it('never reveals personal phone numbers, only published work numbers', async () => {
    const home = expectOk(await backend.call('demo-resident', 'community', 'getHome', {}));
    expect(JSON.stringify(home)).not.toContain('13893700005');
  });

  it('tells an unregistered caller he has no community yet', async () => {
    const home = expectOk(await backend.call('demo-newcomer', 'community', 'getHome', {}));
    expect(home).toMatchObject({ registered: false, community: null, contacts: [] });
  });

  it('shows a compound without a property company as such', async () => {
    const store = backend.store;
    expect(store.count('places')).toBeGreaterThan(0);
    const home = expectOk(await backend.call('demo-resident-changsheng', 'community', 'getHome', {}));
    expect(home.community?.name).toBe('昌盛社区');
    expect(home.compound?.propertyCompany?.name).toBe('龙湖华庭物业管理有限公司');
  });
});

describe('listCommunities', () => {
  it('lists every community with its street, for anyone choosing where he lives', async () => {
    const list = expectOk(await backend.call('demo-newcomer', 'community', 'listCommunities', {}));
    expect(list.map((c) => c.name)).toEqual(expect.arrayContaining(['雄关社区', '昌盛社区', '建设社区', '紫亭社区']));
    expect(list.find((c) => c.name === '紫亭社区')?.streetName).toBe('党城湾镇');
  });
});

describe('identity', () => {
  it('refuses a call without an OPENID', async () => {
    const res = await backend.send('', 'community', { action: 'getHome', payload: {} });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
