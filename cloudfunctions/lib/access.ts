import { AppError, type FieldIssue } from '../../miniprogram/shared/errors';
import { isOwnPhoto } from '../../miniprogram/shared/photos';
import type { Role, RoleGrant } from '../../miniprogram/shared/roles';
import type { Caller, Loaded } from './caller';
import type { CollectionName, Database } from './db';

/** Where an action lands: the places and unit its target belongs to. */
export interface ScopeTarget {
  streetIds?: string[];
  communityId?: string;
  gridId?: string;
  unitId?: string;
}

/** What a scope resolver found: the target's scope, and the document it loaded (handed to the handler). */
export interface Scoped<S = unknown> {
  target: ScopeTarget;
  subject: S;
  /**
   * The subject's id can be guessed (made from public data): a caller none of whose grants covers it is told this
   * NOT_FOUND sentence — the one a missing subject gets — instead of FORBIDDEN, so he cannot learn that it exists.
   */
  hiddenAs?: string;
}

/** What a scope resolver or a relation's judge gets: the caller, the database, and what the action's reads found. */
export interface AccessContext {
  caller: Caller;
  db: Database;
  loaded: Loaded;
}

export type ScopeResolver = (input: never, ctx: AccessContext) => Promise<Scoped>;

/**
 * Who may call an action. Declared next to the action; the router checks it before the handler runs.
 * - anyone: any WeChat user, registered or not (e.g. the list of communities used during onboarding);
 * - registered: a caller who has registered (has a profile);
 * - resident: a registered caller bound to a community;
 * - roles: a caller holding one of the roles; with `scope`, one of those grants must cover the target
 *   the resolver finds for this input (staff act only in their own community, and so on);
 * - related: a registered caller whose relation to the one document the action names allows it; the router
 *   fetches that document together with the caller (one round trip) and `decide` judges the relation.
 */
export type Access =
  | { who: 'anyone' }
  | { who: 'registered' }
  | { who: 'resident' }
  | { who: 'roles'; roles: Role[]; scope?: ScopeResolver }
  | { who: 'related'; fetch: SubjectFetch };

/**
 * A related rule that names its document declaratively, so the router fetches it together with the caller in one
 * database round trip; `decide` then judges the caller's relation to it (undefined: no such document).
 */
export interface SubjectFetch {
  collection: CollectionName;
  id: (input: never) => string;
  decide: (doc: never, input: never, ctx: AccessContext) => unknown;
}

export const anyone: Access = { who: 'anyone' };
export const registered: Access = { who: 'registered' };
export const resident: Access = { who: 'resident' };

/**
 * The caller's relation to one document of `collection` (its id from the input) decides: `decide` gets the
 * document — or undefined when there is none — and returns the subject handed to the handler, or throws.
 */
export function relatedTo<D, I>(
  collection: CollectionName,
  id: (input: I) => string,
  decide: (doc: D | undefined, input: I, ctx: AccessContext) => unknown,
): Access {
  return { who: 'related', fetch: { collection, id, decide } as unknown as SubjectFetch };
}

export function roles<I>(names: Role[], scope?: (input: I, ctx: AccessContext) => Promise<Scoped>): Access {
  return { who: 'roles', roles: names, scope: scope as ScopeResolver | undefined };
}

/** Does this grant reach the target? Admins reach everything; everyone else only inside his scope. */
export function grantCovers(grant: RoleGrant, target: ScopeTarget): boolean {
  switch (grant.scopeType) {
    case 'city':
      return true;
    case 'street':
      return target.streetIds?.includes(grant.scopeId) ?? false;
    case 'community':
      return target.communityId === grant.scopeId;
    case 'grid':
      return target.gridId === grant.scopeId;
    case 'unit':
      return target.unitId === grant.scopeId;
  }
}

/** The first check, before the input is read: is the caller the kind of person this action is for? */
export function assertAccess(access: Access, caller: Caller): void {
  if (access.who === 'anyone') return;
  const user = caller.user;
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (access.who === 'registered' || access.who === 'related') return;
  if (access.who === 'resident') {
    if (!user.communityId) throw new AppError('UNAUTHENTICATED', '请先选择您所在的社区');
    return;
  }
  if (!user.roles.some((grant) => access.roles.includes(grant.role))) throw new AppError('FORBIDDEN');
}

/** The second check, once the input is valid: does one of the caller's grants cover the target? */
export async function assertScope(access: Access, input: unknown, ctx: AccessContext): Promise<unknown> {
  if (access.who === 'related') {
    // The router fetched the document with the caller (as the lookup `subject`); none found is undefined.
    const subject = ctx.loaded.subject;
    if (!subject) throw new Error('a related access rule needs its document fetched with the caller');
    return access.fetch.decide(subject[0] as never, input as never, ctx);
  }
  if (access.who !== 'roles' || !access.scope) return undefined;
  const { target, subject, hiddenAs } = await access.scope(input as never, ctx);
  const grants = ctx.caller.user?.roles ?? [];
  const covered = grants.some((grant) => access.roles.includes(grant.role) && grantCovers(grant, target));
  if (!covered)
    throw hiddenAs ? new AppError('NOT_FOUND', hiddenAs) : new AppError('FORBIDDEN', '这不在您负责的范围内');
  return subject;
}

/** Whether the caller holds `role` for exactly this scope (a community, unit, grid or street id). */
export const holdsGrant = (caller: Caller, role: Role, scopeId: string | null): boolean =>
  scopeId !== null && (caller.user?.roles ?? []).some((g) => g.role === role && g.scopeId === scopeId);

export const isAdmin = (caller: Caller): boolean => (caller.user?.roles ?? []).some((g) => g.role === 'admin');

/**
 * The photos an input names, if every one is the caller's own upload (another's file, a script or an outside
 * address is not a photo of his): otherwise VALIDATION_FAILED naming each refused one, and nothing is written.
 */
export function ownPhotos(caller: Caller, photos: readonly string[] | undefined): string[] {
  const list = [...(photos ?? [])];
  const message = '只能使用您自己上传的照片';
  const issues: FieldIssue[] = list.flatMap((id, i) =>
    isOwnPhoto(id, caller.openid) ? [] : [{ path: `photos.${i}`, message }],
  );
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', message, { issues });
  return list;
}

/** The document an action names, or NOT_FOUND with a sentence a person understands. */
export function present<D>(doc: D | undefined, message: string): D {
  if (doc === undefined) throw new AppError('NOT_FOUND', message);
  return doc;
}

/**
 * The document, if the caller may know it exists; else the very answer a missing one gets (NOT_FOUND, the same
 * sentence), for documents whose ids can be guessed from public data.
 */
export function knownTo<D>(doc: D | undefined, mayKnow: (doc: D) => boolean, message: string): D {
  if (doc === undefined || !mayKnow(doc)) throw new AppError('NOT_FOUND', message);
  return doc;
}
