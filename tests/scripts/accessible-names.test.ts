/**
 * Screen readers (无障碍): every element a person can tap has a name a screen reader reads out, and a role where the
 * element is not a button by nature; every image has a description (or is hidden from screen readers as decoration).
 * Checked on the templates of every page and component, the trees WeChat renders: simulate's DOM loses the
 * attributes of built-in components, so the rendered tree cannot show an `aria-label`.
 *
 * A name is an `aria-label`, the text inside the element (static or bound), or the attribute a tdesign component
 * shows as its text (a cell's `title`, a grid item's `text`).
 */
import fs from 'node:fs';
import path from 'node:path';

const MINIPROGRAM = path.join(__dirname, '../../miniprogram');

interface Node {
  tag: string;
  attrs: Map<string, string>;
  children: Node[];
  text: string;
  line: number;
}

/** WXML as a tree: tags, attributes (quoted values may hold `>` inside `{{ }}`), text; comments dropped. */
function parseWxml(source: string): Node {
  const root: Node = { tag: '#root', attrs: new Map(), children: [], text: '', line: 1 };
  const stack = [root];
  const text = source.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  let i = 0;
  const lineAt = (at: number) => text.slice(0, at).split('\n').length;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const chunk = text.slice(i, open < 0 ? text.length : open);
    if (chunk.trim())
      stack[stack.length - 1].children.push({
        tag: '#text',
        attrs: new Map(),
        children: [],
        text: chunk,
        line: lineAt(i),
      });
    if (open < 0) break;
    if (text[open + 1] === '/') {
      const close = text.indexOf('>', open);
      const name = text.slice(open + 2, close).trim();
      while (stack.length > 1 && stack.pop()!.tag !== name);
      i = close + 1;
      continue;
    }
    let j = open + 1;
    let quote: string | null = null;
    while (j < text.length && (quote || text[j] !== '>')) {
      if (quote && text[j] === quote) quote = null;
      else if (!quote && (text[j] === '"' || text[j] === "'")) quote = text[j];
      j += 1;
    }
    const body = text.slice(open + 1, j);
    const selfClosing = body.trimEnd().endsWith('/');
    const tag = /^[\w-]+/.exec(body)![0];
    const attrs = new Map(
      [...body.slice(tag.length).matchAll(/([\w:.-]+)(?:\s*=\s*("[^"]*"|'[^']*'))?/g)].map((m) => [
        m[1],
        m[2] ? m[2].slice(1, -1) : '',
      ]),
    );
    const node: Node = { tag, attrs, children: [], text: '', line: lineAt(open) };
    stack[stack.length - 1].children.push(node);
    // wxs holds script, not elements
    if (tag === 'wxs' && !selfClosing) {
      const end = text.indexOf('</wxs>', j);
      i = end + '</wxs>'.length;
      continue;
    }
    if (!selfClosing) stack.push(node);
    i = j + 1;
  }
  return root;
}

const TAP = /^(bind|catch):?(tap|longpress|click)$/;
/** Tappable by nature: tdesign's buttons, native buttons and links. */
const ALWAYS_TAPPABLE = new Set(['t-button', 'button', 'navigator']);
/** Buttons by nature (a screen reader says so without a role). */
const BUTTON_LIKE = new Set([
  't-button',
  'button',
  'navigator',
  't-cell',
  't-grid-item',
  't-tag',
  't-radio',
  't-switch',
]);
/** Backdrops: tapping one closes what it covers, which has its own close. */
const BACKDROPS = new Set(['t-overlay']);
/** tdesign components that name and role their own parts (an upload's 上传 and 删除, each file). */
const SELF_NAMED = new Set(['t-upload']);
/** tdesign components that give themselves a role (an image is an img) and take our `aria-label` as its name. */
const SELF_ROLED = new Set(['t-image']);
const IMAGES = new Set(['image', 't-image']);

/** Text a screen reader can say: a sign alone (×, +, ›) is not a name. */
const sayable = (text: string) => (/[\p{L}\p{N}]|\{\{/u.test(text) ? text : '');

const textOf = (node: Node): string =>
  node.tag === '#text' ? node.text.trim() : node.children.map(textOf).filter(Boolean).join(' ');

function nameOf(node: Node): string {
  const attr = (name: string) => node.attrs.get(name)?.trim() ?? '';
  return (
    attr('aria-label') ||
    sayable(textOf(node)) ||
    (node.tag === 't-cell' ? attr('title') : '') ||
    (node.tag === 't-grid-item' ? attr('text') : '')
  );
}

const hidden = (node: Node) => ['true', '{{true}}'].includes(node.attrs.get('aria-hidden') ?? '');

function problemsOf(node: Node, file: string): string[] {
  const here = `${file}:${node.line} <${node.tag}>`;
  const own: string[] = [];
  const tappable = ALWAYS_TAPPABLE.has(node.tag) || [...node.attrs.keys()].some((a) => TAP.test(a));
  if (tappable && !BACKDROPS.has(node.tag) && !SELF_NAMED.has(node.tag) && !hidden(node)) {
    if (!nameOf(node)) own.push(`${here}: tappable without a name (aria-label or text)`);
    const roled = BUTTON_LIKE.has(node.tag) || SELF_ROLED.has(node.tag) || node.attrs.has('aria-role');
    if (!roled) own.push(`${here}: tappable without aria-role`);
  }
  if (IMAGES.has(node.tag) && !hidden(node) && !node.attrs.get('aria-label')?.trim()) {
    own.push(`${here}: image without a description (aria-label, or aria-hidden if decoration)`);
  }
  return [...own, ...node.children.flatMap((child) => problemsOf(child, file))];
}

const templates = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'miniprogram_npm' ? [] : templates(file);
    return entry.name.endsWith('.wxml') ? [file] : [];
  });

const FILES = templates(MINIPROGRAM).map((file) => path.relative(MINIPROGRAM, file));

describe('accessible names (无障碍)', () => {
  it('reads templates as WeChat does', () => {
    const tree = parseWxml('<view bindtap="a" data-x="{{a > b}}"><text>{{title}}</text></view><image src="x" />');
    expect(tree.children.map((n) => n.tag)).toEqual(['view', 'image']);
    expect(problemsOf(tree, 'x.wxml')).toEqual([
      'x.wxml:1 <view>: tappable without aria-role',
      'x.wxml:1 <image>: image without a description (aria-label, or aria-hidden if decoration)',
    ]);
    expect(problemsOf(parseWxml('<t-button bind:tap="go" icon="add" />'), 'y.wxml')).toEqual([
      'y.wxml:1 <t-button>: tappable without a name (aria-label or text)',
    ]);
    expect(problemsOf(parseWxml('<view aria-role="button" bindtap="remove">×</view>'), 'z.wxml')).toEqual([
      'z.wxml:1 <view>: tappable without a name (aria-label or text)',
    ]);
  });

  it.each(FILES)('%s: every tappable element is named, every image described', (file) => {
    const source = fs.readFileSync(path.join(MINIPROGRAM, file), 'utf8');
    expect(problemsOf(parseWxml(source), file)).toEqual([]);
  });
});
