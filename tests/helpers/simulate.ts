/**
 * Page-test harness: renders a mini-program page (written with `Component()`) or component with
 * miniprogram-simulate and real tdesign components, under jest's jsdom environment.
 *
 *   import { openPage } from '../helpers/simulate';
 *   import { installWxMock, forwardRequestsTo } from '../helpers/wx-mock';
 *
 *   const wxMock = installWxMock({ app: { globalData: {} } });
 *   wxMock.setRequestHandler(forwardRequestsTo(baseUrl));
 *   const page = await openPage('pages/home/index', { id: '42' }); // render + onLoad/onShow/onReady
 *   await page.waitForText('社区联系人');
 *   await page.tap('.retry');                    // a t-button: the tap goes through tdesign's handler
 *   await page.input('#phone', '13800000000');  // a t-input: fires its input → change
 *   expect(page.text()).toContain('...');
 *
 * How it works (see /work/shared/TOOLCHAIN-FACTS.md):
 * - simulate's default (official) compiler: the Linux `wcc` of miniprogram-compiler compiles every .wxml/.wxs
 *   under the root (listed by us, following symlinks; maxBuffer raised);
 * - `rootPath` is `miniprogram/`; npm-style `usingComponents` (`tdesign-miniprogram/button/button`) are
 *   rewritten per json to `/miniprogram_npm/tdesign-miniprogram/button/button`, and app.json's global
 *   `usingComponents` are added to pages and app components (what DevTools' npm build + runtime do);
 * - simulate runs each component script with `require()` and relies on `require.cache` deletion to run it
 *   again on the next load, which jest ignores: the harness records each script's `Component()` options the
 *   first time and replays them afterwards, so any page/component can be loaded any number of times per file;
 * - a page outside `miniprogram/` (a test fixture) is served from a staging root under `tmp/simulate-roots/`
 *   that mirrors `miniprogram/` with symlinks, mounts the fixture's folder at `__fixtures__/<name>` and holds a
 *   `miniprogram_npm` with the tdesign components the app and the fixture use;
 * - `miniprogram/miniprogram_npm` is built (scripts/build-miniprogram-npm.ts, in a child process) if it is
 *   missing or lacks a component the app's jsons use. Prefer building it in jest's globalSetup.
 * - every `setData` of a rendered component is reported to wx-mock (`getLargestSetData()`).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import {
  collectUsedTdesignComponents,
  listUsedTdesignComponents,
  tdesignSubpath,
  writeTdesignSubset,
  type ComponentJson,
} from '../../scripts/build-miniprogram-npm';
import { getWxMock, installWxMock, pushPage, recordSetData, removePage } from './wx-mock';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObject = Record<string, any>;

// Minimal DOM shapes (the tests' tsconfig has no DOM lib; jest runs these in jsdom).
interface DomNode {
  nodeType: number;
  textContent: string | null;
  outerHTML?: string;
  innerHTML?: string;
  parentNode?: DomNode | null;
  ownerDocument: {
    createTreeWalker(root: DomNode, whatToShow: number): { nextNode(): DomNode | null; currentNode: DomNode };
  } | null;
  appendChild?(child: DomNode): DomNode;
  removeChild?(child: DomNode): DomNode;
}
const nodeRequire = require as unknown as NodeJS.Require;

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const MINIPROGRAM_ROOT = path.join(REPO_ROOT, 'miniprogram');
const NPM_DIR = 'miniprogram_npm';
const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'build-miniprogram-npm.ts');
const STAGING_PARENT = path.join(REPO_ROOT, 'tmp', 'simulate-roots');
const FIXTURE_MOUNT = '__fixtures__';

/** Built-in components simulate registers (their `is` is the tag name): taps go to them, not inside. */
const BUILTIN_TAGS = new Set([
  'cover-image',
  'cover-view',
  'grid-view',
  'list-view',
  'match-media',
  'movable-area',
  'movable-view',
  'page-container',
  'root-portal',
  'scroll-view',
  'share-element',
  'sticky-header',
  'sticky-section',
  'swiper',
  'swiper-item',
  'view',
  'icon',
  'progress',
  'rich-text',
  'text',
  'button',
  'checkbox',
  'checkbox-group',
  'editor',
  'form',
  'input',
  'keyboard-accessory',
  'label',
  'picker',
  'picker-view',
  'picker-view-column',
  'radio',
  'radio-group',
  'slider',
  'switch',
  'textarea',
  'functional-page-navigator',
  'navigator',
  'audio',
  'camera',
  'channel-live',
  'channel-video',
  'image',
  'live-player',
  'live-pusher',
  'video',
  'voip-room',
  'map',
  'canvas',
  'web-view',
  'ad',
  'ad-custom',
  'official-account',
  'open-data',
  'navigation-bar',
  'page-meta',
]);

