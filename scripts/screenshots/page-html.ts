/**
 * Turns a page rendered by miniprogram-simulate (jsdom) into a standalone HTML document that Chromium draws as
 * WeChat would: the page's CSS as simulate scoped it (with rpx at 375/750), app.wxss, WeChat's built-in
 * styles, real HTML controls for the built-ins, tdesign icons as inline SVG, and the navigation bar and tab
 * bar around the page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rpxToPx } from './fidelity';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObject = Record<string, any>;

const nodeRequire = require as unknown as NodeJS.Require;
const REPO_ROOT = path.resolve(__dirname, '../..');
const MINIPROGRAM_ROOT = path.join(REPO_ROOT, 'miniprogram');
const ICONS_DIR = path.join(path.dirname(nodeRequire.resolve('tdesign-icons-svg/package.json')), 'src');
const WECHAT_CSS = fs.readFileSync(path.join(__dirname, 'wechat.css'), 'utf8');
/** Runs in the page before capture (plain JS: it is not compiled). */
const IN_BROWSER_JS = fs.readFileSync(path.join(__dirname, 'in-browser.js'), 'utf8');
/** The tag simulate's harness renders pages under: page classes are scoped `main--…`. */
const PAGE_TAG = 'main';

interface WindowConfig {
  navigationBarTitleText?: string;
  navigationBarBackgroundColor?: string;
  navigationBarTextStyle?: 'black' | 'white';
  backgroundColor?: string;
}
interface AppJson {
  window: WindowConfig;
  tabBar?: {
    color: string;
    selectedColor: string;
    backgroundColor: string;
    list: Array<{ pagePath: string; text: string }>;
  };
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** app.wxss as simulate would scope it for a page (WeChat applies it to every page). */
function appCss(): string {
  const wxss = nodeRequire('miniprogram-simulate/src/wxss') as AnyObject;
  const source = wxss.getContent(path.join(MINIPROGRAM_ROOT, 'app.wxss')) as string;
  return rpxToPx(wxss.compile(source, { prefix: PAGE_TAG }) as string);
}

/** tdesign's icon font (a CDN nobody can reach here) is left out: icons are inline SVGs. */
const withoutRemoteFonts = (css: string) => css.replace(/@font-face\s*\{[^}]*https?:[^}]*\}/g, '');

const iconCache = new Map<string, string | null>();
function iconSvg(name: string): string | null {
  if (!iconCache.has(name)) {
    const file = path.join(ICONS_DIR, `${name}.svg`);
    iconCache.set(
      name,
      fs.existsSync(file) ? fs.readFileSync(file, 'utf8').replace(/\sview-box=/g, ' viewBox=') : null,
    );
  }
  return iconCache.get(name)!;
}

/** Replaces `from` by a new element `tag`, keeping class and style. */
function replaceElement(from: AnyObject, tag: string, extraClass: string): AnyObject {
  const to = from.ownerDocument.createElement(tag) as AnyObject;
  to.setAttribute('class', `${from.getAttribute('class') ?? ''} ${extraClass}`.trim());
  const style = from.getAttribute('style');
  if (style) to.setAttribute('style', style);
  from.replaceWith(to);
  return to;
}

/** The built-ins as HTML controls, from the properties fidelity.ts mirrored onto them (`jmt-*`). */
function convertBuiltins(root: AnyObject): void {
  for (const el of [...root.querySelectorAll('wx-input')] as AnyObject[]) {
    const input = replaceElement(el, 'input', 'jmt-input');
    const password = el.hasAttribute('jmt-password') || el.getAttribute('jmt-type') === 'safe-password';
    input.setAttribute('type', password ? 'password' : 'text');
    input.setAttribute('value', el.getAttribute('jmt-value') ?? '');
    copyPlaceholder(el, input);
  }
  for (const el of [...root.querySelectorAll('wx-textarea')] as AnyObject[]) {
    const textarea = replaceElement(el, 'textarea', 'jmt-textarea');
    textarea.textContent = el.getAttribute('jmt-value') ?? '';
    copyPlaceholder(el, textarea);
  }
  for (const el of [...root.querySelectorAll('wx-image')] as AnyObject[]) {
    const img = replaceElement(el, 'img', 'jmt-image');
    img.setAttribute('src', el.getAttribute('jmt-src') ?? '');
    img.setAttribute('data-mode', el.getAttribute('jmt-mode') ?? 'scaleToFill');
  }
  for (const el of [...root.querySelectorAll('wx-switch')] as AnyObject[]) {
    const track = el.ownerDocument.createElement('span') as AnyObject;
    track.setAttribute('class', `jmt-switch${el.hasAttribute('jmt-checked') ? ' jmt-switch--checked' : ''}`);
    const color = el.getAttribute('jmt-color');
    if (color) track.setAttribute('style', `--jmt-switch-color: ${color}`);
    el.replaceChildren(track);
  }
  for (const el of [...root.querySelectorAll('wx-canvas')] as AnyObject[]) {
    const canvas = el.ownerDocument.createElement('canvas') as AnyObject;
    const record = el.getAttribute('jmt-canvas');
    if (record) canvas.setAttribute('data-record', record);
    el.replaceChildren(canvas);
  }
}

