/**
 * Names and phone numbers are shown in full only to the person and, where a flow needs it, to the staff of
 * his community; everyone else sees them masked.
 */
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
