import type { CommunityOption, PlaceOption } from '../../shared/api/community';
import { PersonName, Phone } from '../../shared/schemas/common';

/** 注册: privacy first, then community → compound → building, then name and phone. */
export type OnboardingStep = 'privacy' | 'community' | 'compound' | 'building' | 'details';

export const STEPS: OnboardingStep[] = ['privacy', 'community', 'compound', 'building', 'details'];

export const STEP_TITLES: Record<OnboardingStep, string> = {
  privacy: '隐私保护指引',
  community: '选择您所在的社区',
  compound: '选择小区',
  building: '选择楼栋',
  details: '填写您的信息',
};

export interface Choice {
  id: string;
  name: string;
  hint: string;
}

export interface OnboardingState {
  step: OnboardingStep;
  loading: boolean;
  error: string;
  keyword: string;
  options: Choice[];
  community: Choice | null;
  compound: Choice | null;
  building: Choice | null;
  name: string;
  phone: string;
  submitting: boolean;
}

export const initialOnboarding = (consented: boolean): OnboardingState => ({
  step: consented ? 'community' : 'privacy',
  loading: false,
  error: '',
  keyword: '',
  options: [],
  community: null,
  compound: null,
  building: null,
  name: '',
  phone: '',
  submitting: false,
});

export const communityChoices = (list: CommunityOption[]): Choice[] =>
  list.map((c) => ({ id: c.id, name: c.name, hint: c.streetName }));

export const placeChoices = (list: PlaceOption[]): Choice[] =>
  list.map((p) => ({ id: p.id, name: p.name, hint: p.hint }));

/** Search matches the name or the hint (a community's street), ignoring spaces. */
export function filterChoices(options: Choice[], keyword: string): Choice[] {
  const k = keyword.replace(/\s+/g, '');
  if (!k) return options;
  return options.filter((o) => o.name.includes(k) || o.hint.includes(k));
}

/** The step before this one; privacy is never stepped back into once agreed. */
export function previousStep(step: OnboardingStep): OnboardingStep | null {
  const index = STEPS.indexOf(step);
  return index > 1 ? STEPS[index - 1] : null;
}

export interface DetailsCheck {
  nameError: string;
  phoneError: string;
  ok: boolean;
}

const firstIssue = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.success ? '' : (result.error?.issues[0]?.message ?? '填写有误');

/** The server's own schemas, checked before sending so the person sees a mistake at once. */
export function checkDetails(name: string, phone: string): DetailsCheck {
  const nameError = firstIssue(PersonName.safeParse(name));
  const phoneError = phone ? firstIssue(Phone.safeParse(phone)) : '';
  return { nameError, phoneError, ok: !nameError && !phoneError };
}

/** One line saying where the person is registering, shown on the last step. */
export const chosenAddress = (s: OnboardingState): string =>
  [s.community?.name, s.compound?.name, s.building?.name].filter(Boolean).join(' · ');
