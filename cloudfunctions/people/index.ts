import { randomBytes } from 'node:crypto';
import { APPLICATION_STATES, blocksNewApplication, type ApplicationState } from '../../miniprogram/shared/applications';
import {
  peopleActions,
  type Application,
  type Member,
  type Profile,
  type RoleEvent,
  type RoleView,
} from '../../miniprogram/shared/api/people';
import { AppError } from '../../miniprogram/shared/errors';
import { photoFolder } from '../../miniprogram/shared/photos';
import { ROLES, roleLabel, type Role, type RoleGrant } from '../../miniprogram/shared/roles';
import type { Place, Unit } from '../../miniprogram/shared/schemas/places';
import { registered, roles, anyone, type Scoped, type ScopeTarget } from '../lib/access';
import type { Caller, Lookups, UserDoc } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { cloudMain } from '../lib/entry';
import { PAGE_SIZE, pageOf } from '../lib/paging';
import { insertOnce, iso, loadPlaces, PLACE_LABELS, stableId } from '../lib/records';
import { defineFunction } from '../lib/router';

/** What a missing application, and one the caller may not know of, both answer. */
const NO_APPLICATION = '找不到这份申请';

/** A 双报到 application as stored. One document per person and community; a re-application reuses it. */
interface ApplicationDoc {
  _id: string;
  userId: string;
  communityId: string;
  communityName: string;
  streetId: string;
  workUnit: string;
  partyOrganization: string;
  status: ApplicationState;
  reason: string;
  applicantName: string;
  applicantPhone: string;
  createdAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  /** The reviewer's name, for the grant's record when the timer finishes an interrupted approval. */
  reviewerName?: string;
  /** Earlier outcomes of the same person's applications to this community. */
  history: Array<{ status: ApplicationState; reason: string; createdAt: Date; reviewedAt: Date | null }>;
}

/**
 * Every grant and revoke, append-only: who, when, why. Kept INSIDE the user document the role belongs to (its
 * `roleEvents` array) and written by the same single-document update that changes `roles`: CloudBase has no
 * atomicity across documents without a transaction (start + each operation + commit round trips), so a role
 * and its record living in one document is what makes "no role without its record, no record without its role"
 * hold with one write. A person's role changes are few, so the array stays small. The community's record
 * (`listRoleEvents`) is one aggregate over the users holding events of that community (indexed on
 * `roleEvents.communityId`). Nothing ever rewrites or removes an element: every write is a `_.push`.
 */
interface RoleEventDoc {
  /** Unique among all events (the list's key); deterministic for a review's grant, so a retry finds its own. */
  id: string;
  kind: 'grant' | 'revoke';
  /** The person's name when it happened (he may change it later). */
  userName: string;
  role: Role;
  scopeType: RoleGrant['scopeType'];
  scopeId: string;
  scopeName: string;
  /** The community the event belongs to (for the community's record), when the scope lies in one. */
  communityId: string | null;
  by: string;
  byName: string;
  reason: string;
  at: Date;
}

/** A user as the people function sees it: with his role record. */
type PersonDoc = UserDoc & { roleEvents?: RoleEventDoc[] };

const toRoleView = (grant: RoleGrant): RoleView => ({
  role: grant.role,
  roleLabel: roleLabel(grant.role),
  scopeType: grant.scopeType,
  scopeId: grant.scopeId,
  scopeName: grant.scopeName,
  title: grant.title ?? '',
});

/** The profile, its binding named from `places` (which must hold the user's street, community… building). */
function profileOf(openid: string, user: UserDoc | null, places: Map<string, Place>): Profile {
  const photos = photoFolder(openid);
  if (!user) return { registered: false, name: '', phone: '', binding: null, roles: [], photoFolder: photos };
  let binding: Profile['binding'] = null;
  if (user.buildingId) {
    const named = (id: string | undefined) => {
      const place = id ? places.get(id) : undefined;
      return { id: place?._id ?? id ?? '', name: place?.name ?? '' };
    };
    binding = {
      street: named(user.streetId),
      community: named(user.communityId),
      grid: named(user.gridId),
      compound: named(user.compoundId),
      building: named(user.buildingId),
    };
  }
  const roles = user.roles.map(toRoleView);
  return { registered: true, name: user.name, phone: user.phone ?? '', binding, roles, photoFolder: photos };
}

