/**
 * Care mode (关怀模式, 适老化): a page grows with WeChat's font setting only when it opts in — `<page-meta
 * root-font-size>` first in the page and type in rem (WeChat's 适老化 guide) — so every page does, through
 * textSizeBehavior (which also carries 大字模式), and no text of ours or tdesign's is sized in rpx. Buttons stay at
 * least 44 px tall. How the pages look at 23.8 px is in the care-mode screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';

const MINIPROGRAM = path.join(__dirname, '../../miniprogram');
const read = (file: string) => fs.readFileSync(path.join(MINIPROGRAM, file), 'utf8');

const app = JSON.parse(read('app.json')) as {
  pages: string[];
  subPackages: Array<{ root: string; pages: string[] }>;
};
const PAGES = [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}${page}`))];

/** A page's script, or the shared registration it calls (registerComplaintInbox…), holds its Component(). */
function componentSource(page: string): string {
  const own = read(`${page}.ts`);
  if (own.includes('Component(')) return own;
  const registered = /from '([^']+)'/g;
  for (const [, from] of own.matchAll(registered)) {
    const file = path.join(path.dirname(`${page}.ts`), `${from}.ts`);
    if (fs.existsSync(path.join(MINIPROGRAM, file)) && read(file).includes('Component(')) return read(file);
  }
  throw new Error(`${page}: no Component() found`);
}

const wxss = (dir: string): string[] =>
  fs.readdirSync(path.join(MINIPROGRAM, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'miniprogram_npm' ? [] : wxss(file);
    return entry.name.endsWith('.wxss') ? [file] : [];
  });

describe('care mode: every page follows WeChat’s font size and 大字模式', () => {
  it.each(PAGES)('%s opens with page-meta bound to textSizeBehavior', (page) => {
    expect(read(`${page}.wxml`).trimStart()).toMatch(/^<page-meta root-font-size="\{\{rootFontSize\}\}" \/>/);
    expect(componentSource(page)).toMatch(/behaviors: \[[^\]]*textSizeBehavior/);
  });

  it.each(wxss('.'))('%s sizes its text in rem, not rpx', (file) => {
    expect(read(file).match(/(font-size|line-height)\s*:\s*[\d.]+rpx/g) ?? []).toEqual([]);
  });

  it('tdesign’s type follows in rem, and its buttons are at least 44 px (88 rpx) tall', () => {
    const page = /(^|\n)page\s*\{([^}]*)\}/.exec(read('app.wxss'))![2];
    const token = (name: string) => new RegExp(`${name}:\\s*([^;]+);`).exec(page)?.[1].trim();
    for (const name of ['size-base', 'size-m', 'body-large', 'body-medium', 'body-small', 'mark-large', 'title-large'])
      expect(token(`--td-font-${name}`)).toMatch(/rem/);
    for (const size of ['extra-small', 'small', 'medium', 'large'])
      expect(Number(token(`--td-button-${size}-height`)?.replace('rpx', ''))).toBeGreaterThanOrEqual(88);
  });
});
