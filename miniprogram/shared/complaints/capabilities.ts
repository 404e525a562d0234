/**
 * What a caller may do with a complaint now — decided once, here: the server puts it into every summary and detail
 * (`actions`), the pages render it, and the server's own checks (附议, the machine's steps) are the same rules.
 */
import type { ErrorCode } from '../errors';
import type { Actor } from '../orders/machine';
import {
  COMPLAINT_ACTION_NAMES,
  complaintActions,
  isComplaintClosed,
  type ComplaintAction,
  type ComplaintSnapshot,
  type ComplaintState,
} from './machine';

// ── 附议 (me too) ─────────────────────────────────────────────────────────────────────────────────────────────

/** Why a resident may not join (附议) a complaint, and what he is told. */
const ME_TOO_REFUSALS = {
  closed: { code: 'INVALID_STATE', message: '该投诉已结束，如问题仍在请重新投诉' },
  other_compound: { code: 'FORBIDDEN', message: '只能附议本小区的投诉' },
  own_complaint: { code: 'CONFLICT', message: '这是您自己的投诉' },
  joined: { code: 'CONFLICT', message: '您已附议' },
} as const satisfies Record<string, { code: ErrorCode; message: string }>;

export type MeTooRefusal = keyof typeof ME_TOO_REFUSALS;
export const ME_TOO_REFUSAL_NAMES = Object.keys(ME_TOO_REFUSALS) as MeTooRefusal[];

export const meTooRefusalText = (refusal: MeTooRefusal): string => ME_TOO_REFUSALS[refusal].message;

export interface MeTooFacts {
  state: ComplaintState;
  complaintCompoundId: string;
  callerCompoundId: string;
  isFiler: boolean;
  alreadySupporter: boolean;
}

/**
 * Joining a neighbour's complaint instead of filing a duplicate: an open complaint of the caller's own compound,
 * not his own, once. Null when he may.
 */
export function meTooRefusal(input: MeTooFacts): MeTooRefusal | null {
  if (isComplaintClosed(input.state)) return 'closed';
  if (input.complaintCompoundId !== input.callerCompoundId) return 'other_compound';
  if (input.isFiler) return 'own_complaint';
  if (input.alreadySupporter) return 'joined';
  return null;
}

export type ComplaintCheck = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** `meTooRefusal` as the server refuses it: the error code and the sentence. */
export function checkMeToo(input: MeTooFacts): ComplaintCheck {
  const refusal = meTooRefusal(input);
  return refusal ? { ok: false, ...ME_TOO_REFUSALS[refusal] } : { ok: true };
}

// ── the caller's actions ──────────────────────────────────────────────────────────────────────────────────────

/** Every action a caller may be offered: the machine's steps and 附议. */
export type ComplaintActionCode = ComplaintAction | 'me_too';
export const COMPLAINT_ACTION_CODES: readonly ComplaintActionCode[] = [...COMPLAINT_ACTION_NAMES, 'me_too'];

/** An action offered to the caller; a disabled one says why (a code: `meTooRefusalText` words it). */
export interface ComplaintActionOption {
  code: ComplaintActionCode;
  enabled: boolean;
  reason: MeTooRefusal | null;
}

/** Who the caller is to the complaint, as the server found it. */
export interface ComplaintActor {
  /** The roles he acts in towards it (the filer's `resident`, the holder's, staff overseeing it). */
  roles: readonly Actor[];
  /** The compound he lives in ('' for none). */
  compoundId: string;
  isFiler: boolean;
  isSupporter: boolean;
}

/**
 * The caller's actions now: each step the machine opens to one of his roles at the complaint's level, and — for a
 * resident of its compound, while it is open — 附议, disabled when it is his own or he joined already.
 */
export function availableActions(
  complaint: Pick<ComplaintSnapshot, 'state' | 'level'> & { compoundId: string },
  actor: ComplaintActor,
): ComplaintActionOption[] {
  const steps = [...new Set(actor.roles.flatMap((role) => complaintActions(complaint, role)))];
  const options: ComplaintActionOption[] = steps.map((code) => ({ code, enabled: true, reason: null }));
  if (actor.compoundId === complaint.compoundId && !isComplaintClosed(complaint.state)) {
    const reason = meTooRefusal({
      state: complaint.state,
      complaintCompoundId: complaint.compoundId,
      callerCompoundId: actor.compoundId,
      isFiler: actor.isFiler,
      alreadySupporter: actor.isSupporter,
    });
    options.push({ code: 'me_too', enabled: reason === null, reason });
  }
  return options;
}

/** The codes of the enabled actions: what a page's buttons are. */
export const enabledActions = (options: readonly ComplaintActionOption[]): ComplaintActionCode[] =>
  options.filter((o) => o.enabled).map((o) => o.code);