async function toProfile(db: Database, openid: string, user: UserDoc | null): Promise<Profile> {
  const ids = user?.buildingId
    ? ([user.streetId, user.communityId, user.gridId, user.compoundId, user.buildingId].filter(Boolean) as string[])
    : [];
  return profileOf(openid, user, await loadPlaces(db, ids));
}

type PlaceWithParents = Place & { streetOf?: Place[]; gridOf?: Place[] };

/**
 * The places a registration names (community, compound, building), each with its street and grid joined: ONE
 * aggregate instead of one query for them and another for the street and grid the profile shows. Keyed by id.
 */
async function loadAddress(db: Database, ids: string[]): Promise<Map<string, Place>> {
  const res = (await db
    .collection(COLLECTIONS.places)
    .aggregate()
    .match({ _id: db.command.in([...new Set(ids)]) })
    .lookup({ from: COLLECTIONS.places, localField: 'streetId', foreignField: '_id', as: 'streetOf' })
    .lookup({ from: COLLECTIONS.places, localField: 'gridId', foreignField: '_id', as: 'gridOf' })
    .end()) as { data?: PlaceWithParents[] };
  const places = new Map<string, Place>();
  for (const { streetOf = [], gridOf = [], ...place } of res.data ?? []) {
    for (const parent of [...streetOf, ...gridOf]) places.set(parent._id, parent);
    places.set(place._id, place as Place);
  }
  return places;
}

function toApplication(doc: ApplicationDoc, withApplicant: boolean): Application {
  return {
    id: doc._id,
    community: { id: doc.communityId, name: doc.communityName },
    workUnit: doc.workUnit,
    partyOrganization: doc.partyOrganization,
    status: doc.status,
    statusLabel: APPLICATION_STATES[doc.status].label,
    reason: doc.reason,
    createdAt: iso(doc.createdAt)!,
    reviewedAt: iso(doc.reviewedAt),
    ...(withApplicant && { applicant: { name: doc.applicantName, phone: doc.applicantPhone } }),
  };
}

function toMember(user: UserDoc, buildingName = ''): Member {
  return {
    id: user._id,
    name: user.name,
    phone: user.phone ?? '',
    building: buildingName,
    roles: user.roles.map(toRoleView),
  };
}

const communityTarget = async (input: { communityId: string }): Promise<Scoped> => ({
  target: { communityId: input.communityId },
  subject: null,
});

/** The one document a lookup by id found, or NOT_FOUND. */
function placeOf<K extends Place['kind']>(found: unknown[] | undefined, kind: K): Extract<Place, { kind: K }> {
  const place = found?.[0] as Place | undefined;
  if (place?.kind !== kind) throw new AppError('NOT_FOUND', `找不到这个${PLACE_LABELS[kind]}`);
  return place as Extract<Place, { kind: K }>;
}

/** What a role grant reaches, found from the scope it is granted for. */
interface GrantScope {
  target: ScopeTarget;
  scopeName: string;
  communityId: string | null;
}

/**
 * What grantRole and revokeRole read besides the caller, in the same round trip: the scope the role is granted
 * for (a place or a unit; nothing for the city) and the person whose roles change.
 */
const grantReads = (input: { role: Role; scopeId: string; userId: string }): Lookups => {
  const scopeType = ROLES[input.role].scope;
  return {
    scope: {
      collection: scopeType === 'unit' ? COLLECTIONS.units : COLLECTIONS.places,
      ids: scopeType === 'city' ? [] : [input.scopeId],
    },
    person: { collection: COLLECTIONS.users, ids: [input.userId] },
  };
};

