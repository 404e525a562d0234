/**
 * 代办下单: what the order form adds when staff or a grid worker fill it in for a resident who phoned or came in —
 * how he reached them, whom it is for (a member found by name, or a resident recorded by name and phone) and, for
 * the latter, the building. The rest of the form is the resident's own (./view-model.ts).
 */
import type { ActionInput } from '../../../shared/api/index';
import { RecordedResident, type IntakeBuilding, type ResidentOption } from '../../../shared/api/intake';
import type { ErrorBody } from '../../../shared/errors';
import { INTAKE_CHANNELS, ON_BEHALF_CHANNELS, type OnBehalfChannel } from '../../../shared/intake';
import { fieldErrors } from '../../../shared/validation';
import { toCreateInput, type Option, type OrderForm, type PhotoItem } from './view-model';

export type Whom = 'member' | 'recorded';

export interface OnBehalf {
  /** The community or grid the caller takes matters down for (from his 我的 entry). */
  scopeId: string;
  channel: OnBehalfChannel;
  whom: Whom;
  member: ResidentOption | null;
  name: string;
  phone: string;
  building: IntakeBuilding | null;
}

export const emptyOnBehalf = (scopeId: string): OnBehalf => ({
  scopeId,
  channel: 'phone',
  whom: 'member',
  member: null,
  name: '',
  phone: '',
  building: null,
});

export const CHANNEL_OPTIONS: Option<OnBehalfChannel>[] = ON_BEHALF_CHANNELS.map((value) => ({
  value,
  label: INTAKE_CHANNELS[value].tag,
}));

export const WHOM_OPTIONS: Option<Whom>[] = [
  { value: 'member', label: '本社区居民' },
  { value: 'recorded', label: '未注册居民' },
];

/** A member in the search list: his name, and where he lives with his phone to tell namesakes apart. */
export interface ResidentLine {
  id: string;
  title: string;
  note: string;
}

export const residentLines = (items: readonly ResidentOption[]): ResidentLine[] =>
  items.map((r) => ({ id: r.id, title: r.name, note: [r.building, r.phone].filter(Boolean).join(' · ') }));

/** The 楼栋 line of the form: the member's own building, the one picked for a recorded resident, or a prompt. */
export function onBehalfPlace(state: OnBehalf): string {
  if (state.whom === 'member') return state.member ? state.member.building : '选择居民后为其所住楼栋';
  return state.building ? state.building.label : '请选择楼栋';
}

type OnBehalfInput = ActionInput<'orders', 'createOnBehalf'>;

/** What `createOnBehalf` is sent: the form as the resident's own, with whom it is for and where. */
export function toOnBehalfInput(
  state: OnBehalf,
  form: OrderForm,
  photos: readonly PhotoItem[],
  requestId: string,
): OnBehalfInput {
  const place = state.whom === 'member' ? state.member : state.building;
  return {
    ...toCreateInput(form, photos, requestId),
    channel: state.channel,
    resident:
      state.whom === 'member'
        ? { memberId: state.member?.id ?? '' }
        : { name: state.name.trim(), phone: state.phone.trim() },
    communityId: place?.communityId ?? '',
    compoundId: place?.compoundId ?? '',
    buildingId: state.whom === 'member' ? (state.member?.buildingId ?? '') : (state.building?.buildingId ?? ''),
  };
}

export type WhomErrors = Partial<Record<'member' | 'name' | 'phone' | 'building', string>>;

const WHOM_FIELDS: Record<string, keyof WhomErrors> = {
  'resident.memberId': 'member',
  'resident.name': 'name',
  'resident.phone': 'phone',
  buildingId: 'building',
};

function pickWhom(errors: Record<string, string>): WhomErrors {
  const out: WhomErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = WHOM_FIELDS[path];
    if (field && !out[field]) out[field] = message;
  }
  return out;
}

/** What stops 代办 being sent besides the form itself: nobody chosen, his name or phone, the building. */
export function validateOnBehalf(state: OnBehalf): WhomErrors {
  if (state.whom === 'member') return state.member ? {} : { member: '请选择居民' };
  // The recorded option of the contract's union, as the server checks it.
  const errors: WhomErrors = {};
  const found = fieldErrors(RecordedResident, {
    name: state.name.trim(),
    phone: state.phone.trim(),
  });
  if (found.name) errors.name = found.name;
  if (found.phone) errors.phone = found.phone;
  if (!state.building) errors.building = '请选择楼栋';
  return errors;
}

/** The server's refusal of whom it is for, under its fields. */
export const serverWhomErrors = (error: ErrorBody): WhomErrors =>
  pickWhom(Object.fromEntries((error.details?.issues ?? []).map((i) => [i.path, i.message])));
