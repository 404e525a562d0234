/**
 * 代办 on the server, for every function that takes a matter down for a resident (orders, complaints): the place the
 * form names, checked and scoped by the caller's grants (his community, or his grid), the member it is for, and
 * who took it down. Core decides who may (shared/intake.ts); this reads and checks.
 */
import { AppError } from '../../miniprogram/shared/errors';
import { intakeRoleAt, type IntakeResident, type TakenBy } from '../../miniprogram/shared/intake';
import type { Building, Community, Compound } from '../../miniprogram/shared/schemas/places';
import type { Scoped } from './access';
import { actorName, type Caller, type Loaded, type UserDoc } from './caller';
import { COLLECTIONS } from './db';

/** The place a 代办 form names: the building and the compound and community it lies in, as the list gave them. */
export interface IntakePlaceIds {
  communityId: string;
  compoundId: string;
  buildingId: string;
}

export interface IntakePlace {
  building: Building;
  compound: Compound;
  community: Community;
}

/** What a 代办 action reads with the caller: the three places, and the member (when it is for one). */
export const intakeReads = (input: IntakePlaceIds & { resident: { memberId: string } | object }) => ({
  places: { collection: COLLECTIONS.places, ids: [input.buildingId, input.compoundId, input.communityId] },
  member: { collection: COLLECTIONS.users, ids: ['memberId' in input.resident ? input.resident.memberId : null] },
});

/**
 * The access rule's scope: the named building, in that compound and community (else NOT_FOUND), covered by one of
 * the caller's grants — staff of the community or the worker of the building's grid (the router checks the target).
 */
export async function intakeScope(input: IntakePlaceIds, { loaded }: { loaded: Loaded }): Promise<Scoped<IntakePlace>> {
  const byId = (id: string) => (loaded.places as Array<{ _id: string; kind: string }>).find((p) => p._id === id);
  const building = byId(input.buildingId) as Building | undefined;
  const compound = byId(input.compoundId) as Compound | undefined;
  const community = byId(input.communityId) as Community | undefined;
  const fits =
    building?.kind === 'building' &&
    compound?.kind === 'compound' &&
    community?.kind === 'community' &&
    building.compoundId === compound._id &&
    compound.communityId === community._id;
  if (!fits) throw new AppError('NOT_FOUND', '找不到这个楼栋');
  return {
    target: { communityId: community._id, gridId: building.gridId },
    subject: { building, compound, community },
  };
}

/**
 * The member a 代办 is for: of the place's community and inside the caller's scope too (a grid worker: of his grid).
 * Anyone else gets the answer a missing one gets, so a guessed id tells nothing.
 */
export function intakeMember(caller: Caller, loaded: Loaded, place: IntakePlace): UserDoc {
  const member = loaded.member[0] as UserDoc | undefined;
  const inScope =
    member?.communityId === place.community._id &&
    intakeRoleAt(caller.user!.roles, { communityId: member.communityId, gridId: member.gridId ?? '' }) !== null;
  if (!member || !inScope) throw new AppError('NOT_FOUND', '找不到这位居民');
  return member;
}

/** The caller as the one who took it down, in the role his grants give him at the place. */
export function takenByOf(caller: Caller, place: IntakePlace, resident: IntakeResident): TakenBy {
  const role = intakeRoleAt(caller.user!.roles, { communityId: place.community._id, gridId: place.building.gridId })!;
  return { id: caller.openid, name: actorName(caller), role, resident };
}
