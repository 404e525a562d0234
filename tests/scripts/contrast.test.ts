/**
 * Colour contrast (WCAG AA: text ≥ 4.5:1 against what it sits on). Two kinds of colour reach the screen: tdesign's
 * theme tokens (tags, buttons, cell notes, placeholders) — resolved the way the WebView does, our own overrides on
 * `page` in app.wxss first, then tdesign's own fallbacks as its styles write them — and the literal text colours of
 * our own styles, against the card (white) and the page (#f3f3f3) unless the rule sets its own background (each colour
 * of a gradient).
 */
import fs from 'node:fs';
import path from 'node:path';

const MINIPROGRAM = path.join(__dirname, '../../miniprogram');
const TDESIGN = path.join(MINIPROGRAM, 'miniprogram_npm/tdesign-miniprogram');
const AA = 4.5;

type Rgba = [r: number, g: number, b: number, a: number];

function parseColour(text: string): Rgba {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(value);
  if (hex) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)).concat(1) as Rgba;
  }
  const rgba = /^rgba?\(([^)]*)\)$/.exec(value);
  if (rgba) {
    const [r, g, b, a = 1] = rgba[1].split(',').map((part) => Number(part.trim()));
    return [r, g, b, a];
  }
  if (value === 'white') return [255, 255, 255, 1];
  throw new Error(`not a colour: ${text}`);
}

/** A translucent colour as it shows over an opaque one. */
const over = ([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba => [
  r * a + br * (1 - a),
  g * a + bg * (1 - a),
  b * a + bb * (1 - a),
  1,
];

const luminance = ([r, g, b]: Rgba) => {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
};

/** WCAG's contrast ratio of text over a background (the text composited over it first). */
function contrast(text: string, background: string): number {
  const bg = parseColour(background);
  const fg = over(parseColour(text), bg);
  const [light, dark] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const wxssFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'miniprogram_npm' ? [] : wxssFiles(file);
    return entry.name.endsWith('.wxss') ? [file] : [];
  });

const tdesignCss = fs
  .readdirSync(TDESIGN, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.wxss'))
  .map((f) => fs.readFileSync(path.join(TDESIGN, f), 'utf8'))
  .join('\n');

/** Our theme: the custom properties app.wxss sets on `page`. */
const overrides = new Map(
  [
    ...(
      /(^|\n)page\s*\{([^}]*)\}/.exec(fs.readFileSync(path.join(MINIPROGRAM, 'app.wxss'), 'utf8'))?.[2] ?? ''
    ).matchAll(/(--td-[\w-]+)\s*:\s*([^;]+);/g),
  ].map((m) => [m[1], m[2].trim()]),
);

/** The text after `start` up to its balancing `)`. */
function balanced(text: string, start: number): string {
  let depth = 1;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '(') depth += 1;
    if (text[i] === ')' && (depth -= 1) === 0) return text.slice(start, i);
  }
  throw new Error('unbalanced');
}

/** A `var(--x, fallback)` expression's value: ours if we set it, else its fallback, resolved in turn. */
function resolve(expression: string): string {
  const value = expression.trim();
  const call = /^var\((--[\w-]+)\s*,/.exec(value);
  if (!call) return value;
  const fallback = balanced(value, call[0].length);
  return overrides.has(call[1]) ? resolve(overrides.get(call[1])!) : resolve(fallback);
}

/** A tdesign token as its components use it: ours, else the fallback tdesign's styles give it. */
function token(name: string): string {
  if (overrides.has(name)) return resolve(overrides.get(name)!);
  const at = tdesignCss.indexOf(`var(${name},`);
  if (at < 0) throw new Error(`tdesign does not use ${name}`);
  return resolve(`var(${name},${balanced(tdesignCss, at + `var(${name},`.length)})`);
}

const WHITE = '#ffffff';
const PAGE = '#f3f3f3';

/** Text token on background token (or colour), as the components pair them. */
const TOKEN_PAIRS: Array<[what: string, text: string, background: string]> = [
  ...(['primary', 'success', 'warning', 'danger'] as const).flatMap((t): Array<[string, string, string]> => [
    [`tag ${t} light`, `--td-tag-${t}-color`, `--td-tag-${t}-light-color`],
    [`tag ${t} dark`, '--td-text-color-anti', `--td-tag-${t}-color`],
  ]),
  ['tag default light', '--td-tag-default-font-color', '--td-tag-default-light-color'],
  ['button primary', '--td-button-primary-color', '--td-button-primary-bg-color'],
  ['button danger', '--td-button-danger-color', '--td-button-danger-bg-color'],
  ['button light', '--td-button-light-color', '--td-button-light-bg-color'],
  ['button primary outline', '--td-button-primary-outline-color', WHITE],
  ['button danger outline', '--td-button-danger-outline-color', WHITE],
  ['button primary text', '--td-button-primary-text-color', WHITE],
  ['button danger text', '--td-button-danger-text-color', WHITE],
  ['text primary', '--td-text-color-primary', WHITE],
  ['text secondary', '--td-text-color-secondary', WHITE],
  ['cell title', '--td-cell-title-color', WHITE],
  ['cell note', '--td-cell-note-color', WHITE],
  ['cell description', '--td-cell-description-color', WHITE],
  ['input placeholder', '--td-input-placeholder-text-color', WHITE],
  ['textarea placeholder', '--td-textarea-placeholder-color', WHITE],
];

const colourOf = (nameOrColour: string) => (nameOrColour.startsWith('--') ? token(nameOrColour) : nameOrColour);

describe('colour contrast ≥ 4.5:1 (WCAG AA)', () => {
  it('measures as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrast('rgba(0, 0, 0, 0.6)', '#ffffff')).toBeCloseTo(contrast('#666666', '#ffffff'), 5);
  });

  it.each(TOKEN_PAIRS)('tdesign: %s', (_what, text, background) => {
    expect(contrast(colourOf(text), colourOf(background))).toBeGreaterThanOrEqual(AA);
  });

  // Every literal text colour of our own styles, on the card and on the page (or on the rule's own background).
  const literal = /^(#[0-9a-fA-F]{3,6}|rgba?\([^)]*\)|white)$/;
  const rules = wxssFiles(MINIPROGRAM).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/([^{}]+)\{([^}]*)\}/g)].flatMap((m) => {
      const declarations = new Map(
        [...m[2].matchAll(/(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)/g)].map((d) => [d[1], d[2].trim()]),
      );
      const colour = declarations.get('color');
      if (!colour || !literal.test(colour)) return [];
      // A gradient is checked at each of its colours.
      const own = [
        ...(declarations.get('background-color') ?? declarations.get('background') ?? '').matchAll(
          /#[0-9a-fA-F]{3,6}\b|rgba?\([^)]*\)/g,
        ),
      ].map((c) => c[0]);
      const backgrounds = own.length > 0 ? own : [WHITE, PAGE];
      const where = `${path.relative(MINIPROGRAM, file)} ${m[1].trim()}`;
      return backgrounds.map((bg): [string, string, string] => [where, colour, bg]);
    }),
  );

  it.each(rules)('%s: %s on %s', (_where, colour, background) => {
    expect(contrast(colour, background)).toBeGreaterThanOrEqual(AA);
  });
});