function resolveGrantScope(role: Role, found: unknown[] | undefined): GrantScope {
  const scopeType = ROLES[role].scope;
  if (scopeType === 'community') {
    const community = placeOf(found, 'community');
    return {
      target: { communityId: community._id, streetIds: [community.streetId] },
      scopeName: community.name,
      communityId: community._id,
    };
  }
  if (scopeType === 'grid') {
    const grid = placeOf(found, 'grid');
    return {
      target: { gridId: grid._id, communityId: grid.communityId, streetIds: [grid.streetId] },
      scopeName: grid.name,
      communityId: grid.communityId,
    };
  }
  if (scopeType === 'unit') {
    const unit = found?.[0] as Unit | undefined;
    if (!unit) throw new AppError('NOT_FOUND', '找不到这个单位');
    // A unit lies in no community: its roles are granted by street staff of a street it serves, or an admin.
    return { target: { unitId: unit._id, streetIds: unit.streetIds }, scopeName: unit.name, communityId: null };
  }
  if (scopeType === 'street') {
    const street = placeOf(found, 'street');
    // Street-wide roles reach beyond one street's staff: only an admin grants them.
    return { target: {}, scopeName: street.name, communityId: null };
  }
  return { target: {}, scopeName: '全市', communityId: null };
}

/**
 * Who may grant or revoke: an admin anywhere; street staff in their street; community staff in their community.
 * The scope the role is granted for (read with the caller) is the subject.
 */
const grantAccess = roles(['admin', 'street_staff', 'community_staff'], async (input: { role: Role }, { loaded }) => {
  const scope = resolveGrantScope(input.role, loaded.scope);
  return { target: scope.target, subject: scope };
});

const randomEventId = () => `re_${randomBytes(12).toString('hex')}`;

function roleEvent(
  id: string,
  kind: RoleEventDoc['kind'],
  user: Pick<UserDoc, 'name'>,
  grant: RoleGrant,
  scope: { communityId: string | null },
  caller: Caller,
  reason: string,
  at: Date,
): RoleEventDoc {
  return {
    id,
    kind,
    userName: user.name,
    role: grant.role,
    scopeType: grant.scopeType,
    scopeId: grant.scopeId,
    scopeName: grant.scopeName,
    communityId: scope.communityId,
    by: caller.openid,
    byName: caller.user?.name ?? '',
    reason,
    at,
  };
}

const sameGrant = (a: Pick<RoleGrant, 'role' | 'scopeId'>, b: Pick<RoleGrant, 'role' | 'scopeId'>) =>
  a.role === b.role && a.scopeId === b.scopeId;

/** Matches a user's grants array that holds `role` for `scopeId` (with any title or work phone). */
const holding = (db: Database, grant: Pick<RoleGrant, 'role' | 'scopeId'>) => ({
  roles: db.command.elemMatch({ role: grant.role, scopeId: grant.scopeId }),
});

/**
 * Grants a role and records it in ONE conditional update of the person's document: it matches only while he does
 * not hold that role for that scope (nor, with `unlessEvent`, already has that event), and pushes the grant and its
 * event together. So the role and its record land together or not at all, and of two racing grants exactly one
 * lands. False when nothing matched (he holds it already, has that event, or there is no such person).
 */
async function pushGrant(
  db: Database,
  userId: string,
  grant: RoleGrant,
  event: RoleEventDoc,
  unlessEvent?: string,
): Promise<boolean> {
  const _ = db.command;
  const excluded = [holding(db, grant), ...(unlessEvent ? [{ 'roleEvents.id': unlessEvent }] : [])];
  const res = await db
    .collection(COLLECTIONS.users)
    .where(_.and([{ _id: userId }, _.nor(excluded)]))
    .update({ roles: _.push([grant]), roleEvents: _.push([event]), updatedAt: event.at });
  return res.updated === 1;
}

/**
 * The grant a review's approval makes, and its event, under an id fixed by the application and its round (how
 * many earlier outcomes it has): re-sending the approval finds it, so the grant is made at most once per round —
 * also when it was revoked since.
 */
async function grantPartyMember(db: Database, application: ApplicationDoc, caller: Caller, at: Date) {
  const grant: RoleGrant = {
    role: 'party_member',
    scopeType: 'community',
    scopeId: application.communityId,
    scopeName: application.communityName,
  };
  const id = grantEventId(application);
  const event = roleEvent(
    id,
    'grant',
    { name: application.applicantName },
    grant,
    { communityId: application.communityId },
    caller,
    '双报到审核通过',
    at,
  );
  // Nothing matched: he holds the role already (this round's grant, or one given by hand) or this round's grant
  // was made and revoked since. Either way there is nothing left to do.
  return pushGrant(db, application.userId, grant, event, id);
}

