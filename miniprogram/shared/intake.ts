/**
 * 代办 intake: how an order or a complaint reached us (the mini-program, or staff taking it down by phone or at the
 * window — the city keeps offline channels open, 保留必要的线下办事服务渠道), who may take one down for a resident,
 * and which of the resident's own steps staff may record for him.
 *
 * The one list of channels: every origin (a resident's own request, staff's 代办, the 12345 hotline's Open311 POST)
 * names its channel here, so lists and details word it the same way.
 */
import type { Role, RoleGrant } from './roles';

export const INTAKE_CHANNELS = {
  /** The resident himself, in the mini-program: the usual channel, not marked in lists. */
  mini_program: { label: '小程序', tag: '' },
  /** 电话代办: he phoned his community or grid worker. */
  phone: { label: '电话', tag: '电话代办' },
  /** 窗口代办: he came to the community's service window (or met his grid worker). */
  in_person: { label: '窗口', tag: '窗口代办' },
  /** He phoned the city's 12345 hotline, whose platform filed it through Open311 (cloudfunctions/open311). */
  hotline_12345: { label: '12345热线', tag: '12345转办' },
} as const satisfies Record<string, { label: string; tag: string }>;

export type IntakeChannel = keyof typeof INTAKE_CHANNELS;
export const INTAKE_CHANNEL_NAMES = Object.keys(INTAKE_CHANNELS) as IntakeChannel[];

/** The channels staff choose from when they take a matter down for a resident (代办). */
export const ON_BEHALF_CHANNELS = ['phone', 'in_person'] as const satisfies readonly IntakeChannel[];
export type OnBehalfChannel = (typeof ON_BEHALF_CHANNELS)[number];

/** What a list or a detail shows beside a matter: 电话代办, 窗口代办; nothing for the usual channel. */
export const channelTag = (channel: IntakeChannel | undefined): string =>
  INTAKE_CHANNELS[channel ?? 'mini_program'].tag;

/** The roles that take a matter down for a resident: his community's staff, or the worker of his grid. */
export type IntakeRole = Extract<Role, 'community_staff' | 'grid_worker'>;
export const INTAKE_ROLES: readonly IntakeRole[] = ['community_staff', 'grid_worker'];

/**
 * The role in which someone holding these grants takes a matter down for a resident at this place (his home, or
 * where the matter is): staff of its community, else the worker of its grid; null when neither — a grid worker
 * acts for the households of his own grid only.
 */
export function intakeRoleAt(
  grants: ReadonlyArray<Pick<RoleGrant, 'role' | 'scopeId'>>,
  place: { communityId: string; gridId: string },
): IntakeRole | null {
  const holds = (role: IntakeRole, scopeId: string) =>
    scopeId !== '' && grants.some((g) => g.role === role && g.scopeId === scopeId);
  if (holds('community_staff', place.communityId)) return 'community_staff';
  if (holds('grid_worker', place.gridId)) return 'grid_worker';
  return null;
}

/**
 * Whom the matter is for: a member of the community (registered: it is his, in his lists, with his notices, and he
 * rates it himself), or a resident recorded by name and phone (not registered: staff keep his part for him).
 */
export type IntakeResident = 'member' | 'recorded';

/** Who took a matter down for a resident (代办), in which role, and whom it is for; kept on the order or complaint. */
export interface TakenBy {
  id: string;
  name: string;
  role: IntakeRole;
  resident: IntakeResident;
}

/**
 * Whether staff record the resident's rating for him (he gave it by phone): only for a recorded resident, who cannot
 * rate himself. A member rates in his own mini-program: nobody speaks for someone who can speak.
 */
export const staffRecordsRating = (resident: IntakeResident | undefined): boolean => resident === 'recorded';

/** How a rating staff recorded is marked wherever it is shown (the timeline, the rating itself). */
export const RECORDED_BY_STAFF = '工作人员代录';
