/**
 * Loads a compiled mini-program package the way WeChat's logic layer does, without WeChat: `app.js`, then every
 * page and every component script, each in a sandbox with a stub `wx` and the `App`/`Page`/`Component`/
 * `Behavior`/`getApp` globals, through a `require` that follows WeChat's rules rather than Node's:
 *
 * - a relative or `/`-absolute path is looked up as `<path>` when it ends in `.js`, else as `<path>.js` — never
 *   as `<path>/index.js` (jest and tsc resolve folders; the phone does not);
 * - a bare name is looked up in `miniprogram_npm` folders, from the requiring file's folder up to the root, as
 *   `<name>.js` or `<name>/index.js` (what the npm build writes); the first folder that has the package decides
 *   (a subpackage's own copy of tdesign is not topped up from the main package's). Components named by package
 *   in `usingComponents` are found the same way.
 *
 * Every page must register (call `Page()` or `Component()` while its script runs), every component must call
 * `Component()`, and every file a page needs (its .js/.json/.wxml, its components', the templates its wxml
 * imports or includes, its wxs modules) must be in the package. Problems name the file that needs the missing one.
 */
import path from 'node:path';
import vm from 'node:vm';

export type PackageFiles = ReadonlyMap<string, string | Buffer>;

export interface LoadReport {
  pages: string[];
  components: string[];
  /** Each problem in words, naming the file it is about. */
  problems: string[];
}

interface AppJson {
  pages?: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
  usingComponents?: Record<string, string>;
  tabBar?: { custom?: boolean };
}

interface Registration {
  kind: 'App' | 'Page' | 'Component';
}

const posix = path.posix;

/** A value that accepts any use — property, call, `new`, arithmetic — so that module-level `wx.x().y` works. */
function permissive(): unknown {
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  const handler: ProxyHandler<typeof target> = {
    get: (_t, key) => {
      if (key === Symbol.toPrimitive) return () => 0;
      if (key === 'then') return undefined; // not a promise
      return proxy;
    },
    apply: () => proxy,
    construct: () => proxy as object,
  };
  const proxy: unknown = new Proxy(target, handler);
  return proxy;
}

/** The few `wx` answers that module-level code of tdesign reads as values; every other call is permissive. */
function stubWx(): unknown {
  const system = {
    platform: 'ios',
    system: 'iOS 17.0',
    version: '8.0.50',
    SDKVersion: '3.6.0',
    language: 'zh_CN',
    theme: 'light',
    fontSizeSetting: 17,
    pixelRatio: 2,
    screenWidth: 375,
    screenHeight: 812,
    windowWidth: 375,
    windowHeight: 724,
    statusBarHeight: 44,
    safeArea: { top: 44, bottom: 778, left: 0, right: 375, width: 375, height: 734 },
  };
  const known: Record<string, unknown> = {
    getSystemInfoSync: () => system,
    getWindowInfo: () => system,
    getDeviceInfo: () => system,
    getAppBaseInfo: () => system,
    getMenuButtonBoundingClientRect: () => ({ top: 48, bottom: 80, left: 281, right: 368, width: 87, height: 32 }),
    getStorageSync: () => '',
    canIUse: () => true,
  };
  return new Proxy(known, { get: (t, key) => (typeof key === 'string' && key in t ? t[key] : permissive()) });
}

const asText = (content: string | Buffer) => (typeof content === 'string' ? content : content.toString('utf8'));

/** `/a/b` or `a/b` → `a/b` (package paths have no leading slash). */
const normal = (p: string) => posix.normalize(p).replace(/^\/+/, '');

/**
 * The logic layer's module system over a compiled package: scripts run once each, in one sandbox whose
 * `App`/`Page`/`Component` calls are counted, through WeChat's `require` rules.
 */
export class WechatRuntime {
  /** What scripts registered since the last `take()`. */
  private registered: Registration[] = [];
  private app: object | undefined;
  private readonly cache = new Map<string, { exports: unknown }>();
  private readonly context: vm.Context;