/** The id of the grant event an application's current round makes. */
const grantEventId = (application: ApplicationDoc) =>
  stableId('re', application._id, String(application.history?.length ?? 0));

export const people = defineFunction(
  'people',
  peopleActions,
  {
    register: {
      access: anyone,
      async handler(input, { caller, db, now }) {
        // caller (1) → the three places with the street and grid the profile names (2) → the write (3)
        const places = await loadAddress(db, [input.buildingId, input.compoundId, input.communityId]);
        const building = places.get(input.buildingId);
        const compound = places.get(input.compoundId);
        const community = places.get(input.communityId);
        if (community?.kind !== 'community') throw new AppError('NOT_FOUND', '找不到所选的社区');
        if (compound?.kind !== 'compound') throw new AppError('NOT_FOUND', '找不到所选的小区');
        if (building?.kind !== 'building') throw new AppError('NOT_FOUND', '找不到所选的楼栋');
        if (compound.communityId !== community._id) {
          throw new AppError('VALIDATION_FAILED', '所选小区不属于该社区', {
            issues: [{ path: 'compoundId', message: '所选小区不属于该社区' }],
          });
        }
        if (building.compoundId !== compound._id) {
          throw new AppError('VALIDATION_FAILED', '所选楼栋不在该小区内', {
            issues: [{ path: 'buildingId', message: '所选楼栋不在该小区内' }],
          });
        }
        const at = now();
        const binding = {
          streetId: building.streetId,
          communityId: building.communityId,
          compoundId: building.compoundId,
          buildingId: building._id,
          gridId: building.gridId,
        };
        const users = db.collection(COLLECTIONS.users);
        let user: UserDoc;
        if (caller.user) {
          // Re-binding keeps the earlier address in the user's binding history.
          const moved = caller.user.buildingId !== building._id;
          const previous = caller.user as UserDoc & { bindingHistory?: unknown[] };
          // Someone whose history was never started (e.g. created before it existed) keeps his old address too.
          const earlier =
            !previous.bindingHistory?.length && previous.buildingId
              ? [
                  {
                    streetId: previous.streetId,
                    communityId: previous.communityId,
                    compoundId: previous.compoundId,
                    buildingId: previous.buildingId,
                    gridId: previous.gridId,
                    at: previous.createdAt,
                  },
                ]
              : [];
          const update = {
            ...binding,
            name: input.name,
            phone: input.phone ?? '',
            privacyConsentVersion: input.privacyConsentVersion,
            updatedAt: at,
            ...(moved && { bindingHistory: db.command.push([...earlier, { ...binding, at }]) }),
          };
          await users.doc(caller.openid).update(update);
          user = { ...caller.user, ...binding, name: input.name, phone: input.phone ?? '' };
        } else {
          const { _id, ...fields } = (user = {
            _id: caller.openid,
            name: input.name,
            phone: input.phone ?? '',
            ...binding,
            roles: [],
            createdAt: at,
            updatedAt: at,
          });
          await users.doc(_id).set({
            ...fields,
            privacyConsentVersion: input.privacyConsentVersion,
            bindingHistory: [{ ...binding, at }],
          });
        }
        return profileOf(caller.openid, user, places);
      },
    },

    getProfile: {
      access: anyone,
      handler: async (_input, { caller, db }) => toProfile(db, caller.openid, caller.user),
    },

    applyPartyMember: {
      access: registered,
      // The community, and the caller's own application to it (one per person and community), come with him.
      reads: (input, { openid }) => ({
        community: { collection: COLLECTIONS.places, ids: [input.communityId] },
        mine: { collection: COLLECTIONS.applications, ids: [stableId('pa', openid, input.communityId)] },
      }),
      async handler(input, { caller, db, now, loaded }) {
        const user = caller.user!;
        if (user.roles.some((g) => g.role === 'party_member' && g.scopeId === input.communityId)) {
          throw new AppError('CONFLICT', '您已经是该社区报到的党员');
        }
        const community = placeOf(loaded.community, 'community');
        const at = now();
        const doc: ApplicationDoc = {
          _id: stableId('pa', user._id, community._id),
          userId: user._id,
          communityId: community._id,
          communityName: community.name,
          streetId: community.streetId,
          workUnit: input.workUnit,
          partyOrganization: input.partyOrganization,
          status: 'pending',
          reason: '',
          applicantName: user.name,
          applicantPhone: user.phone ?? '',
          createdAt: at,
          reviewedAt: null,
          reviewedBy: null,
          history: [],
        };
        const existing = (loaded.mine as ApplicationDoc[]).find((a) => a._id === doc._id);
        if (!existing) {
          // The id is the person and community: a second add fails, so two taps never make two applications.
          if (await insertOnce(db, COLLECTIONS.applications, doc)) return toApplication(doc, false);
          // None was there when he was read, so a twin request has just made it: it is pending.
          throw new AppError('CONFLICT', '您的申请正在审核中，请勿重复提交');
        }
        if (blocksNewApplication(existing.status)) {
          throw new AppError(
            'CONFLICT',
            existing.status === 'pending' ? '您的申请正在审核中，请勿重复提交' : '您已经是该社区报到的党员',
          );
        }
        // A re-application after a rejection reuses the document, moving the rejected outcome into its history. The
        // update is conditioned on the round that was read (rejected, with that many earlier outcomes): were it
        // re-applied and rejected again meanwhile, the outcome pushed here would be the wrong one.
        const _ = db.command;
        const { _id, history: _history, ...fresh } = doc;
        const res = await db
          .collection(COLLECTIONS.applications)
          .where({
            _id,
            status: 'rejected',
            history: existing.history ? _.size(existing.history.length) : _.exists(false),
          })
          .update({
            ...fresh,
            history: _.push([
              {
                status: existing.status,
                reason: existing.reason,
                createdAt: existing.createdAt,
                reviewedAt: existing.reviewedAt,
              },
            ]),
          });
        if (res.updated !== 1) throw new AppError('CONFLICT', '您的申请正在审核中，请勿重复提交');
        return toApplication(doc, false);
      },
    },

    listMyApplications: {
      access: registered,
      async handler(_input, { caller, db }) {
        const res = await db
          .collection(COLLECTIONS.applications)
          .where({ userId: caller.openid })
          .orderBy('createdAt', 'desc')
          .limit(50)
          .get();
        return (res.data as ApplicationDoc[]).map((doc) => toApplication(doc, false));
      },
    },

    listPendingApplications: {
      access: roles(['community_staff', 'admin'], communityTarget),
      async handler(input, { db }) {
        const { docs, nextCursor } = await pageOf<ApplicationDoc>(
          db,
          COLLECTIONS.applications,
          { communityId: input.communityId, status: 'pending' },
          ['createdAt', 'asc'],
          input.cursor,
        );
        return { items: docs.map((doc) => toApplication(doc, true)), nextCursor };
      },
    },

    reviewApplication: {
      access: roles(['community_staff', 'admin'], async (_input: { applicationId: string }, { loaded }) => {
        const application = loaded.application?.[0] as ApplicationDoc | undefined;
        if (!application) throw new AppError('NOT_FOUND', NO_APPLICATION);
        return {
          target: { communityId: application.communityId, streetIds: [application.streetId] },
          subject: application,
          // Its id is made from the applicant and the community: staff elsewhere must not learn who applied.
          hiddenAs: NO_APPLICATION,
        };
      }),
      reads: (input) => ({ application: { collection: COLLECTIONS.applications, ids: [input.applicationId] } }),
      /**
       * caller + application (1) → the decision (2) → on approval, the grant (3). Two documents change, and without
       * a transaction (5 round trips more) they change one after the other, so the order matters:
       * 1. the decision first, as one conditional update pending → approved/rejected: of two reviewers deciding at
       *    once exactly one decides, and the other changes nothing;
       * 2. then the grant with its event, idempotent (see grantPartyMember).
       * A request that dies between the two leaves an approved application whose grant is missing; sending the same
       * approval again (as a reviewer does after an error) finds it approved, makes the grant, and answers as if it
       * were the first time. It never grants twice, nor again after a revoke. A different decision on it is refused
       * (已经审核过了), as for any reviewed application.
       */
      async handler(input, { caller, db, now, subject }) {
        const application = subject as ApplicationDoc;
        if (application.status === 'approved' && input.decision === 'approve') {
          await grantPartyMember(db, application, caller, now());
          return toApplication(application, true);
        }
        if (application.status !== 'pending') throw new AppError('INVALID_STATE', '这份申请已经审核过了');
        if (input.decision === 'reject' && !input.reason) {
          throw new AppError('VALIDATION_FAILED', '驳回时请说明理由', {
            issues: [{ path: 'reason', message: '驳回时请说明理由' }],
          });
        }
        const at = now();
        const status: ApplicationState = input.decision === 'approve' ? 'approved' : 'rejected';
        const reviewed = {
          ...application,
          status,
          reason: input.reason ?? '',
          reviewedAt: at,
          reviewedBy: caller.openid,
        };
        const res = await db
          .collection(COLLECTIONS.applications)
          .where({ _id: application._id, status: 'pending' })
          .update({
            status,
            reason: reviewed.reason,
            reviewedAt: at,
            reviewedBy: caller.openid,
            reviewerName: caller.user?.name ?? '',
          });
        if (res.updated !== 1) throw new AppError('INVALID_STATE', '这份申请已经审核过了');
        if (status === 'approved') await grantPartyMember(db, reviewed, caller, at);
        return toApplication(reviewed, true);
      },
    },

    listMembers: {
      access: roles(['community_staff', 'admin'], communityTarget),
      async handler(input, { db }) {
        const where: Record<string, unknown> = { communityId: input.communityId };
        if (input.keyword)
          where.name = db.RegExp({ regexp: input.keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), options: 'i' });
        const { docs: users, nextCursor } = await pageOf<UserDoc>(
          db,
          COLLECTIONS.users,
          where,
          ['name', 'asc'],
          input.cursor,
        );
        const buildings = await loadPlaces(db, users.map((u) => u.buildingId).filter(Boolean) as string[]);
        const buildingName = (user: UserDoc) => {
          const building = user.buildingId ? buildings.get(user.buildingId) : undefined;
          return building?.name ?? '';
        };
        return { items: users.map((user) => toMember(user, buildingName(user))), nextCursor };
      },
    },

    /** caller + scope + person (1) → one conditional update of the person (2). */
    grantRole: {
      access: grantAccess,
      reads: grantReads,
      async handler(input, { caller, db, now, subject, loaded }) {
        const scope = subject as GrantScope;
        const person = loaded.person?.[0] as PersonDoc | undefined;
        if (!person) throw new AppError('NOT_FOUND', '找不到这位用户');
        const grant: RoleGrant = {
          role: input.role,
          scopeType: ROLES[input.role].scope,
          scopeId: input.scopeId,
          scopeName: scope.scopeName,
          ...(input.title && { title: input.title }),
          ...(input.workPhone && { workPhone: input.workPhone }),
        };
        if (person.roles.some((g) => sameGrant(g, grant))) throw new AppError('CONFLICT', '该用户已拥有这个角色');
        const event = roleEvent(randomEventId(), 'grant', person, grant, scope, caller, input.reason, now());
        // Lost to a concurrent grant of the same role: the update matched nothing and wrote nothing.
        if (!(await pushGrant(db, person._id, grant, event))) throw new AppError('CONFLICT', '该用户已拥有这个角色');
        return toMember({ ...person, roles: [...person.roles, grant] });
      },
    },

    /** caller + scope + person (1) → one conditional update of the person (2). */
    revokeRole: {
      access: grantAccess,
      reads: grantReads,
      async handler(input, { caller, db, now, subject, loaded }) {
        const scope = subject as GrantScope;
        const person = loaded.person?.[0] as PersonDoc | undefined;
        if (!person) throw new AppError('NOT_FOUND', '找不到这位用户');
        const held = person.roles.find((g) => sameGrant(g, input));
        if (!held) throw new AppError('NOT_FOUND', '该用户没有这个角色');
        const event = roleEvent(randomEventId(), 'revoke', person, held, scope, caller, input.reason, now());
        const _ = db.command;
        // One update, matching only while he holds the role: pulls the grant and pushes its event together, so a
        // concurrent revoke of the same role makes this one match nothing (and write nothing).
        const res = await db
          .collection(COLLECTIONS.users)
          .where({ _id: person._id, ...holding(db, held) })
          .update({
            roles: _.pull({ role: held.role, scopeId: held.scopeId }),
            roleEvents: _.push([event]),
            updatedAt: event.at,
          });
        if (res.updated !== 1) throw new AppError('NOT_FOUND', '该用户没有这个角色');
        return toMember({ ...person, roles: person.roles.filter((g) => !sameGrant(g, input)) });
      },
    },

    /**
     * The community's record, newest first, in one aggregate: the people holding events of the community (an
     * indexed array path), one row per event, only the community's, sorted and paged.
     */
    listRoleEvents: {
      access: roles(['community_staff', 'admin'], communityTarget),
      async handler(input, { db }) {
        const offset = input.cursor ?? 0;
        const ofCommunity = { 'roleEvents.communityId': input.communityId };
        const res = (await db
          .collection(COLLECTIONS.users)
          .aggregate()
          .match(ofCommunity)
          .project({ roleEvents: true })
          .unwind({ path: '$roleEvents', includeArrayIndex: 'seq' })
          .match(ofCommunity)
          // Ties (one clock tick) keep a person's events newest first, and people in a fixed order.
          .sort({ 'roleEvents.at': -1, _id: 1, seq: -1 })
          .skip(offset)
          .limit(PAGE_SIZE + 1)
          .end()) as { data?: Array<{ roleEvents: RoleEventDoc }> };
        const rows = res.data ?? [];
        const items: RoleEvent[] = rows.slice(0, PAGE_SIZE).map(({ roleEvents: e }) => ({
          id: e.id,
          kind: e.kind,
          role: e.role,
          roleLabel: roleLabel(e.role),
          scopeName: e.scopeName,
          userName: e.userName,
          byName: e.byName,
          reason: e.reason,
          at: iso(e.at)!,
        }));
        return { items, nextCursor: rows.length > PAGE_SIZE ? offset + PAGE_SIZE : null };
      },
    },
  },
  {
    settleApprovals: {
      summary: '补齐审核通过但未写入的党员角色（审核请求在两次写入之间中断时）',
      everyMinutes: 5,
      /**
       * An approval writes the application, then the grant. If the request died between the two and nobody sent
       * it again, the approved application of the last day whose round's grant event is missing gets it now, as
       * by its reviewer — the same idempotent grant a resent approval makes.
       */
      async run({ db, now }) {
        const _ = db.command;
        const since = new Date(now().getTime() - 24 * 3600_000);
        let granted = 0;
        // Page by page through the day's approvals (a 双报到 campaign day may approve hundreds).
        for (let offset = 0; ; offset += SETTLE_PAGE) {
          const approved = (
            await db
              .collection(COLLECTIONS.applications)
              .where({ status: 'approved', reviewedAt: _.gte(since) })
              .orderBy('reviewedAt', 'asc')
              .skip(offset)
              .limit(SETTLE_PAGE)
              .get()
          ).data as ApplicationDoc[];
          if (approved.length === 0) break;
          const userIds = [...new Set(approved.map((a) => a.userId))];
          const applicants = new Map(
            (
              (
                await db
                  .collection(COLLECTIONS.users)
                  .where({ _id: _.in(userIds) })
                  .limit(userIds.length)
                  .get()
              ).data as PersonDoc[]
            ).map((u) => [u._id, u]),
          );
          for (const application of approved) {
            const applicant = applicants.get(application.userId);
            // Nothing to do: no such person, this round's grant made, or he holds the role anyway.
            if (!applicant || (applicant.roleEvents ?? []).some((e) => e.id === grantEventId(application))) continue;
            if (applicant.roles.some((g) => g.role === 'party_member' && g.scopeId === application.communityId))
              continue;
            const reviewer = {
              openid: application.reviewedBy ?? 'system',
              user: { name: application.reviewerName ?? '' },
            } as Caller;
            if (await grantPartyMember(db, application, reviewer, application.reviewedAt ?? now())) granted += 1;
          }
          if (approved.length < SETTLE_PAGE) break;
        }
        return { granted };
      },
    },
  },
);

/** Approvals one pass of settleApprovals reads at a time. */
const SETTLE_PAGE = 200;

export const main = cloudMain(people);