/** A placeholder-class names a class of the component's own stylesheet: scoped like the element's classes. */
function copyPlaceholder(from: AnyObject, to: AnyObject): void {
  const placeholder = from.getAttribute('jmt-placeholder');
  if (placeholder) to.setAttribute('placeholder', placeholder);
  const placeholderClass = from.getAttribute('jmt-placeholder-class');
  const scope = /(?:^|\s)([\w-]+?)--/.exec(from.getAttribute('class') ?? '')?.[1];
  if (placeholderClass && scope)
    to.setAttribute(
      'data-placeholder-class',
      placeholderClass
        .split(/\s+/)
        .filter(Boolean)
        .map((c: string) => `${scope}--${c}`)
        .join(' '),
    );
}

/** tdesign's `<label class="t-icon-NAME t-icon-base">` (a font glyph) gets the icon's SVG. */
function convertIcons(root: AnyObject): void {
  for (const el of [...root.querySelectorAll('[class*="t-icon-base"]')] as AnyObject[]) {
    const name = /(?:^|\s)[\w-]+--t-icon-([\w-]+)/.exec(
      (el.getAttribute('class') as string).replace(/[\w-]+--t-icon-base/g, ''),
    )?.[1];
    const svg = name ? iconSvg(name) : null;
    if (!svg) continue;
    el.classList.add('jmt-icon');
    el.innerHTML = svg;
  }
}

/**
 * Navigation bar (title from the page json, else app.json's window) and, on tab pages, the tab bar with the badges
 * the page set (wx.setTabBarBadge).
 */
function chrome(
  route: string,
  title?: string,
  badges: ReadonlyMap<number, string> = new Map(),
): { nav: string; tabBar: string; background: string } {
  const app = readJson<AppJson>(path.join(MINIPROGRAM_ROOT, 'app.json'));
  const own = readJson<WindowConfig>(path.join(MINIPROGRAM_ROOT, `${route}.json`));
  const window = { ...app.window, ...own };
  const tabs = app.tabBar?.list ?? [];
  const isTab = tabs.some((t) => t.pagePath === route);
  const color = window.navigationBarTextStyle === 'white' ? '#ffffff' : '#000000';
  const nav =
    `<div class="jmt-nav${color === '#ffffff' ? ' jmt-nav--white' : ''}" style="background:${window.navigationBarBackgroundColor ?? '#ffffff'};color:${color}">` +
    '<div class="jmt-nav__status"><span class="jmt-nav__time">9:41</span><span class="jmt-nav__battery"></span></div>' +
    (isTab ? '' : '<span class="jmt-nav__back"></span>') +
    `<div class="jmt-nav__title">${escapeHtml(title ?? window.navigationBarTitleText ?? '')}</div>` +
    '<div class="jmt-nav__capsule"><span class="jmt-nav__dots"></span><span class="jmt-nav__close"></span></div></div>';
  const tabBar =
    isTab && app.tabBar
      ? `<div class="jmt-tabbar" style="background:${app.tabBar.backgroundColor}">` +
        tabs
          .map(
            (t, i) =>
              `<div class="jmt-tabbar__item" style="color:${t.pagePath === route ? app.tabBar!.selectedColor : app.tabBar!.color}">${escapeHtml(t.text)}` +
              (badges.has(i) ? `<span class="jmt-tabbar__badge">${escapeHtml(badges.get(i)!)}</span>` : '') +
              '</div>',
          )
          .join('') +
        '</div>'
      : '';
  return { nav, tabBar, background: window.backgroundColor ?? '#ffffff' };
}

export interface PageDocumentInput {
  /** The page route, `pages/home/index`. */
  route: string;
  /** The page's root element as simulate rendered it (its children are the page). */
  root: AnyObject;
  /** The stylesheet simulate made for the page and its components (scoped; rpx converted). */
  pageCss: string;
  /** A title the page set with wx.setNavigationBarTitle. */
  title?: string;
  /** The tab bar's badges (index → text) the page set. */
  badges?: ReadonlyMap<number, string>;
  /** The root font size page-meta's `system` gives (WeChat's font setting): 16 px standard, 23.8 px 关怀模式. */
  rootFontSize?: string;
}

/** The root font size of each way a page is pictured: WeChat's standard font, and 关怀模式 (iOS care mode). */
export const FONT_MODES = { standard: '16px', care: '23.8px' } as const;

export function pageDocument({
  route,
  root,
  pageCss,
  title,
  badges,
  rootFontSize = FONT_MODES.standard,
}: PageDocumentInput): string {
  const body = root.cloneNode(true) as AnyObject;
  convertBuiltins(body);
  convertIcons(body);
  const { nav, tabBar, background } = chrome(route, title, badges);
  return [
    `<!doctype html><html style="font-size:${rootFontSize}"><head><meta charset="utf-8">`,
    `<style>${WECHAT_CSS}</style>`,
    `<style>${appCss()}</style>`,
    `<style>${withoutRemoteFonts(pageCss)}</style>`,
    `</head><body style="background:${background}">`,
    nav,
    `<page>${body.innerHTML as string}</page>`,
    tabBar,
    `<script>${IN_BROWSER_JS}</script>`,
    '</body></html>',
  ].join('\n');
}
