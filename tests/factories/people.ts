/**
 * People as tests need them: the demo places' ids, a registration as the contract types it, role grants, and user
 * documents written straight into the store (fixtures for crowds and outsiders, not a flow under test). Each test
 * overrides only what it is about.
 */
import type { ActionInput } from '../../miniprogram/shared/api/index';
import { PRIVACY_GUIDE_VERSION } from '../../miniprogram/shared/privacy';
import { ROLES, type Role, type RoleGrant } from '../../miniprogram/shared/roles';
import type { UserDoc } from '../../cloudfunctions/lib/caller';
import { getDb } from '../../cloudfunctions/lib/db';
import { T0 } from '../helpers/functions';

/** The demo seed's places a test names most: 雄关街道 › 雄关社区 › 德轩小区, its grids, and 长胜社区's 龙湖小区. */
export const PLACES = {
  street: 'st-xiongguan',
  community: 'cm-xiongguan',
  compound: 'cp-dexuan',
  grid1: 'gr-xiongguan-1',
  grid2: 'gr-xiongguan-2',
  otherCommunity: 'cm-changsheng',
  otherCompound: 'cp-longhu',
} as const;

/** Where a resident of 德轩小区 building `n` (1–4) is bound: buildings 1–2 lie in the first grid, 3–4 the second. */
export const dexuanBinding = (n = 1) => ({
  streetId: PLACES.street,
  communityId: PLACES.community,
  compoundId: PLACES.compound,
  buildingId: `bd-dexuan-${n}`,
  gridId: n <= 2 ? PLACES.grid1 : PLACES.grid2,
});

type Registration = ActionInput<'people', 'register'>;

/** 周大爷 registering at 德轩小区2号楼 with the current privacy guide, no phone. */
export const registration = (extra: Partial<Registration> = {}): Registration => ({
  communityId: PLACES.community,
  compoundId: PLACES.compound,
  buildingId: 'bd-dexuan-2',
  name: '周大爷',
  privacyConsentVersion: PRIVACY_GUIDE_VERSION,
  ...extra,
});

/** A role held for one scope, its scope type the role's own. */
export const grant = (role: Role, scopeId: string, scopeName: string, extra: Partial<RoleGrant> = {}): RoleGrant => ({
  role,
  scopeType: ROLES[role].scope,
  scopeId,
  scopeName,
  ...extra,
});

/** A user document as stored, registered at T0 with no roles and no phone unless told. */
export const userDoc = (id: string, extra: Partial<UserDoc> = {}): UserDoc => ({
  _id: id,
  name: id,
  phone: '',
  roles: [],
  createdAt: T0,
  updatedAt: T0,
  ...extra,
});

/** Writes user documents straight into the store; their ids back. */
export async function addUsers(docs: UserDoc[]): Promise<string[]> {
  await getDb().collection('users').add(docs);
  return docs.map((doc) => doc._id);
}
