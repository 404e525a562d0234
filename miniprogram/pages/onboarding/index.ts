import { errorText } from '../../lib/errors';
import { listBuildings, listCommunities, listCompounds } from '../../services/community/index';
import { getProfile, register } from '../../services/people/index';
import { hasPrivacyConsent, openPrivacyGuide, recordPrivacyConsent } from '../../services/privacy';
import {
  STEP_TITLES,
  checkDetails,
  chosenAddress,
  communityChoices,
  filterChoices,
  initialOnboarding,
  placeChoices,
  previousStep,
  type Choice,
  type OnboardingState,
  type OnboardingStep,
} from './view-model';
import type { Tap } from '../../services/events';
import { textSizeBehavior } from '../../behaviors/text-size';

type InputEvent = WechatMiniprogram.CustomEvent<{ value: string }>;

// 注册: the privacy guide is agreed before anything is sent; then where the person lives, then who he is.
Component({
  behaviors: [textSizeBehavior],
  data: {
    s: initialOnboarding(false) as OnboardingState,
    title: STEP_TITLES.privacy,
    shown: [] as Choice[],
    address: '',
    nameError: '',
    phoneError: '',
  },
  methods: {
    onLoad() {
      const consented = hasPrivacyConsent();
      this.setState(initialOnboarding(consented));
      if (consented) return this.loadStep('community');
      return undefined;
    },
    setState(s: OnboardingState) {
      this.setData({
        s,
        title: STEP_TITLES[s.step],
        shown: filterChoices(s.options, s.keyword),
        address: chosenAddress(s),
      });
    },
    patch(change: Partial<OnboardingState>) {
      this.setState({ ...this.data.s, ...change });
    },
    openGuide() {
      openPrivacyGuide();
    },
    onAgreePrivacy() {
      recordPrivacyConsent();
      return this.loadStep('community');
    },
    async loadStep(step: OnboardingStep) {
      this.patch({ step, loading: step !== 'details', error: '', keyword: '', options: [] });
      if (step === 'details') return this.prefillDetails();
      const s = this.data.s;
      const res =
        step === 'community'
          ? await listCommunities().then((r) => (r.ok ? { ok: true as const, data: communityChoices(r.data) } : r))
          : step === 'compound'
            ? await listCompounds(s.community!.id).then((r) =>
                r.ok ? { ok: true as const, data: placeChoices(r.data) } : r,
              )
            : await listBuildings(s.compound!.id).then((r) =>
                r.ok ? { ok: true as const, data: placeChoices(r.data) } : r,
              );
      if (res.ok) this.patch({ loading: false, options: res.data });
      else this.patch({ loading: false, error: errorText(res.error) });
    },
    /** Someone already registered (moving house) keeps his name and phone unless he changes them. */
    async prefillDetails() {
      if (this.data.s.name || this.data.s.phone) return;
      const res = await getProfile();
      if (!res.ok || !res.data.registered || this.data.s.name || this.data.s.phone) return;
      this.patch({ name: res.data.name, phone: res.data.phone });
    },
    retry() {
      return this.loadStep(this.data.s.step);
    },
    onSearch(e: InputEvent) {
      this.patch({ keyword: e.detail.value });
    },
    onChoose(e: Tap<{ id: string }>) {
      const s = this.data.s;
      const choice = s.options.find((o) => o.id === e.currentTarget.dataset.id);
      if (!choice) return undefined;
      if (s.step === 'community') {
        this.patch({ community: choice, compound: null, building: null });
        return this.loadStep('compound');
      }
      if (s.step === 'compound') {
        this.patch({ compound: choice, building: null });
        return this.loadStep('building');
      }
      this.patch({ building: choice });
      return this.loadStep('details');
    },
    back() {
      const previous = previousStep(this.data.s.step);
      if (previous) return this.loadStep(previous);
      return undefined;
    },
    onName(e: InputEvent) {
      this.patch({ name: e.detail.value });
      this.setData({ nameError: '' });
    },
    onPhone(e: InputEvent) {
      this.patch({ phone: e.detail.value });
      this.setData({ phoneError: '' });
    },
    async submit() {
      const s = this.data.s;
      const check = checkDetails(s.name, s.phone);
      this.setData({ nameError: check.nameError, phoneError: check.phoneError });
      if (!check.ok || s.submitting) return;
      this.patch({ submitting: true, error: '' });
      const res = await register({
        communityId: s.community!.id,
        compoundId: s.compound!.id,
        buildingId: s.building!.id,
        name: s.name.trim(),
        ...(s.phone && { phone: s.phone }),
        privacyConsentVersion: recordPrivacyConsent(),
      });
      if (!res.ok) {
        this.patch({ submitting: false, error: errorText(res.error) });
        return;
      }
      this.patch({ submitting: false });
      wx.showToast({ title: '注册成功', icon: 'success' });
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
