/**
 * The pickup code (领取码) a volunteer shows at the community office: six characters read out or typed by staff.
 *
 * SHORT AND UNAMBIGUOUS: drawn from 31 characters — digits 2–9 and capital letters without I, L and O — so 0/O,
 * 1/I/L are never confused; shown as two groups of three (`K7M 3XD`); typed in any case, with or without spaces.
 *
 * UNIQUE PER COMMUNITY WITHOUT A LOOK-UP: the code is the item's number in its community (2 characters: the
 * item's `serial`, 1–961) and the redemption's ticket number on that item (3 characters: the item's `sold` count
 * after the take, 1–29 791), then one check character. Serials are never reused (items are taken off sale, never
 * removed) and tickets only count up (a cancellation gives the stock back, not the ticket), so two redemptions of a
 * community never share a code, and the take that decrements the stock hands out the ticket in the same write.
 * The five characters are that pair numbered (serial × tickets + ticket) and scrambled by a fixed one-to-one map
 * (multiply by a number prime to 31⁵, add an offset, modulo 31⁵), so neighbouring tickets do not look alike and the
 * first one is not `222222`. It is not a secret: staff hand over to the person the lookup names.
 * The check character catches a mistyped character or two swapped neighbours, so a typo is "no such code", not
 * another person's item.
 */
export const PICKUP_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = PICKUP_ALPHABET.length;

export const SERIAL_WIDTH = 2;
export const TICKET_WIDTH = 3;
export const CODE_LENGTH = SERIAL_WIDTH + TICKET_WIDTH + 1;
/** The most items a community's catalogue can hold, and redemptions one item can have had. */
export const MAX_SERIAL = BASE ** SERIAL_WIDTH;
export const MAX_TICKET = BASE ** TICKET_WIDTH;
const SPACE = MAX_SERIAL * MAX_TICKET;
/** The scramble's factor (not a multiple of 31, so the map is one-to-one) and offset. */
const SCRAMBLE = { factor: 17_624_813, offset: 9_128_377 };

function digits(n: number, width: number): string {
  let out = '';
  for (let i = 0, rest = n; i < width; i += 1, rest = Math.floor(rest / BASE)) out = PICKUP_ALPHABET[rest % BASE] + out;
  return out;
}

/** Weighted sum mod 31 (a prime): every single substitution and adjacent swap changes it. */
function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) sum += (i + 1) * PICKUP_ALPHABET.indexOf(body[i]);
  return PICKUP_ALPHABET[sum % BASE];
}

/** The code of ticket `ticket` (1-based) of the community's item number `serial` (1-based). */
export function pickupCode(serial: number, ticket: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_SERIAL) throw new Error(`serial out of range: ${serial}`);
  if (!Number.isInteger(ticket) || ticket < 1 || ticket > MAX_TICKET) throw new Error(`ticket out of range: ${ticket}`);
  const n = (serial - 1) * MAX_TICKET + (ticket - 1);
  // exact in doubles: n and the factor are below 2^25, their product below 2^53
  const body = digits((n * SCRAMBLE.factor + SCRAMBLE.offset) % SPACE, SERIAL_WIDTH + TICKET_WIDTH);
  return body + checkChar(body);
}

/** What staff typed, as a code: upper case, spaces and dashes dropped; null when it cannot be a valid code. */
export function normalizeCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== CODE_LENGTH || [...code].some((c) => !PICKUP_ALPHABET.includes(c))) return null;
  return checkChar(code.slice(0, -1)) === code.slice(-1) ? code : null;
}

/** The code as a person reads it: `K7M 3XD`. */
export const displayCode = (code: string): string => `${code.slice(0, 3)} ${code.slice(3)}`;
