/**
 * 代办投诉: the complaint form opened from 代办下单 for a member staff found (his id, where he lives, how he reached
 * them, from the link). The rest of the form is the resident's own (./view-model.ts).
 */
import type { ActionInput } from '../../../shared/api/index';
import { channelTag, ON_BEHALF_CHANNELS, type OnBehalfChannel } from '../../../shared/intake';
import { fileInput, type ComplaintForm } from './view-model';

export interface ComplaintOnBehalf {
  channel: OnBehalfChannel;
  memberId: string;
  communityId: string;
  compoundId: string;
  buildingId: string;
  /** 代办投诉 · 电话代办 · 为张桂兰（1号楼）: shown above the form. */
  banner: string;
}

/** The 代办 the link asks for, or null when it is the resident's own complaint (or the link is incomplete). */
export function onBehalfOf(query: Record<string, string | undefined>): ComplaintOnBehalf | null {
  const { memberId, communityId, compoundId, buildingId } = query;
  const channel = ON_BEHALF_CHANNELS.find((c) => c === query.channel);
  if (!channel || !memberId || !communityId || !compoundId || !buildingId) return null;
  const who = [query.name, query.building && `（${query.building}）`].filter(Boolean).join('');
  return {
    channel,
    memberId,
    communityId,
    compoundId,
    buildingId,
    banner: ['代办投诉', channelTag(channel), who && `为${who}`].filter(Boolean).join(' · '),
  };
}

/** What `fileOnBehalf` is sent: the resident's form, with whom it is for and where. */
export const toFileOnBehalf = (
  state: ComplaintOnBehalf,
  form: ComplaintForm,
  requestId: string,
): ActionInput<'complaints', 'fileOnBehalf'> => ({
  ...fileInput(form, requestId),
  channel: state.channel,
  resident: { memberId: state.memberId },
  communityId: state.communityId,
  compoundId: state.compoundId,
  buildingId: state.buildingId,
});