// ---------------------------------------------------------------------------------------------------------
// miniprogram_npm

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function missingNpmParts(): string[] {
  const npm = path.join(MINIPROGRAM_ROOT, NPM_DIR);
  const missing: string[] = [];
  for (const c of collectUsedTdesignComponents(MINIPROGRAM_ROOT)) {
    if (!fs.existsSync(path.join(npm, 'tdesign-miniprogram', `${c}.json`))) missing.push(`tdesign-miniprogram/${c}`);
  }
  if (!fs.existsSync(path.join(npm, 'zod', 'mini', 'index.js'))) missing.push('zod/mini');
  return missing;
}

let npmChecked = false;

/**
 * Builds `miniprogram/miniprogram_npm` (in a child process: esbuild does not run inside jsdom) when it is
 * missing or lacks a component used by the app. Safe with parallel jest workers (a lock directory).
 */
export function ensureMiniprogramNpm(): void {
  if (npmChecked) return;
  if (missingNpmParts().length === 0) {
    npmChecked = true;
    return;
  }
  const lock = path.join(REPO_ROOT, 'build', '.miniprogram-npm.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 60_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      sleepSync(100);
    }
  }
  try {
    const missing = missingNpmParts(); // another worker may have built it while we waited
    if (missing.length > 0) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', BUILD_SCRIPT, '--quiet'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      if (run.status !== 0)
        throw new Error(
          `building miniprogram_npm failed (missing: ${missing.join(', ')}):\n${run.stderr || run.stdout}`,
        );
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  npmChecked = true;
}

// ---------------------------------------------------------------------------------------------------------
// Patching simulate

interface SimulateUtils {
  readJson(file: string): AnyObject | null;
  runJs(file: string): void;
}

const simulateUtils = nodeRequire('miniprogram-simulate/src/utils') as SimulateUtils;
const g = globalThis as AnyObject;
const simulateComponent = g.Component as (options: AnyObject) => void;
const simulateBehavior = g.Behavior as (options: AnyObject) => string;

/** Component() options recorded per script (real path), replayed when the script is loaded again. */
const definitions = new Map<string, AnyObject>();
let running: { key: string; componentPath: string } | undefined;
/** Component paths (as loaded) that are pages under test, for setData records. */
const pagePaths = new Set<string>();
const setDataProbes = new Map<string, string>();
let globalUsingComponents: Record<string, string> | undefined;

function cloneOptions(options: AnyObject): AnyObject {
  const copy = { ...options };
  // simulate rewrites relation keys/targets in place
  if (options.relations) {
    copy.relations = Object.fromEntries(
      Object.entries(options.relations as AnyObject).map(([k, v]) => [k, { ...(v as AnyObject) }]),
    );
  }
  return copy;
}

/** A readable name for a component path: `pages/home/index`, `miniprogram_npm/tdesign-miniprogram/…`, or
 * relative to the repository for a fixture (`tests/pages/fixtures/x/index`). */
function componentName(componentPath: string): string {
  const parts = componentPath.split(path.sep);
  const npm = parts.lastIndexOf(NPM_DIR);
  if (npm >= 0) return parts.slice(npm).join('/');
  let real = componentPath;
  try {
    real = fs.realpathSync(`${componentPath}.json`).replace(/\.json$/, '');
  } catch {
    /* keep the loaded path */
  }
  const base = isInside(real, MINIPROGRAM_ROOT) ? MINIPROGRAM_ROOT : REPO_ROOT;
  return path.relative(base, real).split(path.sep).join('/');
}

