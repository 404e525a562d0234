import type { CommunityOption } from '../../../shared/api/community';
import { peopleActions } from '../../../shared/api/people';
import { fieldErrors } from '../../../shared/validation';

export interface ApplyForm {
  communityId: string;
  workUnit: string;
  partyOrganization: string;
}

/** 双报到 form: which community, where he works, which party organisation he belongs to. */
export interface ApplyViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  communities: Array<{ label: string; value: string }>;
  communityLabel: string;
  form: ApplyForm;
  errors: Record<string, string>;
  submitting: boolean;
}

export const loadingApply = (): ApplyViewModel => ({
  state: 'loading',
  message: '',
  communities: [],
  communityLabel: '',
  form: { communityId: '', workUnit: '', partyOrganization: '' },
  errors: {},
  submitting: false,
});

/** Defaults to the community the person lives in: most people report to their own. */
export function readyApply(list: CommunityOption[], homeCommunityId: string | null): ApplyViewModel {
  const communities = list.map((c) => ({ label: `${c.streetName} · ${c.name}`, value: c.id }));
  const communityId = homeCommunityId ?? '';
  return {
    ...loadingApply(),
    state: 'ready',
    communities,
    form: { communityId, workUnit: '', partyOrganization: '' },
    communityLabel: communities.find((c) => c.value === communityId)?.label ?? '',
  };
}

export function withCommunity(vm: ApplyViewModel, communityId: string): ApplyViewModel {
  return {
    ...vm,
    form: { ...vm.form, communityId },
    communityLabel: vm.communities.find((c) => c.value === communityId)?.label ?? '',
    errors: { ...vm.errors, communityId: '' },
  };
}

export function checkApply(form: ApplyForm): Record<string, string> {
  const errors = fieldErrors(peopleActions.applyPartyMember.input, form);
  if (!form.communityId) errors.communityId = '请选择报到的社区';
  return errors;
}
