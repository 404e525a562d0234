/**
 * What a viewer sees of a person (the resident who ordered or filed, a neighbour who backed a topic, a volunteer):
 * his name and phone in full, masked, or not at all — one table for every output of every function. His OPENID is
 * never shown to anyone: outputs name people, they do not identify them.
 */

/** How the viewer stands to the person shown. */
export type Viewer =
  /** The person himself. */
  | 'self'
  /**
   * His community's staff: they must reach him, and they keep the residents they took down by name and phone (代办)
   * — the one viewer besides himself who sees such a person's phone.
   */
  | 'keeper'
  /** Those who must reach him for his matter: his community's staff, the unit or company holding it. */
  | 'handler'
  /** Those who watch over many matters (street staff, admins): enough to tell cases apart, not to call. */
  | 'overseer'
  /** Party members doing a task of his order (党员领单). */
  | 'volunteer'
  /** Other residents: neighbours who back or join the same matter, or read it in a list. */
  | 'neighbour';

type Shown = 'full' | 'masked' | 'none';

export const PERSON_SEEN_BY: Readonly<Record<Viewer, { name: Shown; phone: Shown }>> = {
  self: { name: 'full', phone: 'full' },
  keeper: { name: 'full', phone: 'full' },
  handler: { name: 'full', phone: 'full' },
  overseer: { name: 'masked', phone: 'masked' },
  volunteer: { name: 'masked', phone: 'masked' },
  neighbour: { name: 'masked', phone: 'none' },
};

/** A person who chose not to be seen (不公开姓名, 对志愿者隐藏) is not seen at all by these. */
const HIDDEN_WHEN_PRIVATE: readonly Viewer[] = ['volunteer', 'neighbour'];

/** From the widest view to the narrowest: a viewer with several relations sees as the first he holds. */
const BY_REACH: readonly Viewer[] = ['self', 'keeper', 'handler', 'overseer', 'volunteer', 'neighbour'];

export interface Person {
  name: string;
  phone: string;
  /** He asked not to be shown to volunteers and neighbours. */
  private: boolean;
  /**
   * Taken down by staff (代办) for someone who is not registered: he never agreed to the privacy guide himself, and
   * gave his number to his community only. Everyone but his community's staff sees him as a neighbour would.
   */
  recorded?: boolean;
}

/** What the viewer may see of him; null where he sees nothing. */
export interface SeenPerson {
  name: string | null;
  phone: string | null;
}

/** The widest of the viewer's relations; none at all is a neighbour's view. */
export const widestViewer = (viewers: readonly Viewer[]): Viewer =>
  BY_REACH.find((viewer) => viewers.includes(viewer)) ?? 'neighbour';

export function seenBy(viewer: Viewer, person: Person): SeenPerson {
  const rule = PERSON_SEEN_BY[person.recorded && viewer !== 'keeper' ? 'neighbour' : viewer];
  const hidden = person.private && HIDDEN_WHEN_PRIVATE.includes(viewer);
  const show = (shown: Shown, value: string, mask: (v: string) => string) =>
    hidden || shown === 'none' ? null : shown === 'masked' ? mask(value) : value;
  return { name: show(rule.name, person.name, maskName), phone: show(rule.phone, person.phone, maskPhone) };
}

/** How a timeline or a list names a person for this viewer: as seen, or 居民 where he may not be seen. */
export const shownName = (viewer: Viewer, person: Person): string => seenBy(viewer, person).name ?? '居民';

export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** 王** for 王小明, 李* for 李四: the family name stays so a neighbour can still be addressed politely. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** The version of the privacy guide (隐私保护指引) a person agrees to before onboarding. */
export const PRIVACY_GUIDE_VERSION = '2026-11';