function setDataProbe(componentPath: string): string {
  let id = setDataProbes.get(componentPath);
  if (!id) {
    const name = componentName(componentPath);
    id = simulateBehavior({
      lifetimes: {
        created(this: AnyObject) {
          const original = this.setData as (data: AnyObject, cb?: () => void) => void;
          if (typeof original !== 'function' || (original as AnyObject).__probed) return;
          const probed = (data: AnyObject, cb?: () => void) => {
            recordSetData(name, data, pagePaths.has(componentPath));
            return original.call(this, data, cb);
          };
          (probed as AnyObject).__probed = true;
          this.setData = probed;
        },
      },
    });
    setDataProbes.set(componentPath, id);
  }
  return id;
}

function instrument(options: AnyObject, componentPath: string): AnyObject {
  const copy = cloneOptions(options);
  copy.behaviors = [setDataProbe(componentPath), ...(options.behaviors ?? [])];
  return copy;
}

g.Component = (options: AnyObject) => {
  if (!running) throw new Error('Component() called outside of loadPage(): import pages through loadPage only');
  definitions.set(running.key, cloneOptions(options));
  return simulateComponent(instrument(options, running.componentPath));
};

simulateUtils.runJs = (componentPath: string) => {
  const resolved = nodeRequire.resolve(componentPath);
  const key = fs.realpathSync(resolved);
  const known = definitions.get(key);
  if (known) {
    const previous = running;
    running = { key, componentPath };
    try {
      simulateComponent(instrument(cloneOptions(known), componentPath));
    } finally {
      running = previous;
    }
    return;
  }
  const previous = running;
  running = { key, componentPath };
  try {
    nodeRequire(resolved);
  } finally {
    running = previous;
  }
  if (!definitions.has(key)) {
    throw new Error(
      `${componentPath}: its script did not call Component() (was it imported by the test before loadPage? ` +
        'the harness must be the first to load a page script)',
    );
  }
};

/*
 * simulate compiles each root once with wcc and evaluates the result in the global scope, where it keeps
 * `__WXML_GLOBAL__.ops_cached` keyed by template index: a second root compiled in the same test file (a fixture
 * root and miniprogram/) would then reuse the first root's cached ops and break rendering. Evaluate each
 * compilation with its own `__WXML_GLOBAL__` / `$gwx` instead.
 */
interface SimulateCompile {
  getWxml(componentPath: string, config: AnyObject): unknown;
}
const simulateCompile = nodeRequire('miniprogram-simulate/src/compile') as SimulateCompile;
const wxmlCompiler = nodeRequire('miniprogram-compiler') as { wxmlToJs(rootPath: string, options?: AnyObject): string };
const originalGetWxml = simulateCompile.getWxml;
const gwxByRoot = new Map<string, (file: string) => unknown>();
const templates = new Map<string, unknown>();
simulateCompile.getWxml = (componentPath: string, config: AnyObject) => {
  if (config.compiler !== 'official') return originalGetWxml(componentPath, config);
  const rootPath = config.rootPath as string;
  const key = `${rootPath}\0${componentPath}`;
  if (templates.has(key)) return templates.get(key);
  let gwx = gwxByRoot.get(rootPath);
  if (!gwx) {
    const code = wxmlCompiler.wxmlToJs(rootPath, config.compilerOptions);
    // wxs_nf_init marks the (non-configurable, once per realm) prototype polyfills of wxs: shared.
    const local = Object.defineProperty({}, 'wxs_nf_init', {
      get: () => (g.__jmtWxsNfInit as boolean | undefined) ?? (g.__WXML_GLOBAL__ as AnyObject | undefined)?.wxs_nf_init,
      set: (v: boolean) => (g.__jmtWxsNfInit = v),
      enumerable: true,
    });
    gwx = new Function('__local', `var __WXML_GLOBAL__ = __local, $gwx;\n${code}`)(local) as (file: string) => unknown;
    gwxByRoot.set(rootPath, gwx);
  }
  const template = gwx(`${path.relative(rootPath, componentPath).split(path.sep).join('/')}.wxml`);
  templates.set(key, template);
  return template;
};

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function mapUsingPath(value: string): string {
  if (value.startsWith('.') || value.startsWith('/') || value.startsWith('plugin://')) return value;
  const sub = tdesignSubpath(value);
  return sub ? `/${NPM_DIR}/tdesign-miniprogram/${sub}` : `/${NPM_DIR}/${value}`;
}

