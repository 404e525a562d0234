import {
  channelTag,
  INTAKE_CHANNEL_NAMES,
  intakeRoleAt,
  ON_BEHALF_CHANNELS,
  staffRecordsRating,
} from '../../../miniprogram/shared/intake';
import type { RoleGrant } from '../../../miniprogram/shared/roles';

const grant = (role: RoleGrant['role'], scopeId: string) => ({ role, scopeId });
const home = { communityId: 'cm-xiongguan', gridId: 'gr-xiongguan-1' };

describe('how a matter reached us (代办 channels)', () => {
  it('the mini-program is the usual channel and is not marked; staff take matters down by phone or at the window', () => {
    expect(INTAKE_CHANNEL_NAMES).toEqual(['mini_program', 'phone', 'in_person', 'hotline_12345']);
    expect(channelTag('hotline_12345')).toBe('12345转办');
    expect(channelTag('mini_program')).toBe('');
    expect(channelTag(undefined)).toBe('');
    expect(channelTag('phone')).toBe('电话代办');
    expect(channelTag('in_person')).toBe('窗口代办');
    expect(ON_BEHALF_CHANNELS).toEqual(['phone', 'in_person']);
  });
});

describe('who may take a matter down for a resident', () => {
  it('staff of his community, in that role even if they also work a grid', () => {
    expect(intakeRoleAt([grant('community_staff', 'cm-xiongguan')], home)).toBe('community_staff');
    expect(intakeRoleAt([grant('grid_worker', 'gr-xiongguan-1'), grant('community_staff', 'cm-xiongguan')], home)).toBe(
      'community_staff',
    );
  });
  it('the worker of his grid, and not of another grid', () => {
    expect(intakeRoleAt([grant('grid_worker', 'gr-xiongguan-1')], home)).toBe('grid_worker');
    expect(intakeRoleAt([grant('grid_worker', 'gr-xiongguan-2')], home)).toBeNull();
  });
  it('nobody else: staff of another community, a unit, a party member, street staff', () => {
    for (const g of [
      grant('community_staff', 'cm-changsheng'),
      grant('unit_member', 'un-dexuan-property'),
      grant('party_member', 'cm-xiongguan'),
      grant('street_staff', 'st-xiongguan'),
    ]) {
      expect(intakeRoleAt([g], home)).toBeNull();
    }
  });
  it('an empty place is nobody’s', () => {
    expect(intakeRoleAt([grant('grid_worker', '')], { communityId: '', gridId: '' })).toBeNull();
  });
});

describe('whose rating staff record', () => {
  it('only a resident recorded by name and phone’s: a member rates himself', () => {
    expect(staffRecordsRating('recorded')).toBe(true);
    expect(staffRecordsRating('member')).toBe(false);
    expect(staffRecordsRating(undefined)).toBe(false);
  });
});
