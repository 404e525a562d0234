import {
  bindingOf,
  checkMayJoin,
  joinBasis,
  mayBack,
  organiserRole,
  scopeAt,
  scopeKey,
  scopeKeysOf,
  topicFitsMeeting,
  type Audience,
  type Binding,
  type Caller,
  type CouncilScope,
  type JoinBasis,
} from '../../../miniprogram/shared/councils/scope';

// 雄关社区: grid g1 holds 德轩小区 buildings dx-1, dx-2; grid g2 holds 龙湖华庭 lh-1. 建设社区 is another community.
const home = (buildingId: string, gridId: string, communityId = 'xiongguan'): Binding => ({
  communityId,
  gridId,
  buildingId,
});
const DX1 = home('dx-1', 'g1');
const DX2 = home('dx-2', 'g1');
const LH1 = home('lh-1', 'g2');
const JS1 = home('js-1', 'js-g1', 'jianshe');

const BUILDING = scopeAt('building', DX1);
const GRID = scopeAt('grid', DX1);
const COMMUNITY = scopeAt('community', DX1);

const resident = (binding: Binding | null): Caller => ({ binding, grants: [] });
const grant = (role: string, scopeType: string, scopeId: string) =>
  ({ role, scopeType, scopeId }) as Caller['grants'][number];
const partyMember: Caller = { binding: JS1, grants: [grant('party_member', 'community', 'xiongguan')] };
const unitRep: Caller = { binding: null, grants: [grant('unit_member', 'unit', 'jiugang')] };

const everyone = { partyMembers: true, unitIds: ['jiugang'] } satisfies Audience;
const residentsOnly = { partyMembers: false, unitIds: [] } satisfies Audience;

describe('scopes', () => {
  it('carry their ancestors and have queryable keys', () => {
    expect(BUILDING).toEqual({ level: 'building', communityId: 'xiongguan', gridId: 'g1', buildingId: 'dx-1' });
    expect(GRID).toEqual({ level: 'grid', communityId: 'xiongguan', gridId: 'g1', buildingId: null });
    expect(COMMUNITY).toEqual({ level: 'community', communityId: 'xiongguan', gridId: null, buildingId: null });
    expect(scopeKeysOf(DX1)).toEqual(['building:dx-1', 'grid:g1', 'community:xiongguan']);
    expect(scopeKey(scopeAt('grid', { communityId: 'xiongguan', gridId: 'g2' }))).toBe('grid:g2');
    expect(() => scopeAt('building', { communityId: 'xiongguan', gridId: 'g1' })).toThrow();
  });

  it('a binding comes from a registered user only', () => {
    expect(bindingOf({ communityId: 'xiongguan', gridId: 'g1', buildingId: 'dx-1' })).toEqual(DX1);
    expect(bindingOf({ communityId: 'xiongguan' })).toBeNull();
  });
});

/** THE SCOPE TABLE, by hand: who may join a meeting of each level, and as what. */
const JOIN_TABLE: [string, CouncilScope, Audience, Caller, JoinBasis | null][] = [
  // 楼院议事 for dx-1
  ['building: a resident of the building', BUILDING, residentsOnly, resident(DX1), 'resident'],
  ['building: the next building, same grid', BUILDING, residentsOnly, resident(DX2), null],
  ['building: party member, not admitted', BUILDING, residentsOnly, partyMember, null],
  ['building: party member, admitted', BUILDING, everyone, partyMember, 'party_member'],
  ['building: unit representative, admitted', BUILDING, everyone, unitRep, 'unit_representative'],
  // 网格议事 for g1
  ['grid: a resident of the grid', GRID, residentsOnly, resident(DX2), 'resident'],
  ['grid: another grid', GRID, residentsOnly, resident(LH1), null],
  ['grid: another community', GRID, everyone, resident(JS1), null],
  // 大党委议事 for 雄关社区
  ['community: any grid of it', COMMUNITY, residentsOnly, resident(LH1), 'resident'],
  ['community: another community', COMMUNITY, residentsOnly, resident(JS1), null],
  ['community: party member of it', COMMUNITY, everyone, partyMember, 'party_member'],
  [
    'community: party member of another community',
    COMMUNITY,
    everyone,
    { binding: null, grants: [grant('party_member', 'community', 'jianshe')] },
    null,
  ],
  ['community: unit not invited', COMMUNITY, { partyMembers: true, unitIds: ['other'] }, unitRep, null],
  ['community: unit invited', COMMUNITY, everyone, unitRep, 'unit_representative'],
  [
    'community: a resident who is also a party member joins as resident',
    COMMUNITY,
    everyone,
    {
      binding: DX1,
      grants: [grant('party_member', 'community', 'xiongguan')],
    },
    'resident',
  ],
  [
    'community: staff without a home here',
    COMMUNITY,
    everyone,
    {
      binding: null,
      grants: [grant('community_staff', 'community', 'xiongguan')],
    },
    null,
  ],
  ['community: nobody', COMMUNITY, everyone, resident(null), null],
];

describe('who may join', () => {
  it.each(JOIN_TABLE)('%s', (_name, scope, audience, caller, basis) => {
    expect(joinBasis({ scope, audience }, caller)).toBe(basis);
    const check = checkMayJoin({ scope, audience }, caller);
    expect(check.ok ? check.as : null).toBe(basis);
  });

  it('explains a refusal', () => {
    expect(checkMayJoin({ scope: BUILDING, audience: residentsOnly }, resident(DX2))).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '本次议事会面向本楼栋的居民，您不在参会范围内',
    });
    expect(checkMayJoin({ scope: GRID, audience: residentsOnly }, resident(null))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('who organises', () => {
  const staff: Caller = { binding: null, grants: [grant('community_staff', 'community', 'xiongguan')] };
  const gridWorker: Caller = { binding: null, grants: [grant('grid_worker', 'grid', 'g1')] };
  it.each([
    [BUILDING, staff, 'community_staff'],
    [GRID, staff, 'community_staff'],
    [COMMUNITY, staff, 'community_staff'],
    [BUILDING, gridWorker, 'grid_worker'],
    [GRID, gridWorker, 'grid_worker'],
    [COMMUNITY, gridWorker, null],
    [scopeAt('grid', LH1), gridWorker, null],
    [scopeAt('community', JS1), staff, null],
    [COMMUNITY, resident(DX1), null],
  ] as const)('%o by %o', (scope, caller, role) => {
    expect(organiserRole(scope, caller)).toBe(role);
  });
});

describe('topics', () => {
  it('neighbours of the topic’s place may back it', () => {
    expect(mayBack(GRID, resident(DX2))).toBe(true);
    expect(mayBack(BUILDING, resident(DX2))).toBe(false);
    expect(mayBack(COMMUNITY, resident(LH1))).toBe(true);
    expect(mayBack(COMMUNITY, resident(null))).toBe(false);
  });

  it.each([
    [BUILDING, BUILDING, true],
    [BUILDING, GRID, true],
    [BUILDING, COMMUNITY, true],
    [GRID, BUILDING, false],
    [GRID, GRID, true],
    [COMMUNITY, GRID, false],
    [scopeAt('building', DX2), BUILDING, false],
    [scopeAt('building', LH1), GRID, false],
    [scopeAt('grid', JS1), scopeAt('community', DX1), false],
  ] as const)('topic %o fits meeting %o: %s', (topic, meeting, fits) => {
    expect(topicFitsMeeting(topic, meeting)).toBe(fits);
  });
});