function appUsingComponents(): Record<string, string> {
  if (!globalUsingComponents) {
    const app = readJsonFile(path.join(MINIPROGRAM_ROOT, 'app.json')) as ComponentJson | null;
    globalUsingComponents = Object.fromEntries(
      Object.entries(app?.usingComponents ?? {}).map(([k, v]) => [k, mapUsingPath(v)]),
    );
  }
  return globalUsingComponents;
}

function readJsonFile(file: string): AnyObject | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AnyObject;
  } catch {
    return null;
  }
}

const originalReadJson = simulateUtils.readJson;
simulateUtils.readJson = (file: string) => {
  const json = originalReadJson(file);
  if (!json || file.split(path.sep).includes(NPM_DIR)) return json;
  if (path.basename(file) === 'app.json') return json;
  const own = Object.fromEntries(
    Object.entries((json.usingComponents ?? {}) as Record<string, string>).map(([k, v]) => [k, mapUsingPath(v)]),
  );
  return { ...json, usingComponents: { ...appUsingComponents(), ...own } };
};

// ---------------------------------------------------------------------------------------------------------
// Roots and compilation

/** Every .wxml / .wxs under root (following symlinks, skipping node_modules), relative, for wcc. */
function listTemplates(root: string): { wxmlList: string[]; wxsList: string[] } {
  const wxmlList: string[] = [];
  const wxsList: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, rel: string) => {
    const real = fs.realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of fs.readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === '.git') continue;
      const full = path.join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        continue; // dangling symlink
      }
      if (stat.isDirectory()) walk(full, relPath);
      else if (name.endsWith('.wxml')) wxmlList.push(relPath);
      else if (name.endsWith('.wxs')) wxsList.push(relPath);
    }
  };
  walk(root, '');
  return { wxmlList, wxsList };
}

const stagingRoots = new Map<string, string>();

/**
 * A root for a page outside miniprogram/: mirrors miniprogram/ with symlinks, mounts `mountDir` at
 * `__fixtures__/<basename>`, and has its own miniprogram_npm with the tdesign components of both.
 */
function stagingRoot(mountDir: string): string {
  const cached = stagingRoots.get(mountDir);
  if (cached) return cached;
  const hash = createHash('sha1').update(mountDir).digest('hex').slice(0, 8);
  const root = path.join(
    STAGING_PARENT,
    `${process.env.JEST_WORKER_ID ?? process.pid}-${path.basename(mountDir)}-${hash}`,
  );
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, FIXTURE_MOUNT), { recursive: true });
  for (const entry of fs.readdirSync(MINIPROGRAM_ROOT)) {
    if (entry === NPM_DIR || entry === FIXTURE_MOUNT) continue;
    fs.symlinkSync(path.join(MINIPROGRAM_ROOT, entry), path.join(root, entry));
  }
  fs.symlinkSync(mountDir, path.join(root, FIXTURE_MOUNT, path.basename(mountDir)));

  // miniprogram_npm: the app's tdesign components + the fixture's; the other packages linked.
  const fixtureJsons: ComponentJson[] = [];
  const collect = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== NPM_DIR) collect(full);
      else if (e.isFile() && e.name.endsWith('.json')) {
        const json = readJsonFile(full);
        if (json) fixtureJsons.push(json as ComponentJson);
      }
    }
  };
  collect(mountDir);
  const components = [
    ...new Set([...collectUsedTdesignComponents(MINIPROGRAM_ROOT), ...listUsedTdesignComponents(fixtureJsons)]),
  ];
  const npm = path.join(root, NPM_DIR);
  fs.mkdirSync(npm, { recursive: true });
  writeTdesignSubset(npm, components, [], REPO_ROOT);
  const appNpm = path.join(MINIPROGRAM_ROOT, NPM_DIR);
  if (fs.existsSync(appNpm)) {
    for (const entry of fs.readdirSync(appNpm)) {
      if (entry !== 'tdesign-miniprogram') fs.symlinkSync(path.join(appNpm, entry), path.join(npm, entry));
    }
  }
  stagingRoots.set(mountDir, root);
  return root;
}

