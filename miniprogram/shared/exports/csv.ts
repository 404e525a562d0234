/**
 * CSV as spreadsheets open it: UTF-8 with a byte-order mark (without it Excel reads Chinese as GBK and shows
 * mojibake), CRLF line ends and RFC 4180 quoting; a cell that a spreadsheet would take as a formula (starting with
 * = + - @, or a tab or carriage return before one) is neutralised with a leading apostrophe (OWASP's advice
 * against CSV injection), so a resident's description can never run on a staff member's computer.
 */

export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as the text it is. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, the header, then one line per row. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
