/**
 * Councils 议事会: who is "in scope". A topic (群众说事) and a meeting belong to one place at one of three levels:
 *
 *   building 楼院议事 (one 楼栋) ⊂ grid 网格议事 (one 网格) ⊂ community 大党委议事 (one 社区)
 *
 * A resident is in scope when his binding (the building he registered, with its grid and community) lies in the
 * place. A meeting may also admit, when its organiser says so, the community's approved party members (在职党员,
 * "双报到" — they often live elsewhere) and representatives of named units (驻区单位 of the 大党委).
 * Organisers: the community's staff at every level; a grid worker for his own grid's grid and building meetings.
 *
 * Topics and meetings are stored with `scopeKey` (`${level}:${placeId}`) so "everything for my building, my grid
 * and my community" is one query: `scopeKey: _.in(scopeKeysOf(binding))`.
 */
import type { ErrorCode } from '../errors';
import type { Refusal } from '../orders/machine';
import type { Role, RoleGrant } from '../roles';

export const COUNCIL_LEVELS = {
  building: { label: '楼院议事', placeLabel: '楼栋' },
  grid: { label: '网格议事', placeLabel: '网格' },
  community: { label: '大党委议事', placeLabel: '社区' },
} as const;

export type CouncilLevel = keyof typeof COUNCIL_LEVELS;
export const COUNCIL_LEVEL_NAMES = Object.keys(COUNCIL_LEVELS) as CouncilLevel[];
export const councilLevelLabel = (level: CouncilLevel): string => COUNCIL_LEVELS[level].label;

/** Where a resident lives, as his registration binds him (the server reads it from his user record). */
export interface Binding {
  communityId: string;
  gridId: string;
  buildingId: string;
}

/** The binding from a stored user (its optional place fields), or null while he has not registered a building. */
export const bindingOf = (user: { communityId?: string; gridId?: string; buildingId?: string }): Binding | null =>
  user.communityId && user.gridId && user.buildingId
    ? { communityId: user.communityId, gridId: user.gridId, buildingId: user.buildingId }
    : null;

/**
 * The place a topic or meeting is for, with its ancestors: a building scope carries its grid and community, a
 * grid scope its community; the ids below the level are null.
 */
export interface CouncilScope {
  level: CouncilLevel;
  communityId: string;
  gridId: string | null;
  buildingId: string | null;
}

/** The scope of a place at a level (a building's binding gives all three; a grid needs only grid and community). */
export function scopeAt(
  level: CouncilLevel,
  place: { communityId: string; gridId?: string | null; buildingId?: string | null },
): CouncilScope {
  const gridId = level === 'community' ? null : (place.gridId ?? null);
  const buildingId = level === 'building' ? (place.buildingId ?? null) : null;
  if ((level !== 'community' && gridId === null) || (level === 'building' && buildingId === null)) {
    throw new Error(`a ${level} scope needs its ${level === 'building' ? 'building and grid' : 'grid'}`);
  }
  return { level, communityId: place.communityId, gridId, buildingId };
}

/** The id of the place itself: the building, the grid or the community. */
export const scopePlaceId = (scope: CouncilScope): string =>
  scope.level === 'building' ? scope.buildingId! : scope.level === 'grid' ? scope.gridId! : scope.communityId;

/** The stored, queryable key of a scope, e.g. `grid:xiongguan-g3`. */
export const scopeKey = (scope: CouncilScope): string => `${scope.level}:${scopePlaceId(scope)}`;

/** The three keys a resident's topics and meetings can have: his building's, his grid's, his community's. */
export const scopeKeysOf = (binding: Binding): string[] =>
  COUNCIL_LEVEL_NAMES.map((level) => scopeKey(scopeAt(level, binding)));

/** The place (a binding, or a narrower scope) lies inside the scope. */
export function within(
  place: { communityId: string; gridId: string | null; buildingId: string | null },
  scope: CouncilScope,
): boolean {
  switch (scope.level) {
    case 'community':
      return place.communityId === scope.communityId;
    case 'grid':
      return place.gridId === scope.gridId;
    case 'building':
      return place.buildingId === scope.buildingId;
  }
}

/** A topic can go onto a meeting's agenda when it is about a place inside the meeting's scope. */
export const topicFitsMeeting = (topic: CouncilScope, meeting: CouncilScope): boolean =>
  COUNCIL_LEVEL_NAMES.indexOf(topic.level) <= COUNCIL_LEVEL_NAMES.indexOf(meeting.level) && within(topic, meeting);

// ── Who may join a meeting ───────────────────────────────────────────────────────────────────────────────────

/** Who besides the scope's residents may join: the community's party members, and representatives of units. */
export interface Audience {
  partyMembers: boolean;
  unitIds: readonly string[];
}

export const JOIN_BASES = {
  resident: '居民',
  party_member: '在职党员',
  unit_representative: '单位代表',
} as const;
export type JoinBasis = keyof typeof JOIN_BASES;

/** The caller as the server knows him: never fields the client sends. */
export interface Caller {
  binding: Binding | null;
  grants: readonly Pick<RoleGrant, 'role' | 'scopeType' | 'scopeId'>[];
}

const holds = (caller: Caller, role: Role, scopeId: string | null): boolean =>
  scopeId !== null && caller.grants.some((g) => g.role === role && g.scopeId === scopeId);

/** On what grounds the caller may join, or null. A resident of the scope first, then party member, then unit. */
export function joinBasis(meeting: { scope: CouncilScope; audience: Audience }, caller: Caller): JoinBasis | null {
  if (caller.binding !== null && within(caller.binding, meeting.scope)) return 'resident';
  if (meeting.audience.partyMembers && holds(caller, 'party_member', meeting.scope.communityId)) return 'party_member';
  if (caller.grants.some((g) => g.role === 'unit_member' && meeting.audience.unitIds.includes(g.scopeId))) {
    return 'unit_representative';
  }
  return null;
}

const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

/** Signing up: out of scope → FORBIDDEN; someone not bound to any community and without a grant → UNAUTHENTICATED. */
export function checkMayJoin(
  meeting: { scope: CouncilScope; audience: Audience },
  caller: Caller,
): { ok: true; as: JoinBasis } | Refusal {
  const basis = joinBasis(meeting, caller);
  if (basis !== null) return { ok: true, as: basis };
  if (caller.binding === null && caller.grants.length === 0) return refuse('UNAUTHENTICATED', '请先绑定所在社区');
  return refuse('FORBIDDEN', `本次议事会面向${placeOf(meeting.scope)}的居民，您不在参会范围内`);
}

const placeOf = (scope: CouncilScope): string => `本${COUNCIL_LEVELS[scope.level].placeLabel}`;

/**
 * The role in which the caller organises councils of this scope, or null: the community's staff everywhere in it;
 * a grid worker for his grid's grid and building meetings. The state machines take it as the actor.
 */
export function organiserRole(scope: CouncilScope, caller: Caller): 'community_staff' | 'grid_worker' | null {
  if (holds(caller, 'community_staff', scope.communityId)) return 'community_staff';
  if (scope.level !== 'community' && holds(caller, 'grid_worker', scope.gridId)) return 'grid_worker';
  return null;
}

/** A resident backs (附议) a topic of his own building, grid or community. */
export const mayBack = (topic: CouncilScope, caller: Caller): boolean =>
  caller.binding !== null && within(caller.binding, topic);