/** Strips a script/json extension; a path that is not an existing absolute one is relative to miniprogram/. */
function normalizePagePath(pagePath: string): string {
  const stripped = pagePath.replace(/\.(ts|js|json|wxml|wxss)$/, '');
  if (path.isAbsolute(stripped) && fs.existsSync(`${stripped}.json`)) return stripped;
  return path.join(MINIPROGRAM_ROOT, stripped.replace(/^\//, ''));
}

// ---------------------------------------------------------------------------------------------------------
// Loading

export interface LoadPageOptions {
  /** Initial property values (for components; pages normally take their input in onLoad). */
  properties?: AnyObject;
  /** Shortcut for installWxMock({ app }) / setApp(app). */
  app?: AnyObject;
  /** For a page outside miniprogram/: the folder to mount (default: the page's own folder). */
  mount?: string;
  /** Attach to document.body (default true; `ready` lifetimes run on attach). */
  attach?: boolean;
  /** Tag name of the root component (default `main`). */
  tagName?: string;
}

/** A rendered node: j-component's wrapper. */
export type Node = simulate.Component<any, any, any>;
export type Target = string | Node;

export interface LoadedPage<TInstance = AnyObject> {
  /** The component path as loaded (absolute, without extension). */
  readonly path: string;
  /** The root j-component (dom, querySelector, setData, triggerLifeTime, …). */
  readonly component: simulate.RootComponent<any, any, any>;
  /** The page's `this`: data, setData and its methods (onLoad, …). */
  readonly instance: TInstance & AnyObject;
  /** The page's current data. */
  readonly data: AnyObject;
  /**
   * First match in the page. Selectors are WeChat's (exparser's): `.class`, `#id`, combinations and
   * `a >>> b`, which pierces into the custom component matched by `a` (`.name >>> .t-input__control`).
   * Tag names (`t-button`, `input`) do not match.
   */
  query(selector: string): Node | undefined;
  queryAll(selector: string): Node[];
  /** Like query, but throws a readable error when nothing matches. */
  get(selector: string): Node;
  /** Visible text of the page (or of one node), whitespace collapsed. */
  text(target?: Target): string;
  /** The rendered DOM (tdesign components included) as HTML. */
  html(target?: Target): string;
  /** How many elements the page's rendered DOM has (tdesign components' own included): WeChat advises < 1000. */
  nodeCount(): number;
  /**
   * Taps a node as a user would: for a custom component (t-button, t-cell) the tap is dispatched on its
   * root element inside, so tdesign's own handler runs (disabled/loading checks, `click` events…).
   */
  tap(target: Target, detail?: AnyObject): Promise<void>;
  /** Types into a t-input/t-textarea (or a native input): its inner input element fires `input`. */
  input(target: Target, value: string): Promise<void>;
  /** Dispatches any event (bubbling, composed) on a node; `inner` like tap. */
  trigger(target: Target, eventName: string, detail?: AnyObject, options?: { inner?: boolean }): Promise<void>;
  /** Polls `predicate` (after each macrotask) until it returns a truthy value, which is returned. */
  waitFor<T>(
    predicate: () => T | null | undefined | false | Promise<T | null | undefined | false>,
    options?: { timeout?: number; message?: string },
  ): Promise<T>;
  waitForText(text: string | RegExp, options?: { timeout?: number }): Promise<void>;
  /**
   * Calls the page's `onLoad(query)` and waits for it (and the tasks it queued). Query parameters named like
   * a declared property are set on it first, as WeChat does for pages built with Component().
   */
  onLoad(query?: Record<string, string>): Promise<void>;
  /** onLoad(query) → onShow → onReady, as WeChat opens a page. */
  launch(query?: Record<string, string>): Promise<void>;
  /** Calls a page lifecycle/method by name if defined (`onShow`, `onPullDownRefresh`, …) and awaits it. */
  lifecycle(name: string, ...args: unknown[]): Promise<unknown>;
  onShow(): Promise<void>;
  onHide(): Promise<void>;
  onPullDownRefresh(): Promise<void>;
  onReachBottom(): Promise<void>;
  detach(): void;
}

/** Waits for pending promise callbacks and timers(0) to run. */
export function flush(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const loadedIds = new Map<string, string>();

function loadId(componentPath: string, rootPath: string, tagName: string): string {
  const key = `${rootPath}\0${componentPath}\0${tagName}`;
  let id = loadedIds.get(key);
  if (!id) {
    id = simulate.load(componentPath, tagName, {
      rootPath,
      compilerOptions: { ...listTemplates(rootPath), maxBuffer: 64 * 1024 * 1024 },
    });
    loadedIds.set(key, id);
  }
  return id;
}

/**
 * Renders a page or component: `pages/home/index` (relative to miniprogram/), or an absolute path (inside
 * or outside miniprogram/). Synchronous; call `launch(query)`/`onLoad(query)` to run the page lifecycles,
 * or use `openPage`.
 */
export function loadPage<TInstance = AnyObject>(
  pagePath: string,
  options: LoadPageOptions = {},
): LoadedPage<TInstance> {
  ensureMiniprogramNpm();
  let mock = (() => {
    try {
      return getWxMock();
    } catch {
      return undefined;
    }
  })();
  if (!mock) mock = installWxMock({ app: options.app });
  else if (options.app) mock.setApp(options.app);

  const requested = normalizePagePath(pagePath);
  let componentPath = requested;
  let rootPath = MINIPROGRAM_ROOT;
  if (!isInside(requested, MINIPROGRAM_ROOT)) {
    const mountDir = path.resolve(options.mount ?? path.dirname(requested));
    if (!isInside(requested, mountDir)) throw new Error(`${requested} is not inside mount ${mountDir}`);
    rootPath = stagingRoot(mountDir);
    componentPath = path.join(rootPath, FIXTURE_MOUNT, path.basename(mountDir), path.relative(mountDir, requested));
  }
  if (!fs.existsSync(`${componentPath}.json`)) throw new Error(`loadPage: no ${componentPath}.json`);

  pagePaths.add(componentPath);
  const tagName = options.tagName ?? 'main';
  const id = loadId(componentPath, rootPath, tagName);
  const component = simulate.render(id, options.properties) as simulate.RootComponent<any, any, any>;
  if (!component) throw new Error(`loadPage: simulate could not render ${componentPath}`);
  if (options.attach !== false) {
    const document = g.document as AnyObject;
    const parent = document.createElement('parent-wrapper') as AnyObject;
    document.body.appendChild(parent);
    component.attach(parent);
  }
  const instance = component.instance as unknown as AnyObject;
  if (instance.route === undefined) instance.route = componentName(componentPath);
  pushPage(instance);
  return createHandle<TInstance>(componentPath, component, propertyNames(componentPath));
}

/** The `properties` a page declares: WeChat sets the ones named like query parameters before onLoad. */
function propertyNames(componentPath: string): string[] {
  try {
    const def = definitions.get(fs.realpathSync(nodeRequire.resolve(componentPath)));
    return Object.keys((def?.properties ?? {}) as AnyObject);
  } catch {
    return [];
  }
}

/** loadPage + launch(query): the page as WeChat opens it. */
export async function openPage<TInstance = AnyObject>(
  pagePath: string,
  query: Record<string, string> = {},
  options: LoadPageOptions = {},
): Promise<LoadedPage<TInstance>> {
  const page = loadPage<TInstance>(pagePath, options);
  await page.launch(query);
  return page;
}

// ---------------------------------------------------------------------------------------------------------
// Page handle

function exparserNode(node: Node): AnyObject {
  return (node as unknown as AnyObject)._exparserNode as AnyObject;
}

function isCustomComponent(n: AnyObject): boolean {
  return Boolean(n && n.shadowRoot && typeof n.is === 'string' && !BUILTIN_TAGS.has(n.is));
}

function firstElement(parent: AnyObject): AnyObject | undefined {
  for (const child of (parent.childNodes ?? []) as AnyObject[]) {
    if (!child || child.childNodes === undefined) continue; // text node
    if (child.__virtual) {
      const inner = firstElement(child);
      if (inner) return inner;
      continue;
    }
    return child;
  }
  return undefined;
}

function findElement(parent: AnyObject, test: (n: AnyObject) => boolean): AnyObject | undefined {
  for (const child of (parent.childNodes ?? []) as AnyObject[]) {
    if (!child || child.childNodes === undefined) continue;
    if (!child.__virtual && test(child)) return child;
    const inShadow = child.shadowRoot && isCustomComponent(child) ? findElement(child.shadowRoot, test) : undefined;
    if (inShadow) return inShadow;
    const inner = findElement(child, test);
    if (inner) return inner;
  }
  return undefined;
}

/** The element a user's finger lands on: inside custom components, their root element. */
function innermost(n: AnyObject): AnyObject {
  let current = n;
  while (isCustomComponent(current)) {
    const root = firstElement(current.shadowRoot);
    if (!root) break;
    current = root;
  }
  return current;
}

function pageLifeTime(component: simulate.RootComponent<any, any, any>, name: string): void {
  (component as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime(name);
}

function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The DOM nodes a rendered node shows: its own, or (custom-component hosts have none) its composed children's. */
function domRoots(n: AnyObject | undefined): DomNode[] {
  if (!n) return [];
  if (n.$$) return [n.$$ as DomNode];
  const out: DomNode[] = [];
  for (const child of (n.__wxSlotChildren ?? n.childNodes ?? []) as AnyObject[]) out.push(...domRoots(child));
  return out;
}

/** Text of rendered DOM nodes, one space between text nodes (so separate elements do not run together). */
function visibleText(roots: DomNode[]): string {
  const texts: string[] = [];
  for (const root of roots) {
    if (root.nodeType === 3) {
      const t = collapse(root.textContent);
      if (t) texts.push(t);
      continue;
    }
    const walker = root.ownerDocument!.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    while (walker.nextNode()) {
      const t = collapse(walker.currentNode.textContent);
      if (t) texts.push(t);
    }
  }
  return texts.join(' ');
}

function outerHtml(roots: DomNode[]): string {
  return roots.map((r) => (r.nodeType === 1 ? r.outerHTML : (r.textContent ?? ''))).join('');
}

function createHandle<TInstance>(
  componentPath: string,
  component: simulate.RootComponent<any, any, any>,
  properties: string[],
): LoadedPage<TInstance> {
  // j-component's (unexported) node wrapper class: RootComponent extends it.
  const NodeClass = Object.getPrototypeOf(Object.getPrototypeOf(component)).constructor as new (n: AnyObject) => Node;
  const wrap = (n: AnyObject): Node => (n.__componentNode__ as Node | undefined) ?? new NodeClass(n);

  const queryAllIn = (selector: string): Node[] => {
    const parts = selector.split('>>>').map((s) => s.trim());
    let scope: Node[] = [component as unknown as Node];
    for (const part of parts) {
      const next: Node[] = [];
      for (const s of scope) next.push(...s.querySelectorAll(part));
      scope = next;
      if (scope.length === 0) break;
    }
    return scope;
  };
  const resolve = (target: Target): Node => {
    if (typeof target !== 'string') return target;
    const found = queryAllIn(target)[0];
    if (!found)
      throw new Error(
        `no node matches '${target}' in ${componentName(componentPath)}:\n${visibleText(domRoots(exparserNode(component as unknown as Node))).slice(0, 500)}`,
      );
    return found;
  };
  const dispatch = async (n: AnyObject, eventName: string, detail: AnyObject) => {
    wrap(n).dispatchEvent(eventName, { detail, bubbles: true, composed: true });
    await flush();
  };
  const applyQuery = (query: Record<string, string>) => {
    const props = Object.fromEntries(Object.entries(query).filter(([k]) => properties.includes(k)));
    if (Object.keys(props).length > 0) component.setData(props);
  };
  const call = async (name: string, ...args: unknown[]) => {
    const fn = (handle.instance as AnyObject)[name];
    const result =
      typeof fn === 'function' ? await (fn as (...a: unknown[]) => unknown).apply(handle.instance, args) : undefined;
    await flush();
    return result;
  };

  const handle: LoadedPage<TInstance> = {
    path: componentPath,
    component,
    get instance() {
      return component.instance as unknown as TInstance & AnyObject;
    },
    get data() {
      return component.data as AnyObject;
    },
    query: (selector) => queryAllIn(selector)[0],
    queryAll: (selector) => queryAllIn(selector),
    get: (selector) => resolve(selector),
    text: (target) =>
      visibleText(
        target === undefined
          ? domRoots(exparserNode(component as unknown as Node))
          : domRoots(exparserNode(resolve(target))),
      ),
    html: (target) =>
      target === undefined ? (component.dom?.innerHTML ?? '') : outerHtml(domRoots(exparserNode(resolve(target)))),
    nodeCount: () => (component.dom ? component.dom.querySelectorAll('*').length + 1 : 0),
    async tap(target, detail = { x: 0, y: 0 }) {
      await dispatch(innermost(exparserNode(resolve(target))), 'tap', detail);
    },
    async input(target, value) {
      const host = exparserNode(resolve(target));
      const isField = (n: AnyObject) => n.is === 'input' || n.is === 'textarea';
      // a custom component's field is in its shadow tree; a built-in host (a view) holds it among its children
      const scope = isCustomComponent(host) ? host.shadowRoot : host;
      const field = isField(host) ? host : findElement(scope, isField);
      if (!field) throw new Error(`no input/textarea inside '${String(target)}'`);
      await dispatch(field, 'input', { value, cursor: value.length, keyCode: 0 });
    },
    async trigger(target, eventName, detail = {}, options = {}) {
      const n = exparserNode(resolve(target));
      await dispatch(options.inner ? innermost(n) : n, eventName, detail);
    },
    async waitFor(predicate, options = {}) {
      const timeout = options.timeout ?? 3000;
      const started = Date.now();
      let last: unknown;
      for (;;) {
        try {
          const value = await predicate();
          if (value) return value;
        } catch (err) {
          last = err;
        }
        if (Date.now() - started > timeout) {
          const reason = options.message ?? (last instanceof Error ? last.message : 'predicate stayed false');
          throw new Error(
            `waitFor timed out after ${timeout} ms: ${reason}\npage text: ${handle.text().slice(0, 500)}`,
          );
        }
        await flush(5);
      }
    },
    async waitForText(text, options = {}) {
      await handle.waitFor(() => (typeof text === 'string' ? handle.text().includes(text) : text.test(handle.text())), {
        ...options,
        message: `text ${String(text)} did not appear`,
      });
    },
    async onLoad(query = {}) {
      applyQuery(query);
      await call('onLoad', query);
    },
    async launch(query = {}) {
      applyQuery(query);
      await call('onLoad', query);
      pageLifeTime(component, 'show');
      await call('onShow');
      await call('onReady');
    },
    lifecycle: (name, ...args) => call(name, ...args),
    async onShow() {
      pageLifeTime(component, 'show');
      await call('onShow');
    },
    async onHide() {
      pageLifeTime(component, 'hide');
      await call('onHide');
    },
    async onPullDownRefresh() {
      await call('onPullDownRefresh');
    },
    async onReachBottom() {
      await call('onReachBottom');
    },
    detach() {
      removePage(component.instance as unknown as AnyObject);
      const parent = component.dom?.parentNode;
      component.detach();
      parent?.parentNode?.removeChild(parent);
    },
  };
  return handle;
}
