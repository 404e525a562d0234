/** The pickup code: six characters nobody misreads, unique in a community, a typo caught. */
import {
  displayCode,
  MAX_SERIAL,
  MAX_TICKET,
  normalizeCode,
  pickupCode,
  PICKUP_ALPHABET,
} from '../../../miniprogram/shared/shop/pickup';

it('has no 0, O, 1, I or L', () => {
  for (const c of '0O1IL') expect(PICKUP_ALPHABET).not.toContain(c);
  expect(pickupCode(1, 1)).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
});

it('differs for every item and ticket of a community', () => {
  const codes = new Set<string>();
  for (let serial = 1; serial <= 40; serial += 1)
    for (let ticket = 1; ticket <= 200; ticket += 1) codes.add(pickupCode(serial, ticket));
  expect(codes.size).toBe(40 * 200);
  expect(() => pickupCode(MAX_SERIAL, MAX_TICKET)).not.toThrow();
  expect(() => pickupCode(MAX_SERIAL + 1, 1)).toThrow();
  expect(() => pickupCode(1, 0)).toThrow();
});

it('does not look like its neighbours (the first is not 222222)', () => {
  const [a, b] = [pickupCode(1, 1), pickupCode(1, 2)];
  expect(new Set(a).size).toBeGreaterThan(1);
  expect([...a].filter((c, i) => c === b[i]).length).toBeLessThan(4);
});

it('is read in two groups of three and typed in any case, with or without the space', () => {
  const code = pickupCode(3, 17);
  expect(displayCode(code)).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
  expect(normalizeCode(displayCode(code).toLowerCase())).toBe(code);
  expect(normalizeCode(` ${code.slice(0, 3)}-${code.slice(3)} `)).toBe(code);
});

it('catches any one mistyped character and any two swapped neighbours', () => {
  const code = pickupCode(7, 123);
  for (let i = 0; i < code.length; i += 1) {
    for (const c of PICKUP_ALPHABET) {
      if (c === code[i]) continue;
      expect(normalizeCode(code.slice(0, i) + c + code.slice(i + 1))).toBeNull();
    }
  }
  for (let i = 0; i < 4; i += 1) {
    if (code[i] === code[i + 1]) continue;
    const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
    expect(normalizeCode(swapped)).toBeNull();
  }
});

it('refuses what cannot be a code', () => {
  expect(normalizeCode('')).toBeNull();
  expect(normalizeCode('ABC12')).toBeNull();
  expect(normalizeCode('ABCDEFG')).toBeNull();
});
