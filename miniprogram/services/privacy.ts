import { PRIVACY_GUIDE_VERSION } from '../shared/privacy';

const CONSENT_KEY = 'privacyConsentVersion';

/** Has this person agreed to the current privacy guide on this device? */
export const hasPrivacyConsent = (): boolean => wx.getStorageSync(CONSENT_KEY) === PRIVACY_GUIDE_VERSION;

export function recordPrivacyConsent(): string {
  wx.setStorageSync(CONSENT_KEY, PRIVACY_GUIDE_VERSION);
  return PRIVACY_GUIDE_VERSION;
}

/** Opens WeChat's own page with the mini-program's privacy guide. */
export function openPrivacyGuide(): void {
  if (wx.openPrivacyContract) wx.openPrivacyContract({});
}
