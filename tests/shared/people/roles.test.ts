import type { Member } from '../../../miniprogram/shared/api/people';
import { memberRoleActions, roleActionLabel } from '../../../miniprogram/shared/roles';

describe('人员与角色', () => {
  const grids = [
    { id: 'gr-1', name: '第一网格', hint: '' },
    { id: 'gr-2', name: '第二网格', hint: '' },
  ];
  it('offers to grant what the member does not hold and to revoke what he holds here, nothing elsewhere', () => {
    const member: Member = {
      id: 'u',
      name: '赵丽',
      phone: '',
      building: '',
      roles: [
        {
          role: 'grid_worker',
          roleLabel: '网格员',
          scopeType: 'grid',
          scopeId: 'gr-1',
          scopeName: '第一网格',
          title: '',
        },
        {
          role: 'unit_member',
          roleLabel: '单位人员',
          scopeType: 'unit',
          scopeId: 'un-x',
          scopeName: '某单位',
          title: '',
        },
      ],
    };
    expect(memberRoleActions(member.roles, { id: 'cm-1', name: '某社区' }, grids).map(roleActionLabel)).toEqual([
      '设为社区工作人员',
      '设为第二网格网格员',
      '撤销网格员（第一网格）',
    ]);
  });
});
