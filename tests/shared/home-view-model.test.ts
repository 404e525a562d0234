import { toggleContact, toHomeViewModel } from '../../miniprogram/pages/home/view-model';
import type { HomeView } from '../../miniprogram/shared/api/community';

const home: HomeView = {
  registered: true,
  displayName: '张桂兰',
  street: { id: 'st-xiongguan', name: '雄关街道' },
  community: { id: 'cm-xiongguan', name: '雄关社区', address: '雄关西路 18 号', servicePhone: '0937-6221001' },
  grid: { id: 'gr-xiongguan-1', name: '雄关社区第一网格' },
  compound: { id: 'cp-dexuan', name: '德轩小区', propertyCompany: null },
  building: { id: 'bd-dexuan-1', name: '1号楼' },
  contacts: [
    { name: '陈明', role: 'community_staff', title: '社区党委书记', workPhone: '0937-6221001' },
    { name: '赵丽', role: 'grid_worker', title: '', workPhone: '0937-6221011' },
  ],
};

describe('首页 view model', () => {
  it('greets the resident and lists his address from street to building', () => {
    const vm = toHomeViewModel(home);
    if (vm.state !== 'ready') throw new Error(vm.state);
    expect(vm.greeting).toBe('张桂兰，您好');
    expect(vm.address.map((a) => a.value)).toEqual(['雄关街道', '雄关社区第一网格', '德轩小区', '1号楼']);
    expect(vm.propertyCompany).toBeNull();
  });

  it("says a contact's title and role, the role once when he has no title", () => {
    const vm = toHomeViewModel(home);
    if (vm.state !== 'ready') throw new Error(vm.state);
    expect(vm.contacts.map((c) => c.description)).toEqual(['社区党委书记 · 社区工作人员', '网格员']);
  });

  it('sends a caller without a community to register', () => {
    expect(toHomeViewModel({ ...home, community: null, displayName: null })).toEqual({
      state: 'unregistered',
      greeting: '您好',
    });
  });

  it('opens one contact at a time; tapping it again closes it', () => {
    const vm = toHomeViewModel(home);
    if (vm.state !== 'ready') throw new Error(vm.state);
    const [first, second] = vm.contacts.map((c) => c.key);
    const opened = toggleContact(vm, first);
    const switched = toggleContact(opened, second);
    const closed = toggleContact(switched, second);
    const expanded = (v: ReturnType<typeof toggleContact>) =>
      v.state === 'ready' ? v.contacts.filter((c) => c.expanded).map((c) => c.key) : [];
    expect(expanded(opened)).toEqual([first]);
    expect(expanded(switched)).toEqual([second]);
    expect(expanded(closed)).toEqual([]);
  });
});