  constructor(private readonly files: PackageFiles) {
    const register = (kind: Registration['kind']) => (options: unknown) => {
      this.registered.push({ kind });
      if (kind === 'App') this.app = (options as object) ?? {};
    };
    this.context = vm.createContext({
      wx: stubWx(),
      App: register('App'),
      Page: register('Page'),
      Component: register('Component'),
      Behavior: (options: unknown) => options,
      getApp: () => this.app ?? {},
      getCurrentPages: () => [],
      requirePlugin: () => permissive(),
      console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
    });
    this.context.globalThis = this.context;
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** Every folder that holds a file of the package. */
  private folders: Set<string> | undefined;
  hasFolder(folder: string): boolean {
    if (!this.folders) {
      this.folders = new Set();
      for (const file of this.files.keys())
        for (let dir = posix.dirname(file); dir !== '.' && !this.folders.has(dir); dir = posix.dirname(dir))
          this.folders.add(dir);
    }
    return this.folders.has(folder);
  }

  text(file: string): string {
    return asText(this.files.get(file)!);
  }

  /** The registrations made since the previous call. */
  take(): Registration[] {
    const made = this.registered;
    this.registered = [];
    return made;
  }

  resolve(from: string, spec: string): string | undefined {
    if (spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/')) {
      const base = spec.startsWith('/') ? normal(spec) : normal(posix.join(posix.dirname(from), spec));
      const candidate = base.endsWith('.js') ? base : `${base}.js`;
      return this.has(candidate) ? candidate : undefined;
    }
    // the nearest miniprogram_npm (from the requiring file's folder up) that has the package decides
    const pkg = spec.split('/')[0];
    for (let dir = posix.dirname(from); ; dir = posix.dirname(dir)) {
      const npm = dir === '.' ? 'miniprogram_npm' : `${dir}/miniprogram_npm`;
      const candidates = [`${npm}/${spec}.js`, `${npm}/${spec}/index.js`];
      if (this.hasFolder(`${npm}/${pkg}`) || candidates.some((c) => this.has(c)))
        return candidates.find((c) => this.has(c));
      if (dir === '.') return undefined;
    }
  }

  private describeMissing(from: string, spec: string): string {
    const folder = normal(posix.join(posix.dirname(from), spec));
    const hint = this.has(`${folder}/index.js`)
      ? ` (it is a folder: import '${spec}/index')`
      : spec.startsWith('.') || spec.startsWith('/')
        ? ' (the compiled package has no such file)'
        : ' (not in any miniprogram_npm)';
    return `${from}: require('${spec}') finds nothing${hint}`;
  }

  /** Runs a script (once; later calls return its exports) and returns its `module.exports`. */
  execute(file: string): unknown {
    const cached = this.cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    this.cache.set(file, module);
    const wrapper = vm.runInContext(`(function (require, module, exports) {${this.text(file)}\n})`, this.context, {
      filename: file,
    }) as (req: (spec: string) => unknown, mod: typeof module, exp: unknown) => void;
    wrapper(
      (spec: string) => {
        const target = this.resolve(file, spec);
        if (!target) throw new MissingModule(this.describeMissing(file, spec));
        return this.execute(target);
      },
      module,
      module.exports,
    );
    return module.exports;
  }
}

export function loadPackage(files: PackageFiles): LoadReport {
  const problems: string[] = [];
  const runtime = new WechatRuntime(files);
  const has = (p: string) => runtime.has(p);
  const text = (p: string) => runtime.text(p);

  /** Runs a script and returns what it registered, or records why it could not. */
  function run(script: string, expected: Registration['kind'][], owner: string): boolean {
    if (!has(script)) {
      problems.push(`${owner}: ${script} is not in the compiled package`);
      return false;
    }
    runtime.take();
    try {
      runtime.execute(script);
    } catch (error) {
      problems.push(error instanceof MissingModule ? error.message : `${script}: ${(error as Error).message}`);
      return false;
    }
    if (!runtime.take().some((r) => expected.includes(r.kind))) {
      problems.push(`${script}: ran but called none of ${expected.map((k) => `${k}()`).join('/')}`);
      return false;
    }
    return true;
  }

  function readJson<T>(file: string, owner: string): T | undefined {
    if (!has(file)) {
      problems.push(`${owner}: ${file} is not in the compiled package`);
      return undefined;
    }
    try {
      return JSON.parse(text(file)) as T;
    } catch {
      problems.push(`${file}: not valid JSON`);
      return undefined;
    }
  }

  /** The templates and wxs modules a wxml file pulls in must be there too (wcc does not report them missing). */
  function checkTemplateRefs(wxml: string) {
    const refs = text(wxml).matchAll(/<(import|include|wxs)\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/g);
    for (const [, tag, src] of refs) {
      const base = src.startsWith('/') ? normal(src) : normal(posix.join(posix.dirname(wxml), src));
      const ext = tag === 'wxs' ? '.wxs' : '.wxml';
      const target = base.endsWith(ext) ? base : `${base}${ext}`;
      if (!has(target)) problems.push(`${wxml}: <${tag} src="${src}"> finds no ${target}`);
      else if (tag !== 'wxs') checkTemplateRefs(target);
    }
  }

  const components = new Set<string>();
  function loadView(base: string, kind: 'Page' | 'Component', owner: string, globals: Record<string, string>) {
    const registered = run(`${base}.js`, kind === 'Page' ? ['Page', 'Component'] : ['Component'], owner);
    if (!registered) return false;
    if (!has(`${base}.wxml`)) problems.push(`${owner}: ${base}.wxml is not in the compiled package`);
    else checkTemplateRefs(`${base}.wxml`);
    const json = readJson<{ usingComponents?: Record<string, string> }>(`${base}.json`, owner);
    const using = { ...globals, ...(json?.usingComponents ?? {}) };
    for (const [tag, ref] of Object.entries(using)) {
      if (ref.startsWith('plugin://')) continue;
      const target = resolveComponent(base, ref);
      if (!target) {
        problems.push(`${base}.json: <${tag}> uses "${ref}", which is not in the compiled package`);
        continue;
      }
      if (components.has(target)) continue;
      components.add(target);
      loadView(target, 'Component', `${base}.json <${tag}>`, {});
    }
    return true;
  }

  const isComponent = (c: string) => has(`${c}.js`) || has(`${c}.json`);
  function resolveComponent(from: string, ref: string): string | undefined {
    if (ref.startsWith('/') || ref.startsWith('.')) {
      const target = ref.startsWith('/') ? normal(ref) : normal(posix.join(posix.dirname(from), ref));
      return isComponent(target) ? target : undefined;
    }
    // An npm name: the nearest miniprogram_npm (from the using file's folder up) that has the package decides.
    const pkg = ref.split('/')[0];
    for (let dir = posix.dirname(from); ; dir = posix.dirname(dir)) {
      const npm = dir === '.' ? 'miniprogram_npm' : `${dir}/miniprogram_npm`;
      if (runtime.hasFolder(`${npm}/${pkg}`)) return [`${npm}/${ref}`, `${npm}/${ref}/index`].find(isComponent);
      if (dir === '.') return undefined;
    }
  }

  const appJson = readJson<AppJson>('app.json', 'package');
  const pages: string[] = [];
  if (!appJson) return { pages, components: [], problems };
  run('app.js', ['App'], 'app.json');

  const subpackages = appJson.subPackages ?? appJson.subpackages ?? [];
  const allPages = [
    ...(appJson.pages ?? []),
    ...subpackages.flatMap((sub) => sub.pages.map((page) => normal(posix.join(sub.root, page)))),
  ];
  for (const page of allPages) {
    if (loadView(page, 'Page', 'app.json', appJson.usingComponents ?? {})) pages.push(page);
  }
  if (appJson.tabBar?.custom) loadView('custom-tab-bar/index', 'Component', 'app.json tabBar', {});
  return { pages, components: [...components].sort(), problems };
}

class MissingModule extends Error {}
