// long: one build in four steps (scan the sources, resolve tdesign's closure, bundle zod/mini and the other packages,
// write and report); the scanners are exported for their tests.
/**
 * Builds `miniprogram/miniprogram_npm/` offline, the way WeChat DevTools' "构建 npm" would, but shipping only
 * what the mini-program uses:
 *
 * - tdesign-miniprogram: the components referenced by `usingComponents` in `miniprogram/**\/*.json` (and the
 *   tdesign modules imported from mini-program scripts), plus everything they pull in — their own
 *   `usingComponents` and `componentGenerics` defaults, the files their `.js` / `.wxs` / `.wxml` / `.wxss`
 *   import, require, include or `@import`, and tdesign's nested `miniprogram_npm` packages (tslib, dayjs, …)
 *   when required. Resolved by parsing; an unresolvable reference fails the build.
 * - tdesign's icon stylesheet keeps the glyph rules (`.t-icon-<name>:before`, 2,300 of them, ~100 KB in every
 *   package that ships icons) of the names that occur anywhere in the shipped tdesign files or the mini-program's
 *   sources (every word-like token counts, so a name passed as data or chosen in a wxs still keeps its rule).
 * - zod/mini: `miniprogram_npm/zod/mini/index.js`, a minified CommonJS esbuild bundle exporting only the names
 *   the mini-program sources use (`z.<name>` with `import * as z from 'zod/mini'`, or named imports).
 * - dayjs: `miniprogram_npm/dayjs/index.js` plus the `dayjs/plugin/*` and `dayjs/locale/*` files imported, only
 *   when a mini-program script imports dayjs (tdesign's date picker carries its own copy).
 * - qrcode-generator (check-in QR codes): `<package>/miniprogram_npm/qrcode-generator/index.js`, a minified
 *   CommonJS esbuild bundle, shipped when a mini-program script imports it.
 *
 * Per package (#17: the main package carries only what its four pages need). WeChat looks a bare name up in the
 * nearest `miniprogram_npm` from the requiring file's folder upward and stops at the first that has the package.
 * So a subpackage (app.json `subPackages`) whose pages use a tdesign component the main package's files do not
 * gets its own self-contained copy of tdesign (its components' whole closure) under `<root>/miniprogram_npm/`; a
 * bundled package that only subpackage scripts import goes under each such subpackage's root. The main
 * `miniprogram_npm` still holds every component some json uses (the page tests and DevTools load them from
 * there); the upload (`ignoreUploadUnusedFiles`) drops the copies nothing in the main package resolves to.
 *
 * Run: `npx tsx scripts/build-miniprogram-npm.ts [--quiet] [--list]`. Each run rebuilds the folder from scratch
 * (built beside it, then swapped in). A manifest is written to `build/miniprogram-npm-manifest.json`.
 *
 * It is also a jest `globalSetup` module (default export).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TS from 'typescript';

// Loaded on first use: the jest harness imports this module for its file-system helpers only.
let tsModule: typeof TS | undefined;
function typescript(): typeof TS {
  tsModule ??= (require as unknown as NodeJS.Require)('typescript') as typeof TS;
  return tsModule;
}

export const TDESIGN = 'tdesign-miniprogram';
const ZOD_MINI = 'zod/mini';
/** Plain CommonJS packages shipped as one minified esbuild bundle each when the mini-program imports them. */
export const BUNDLED_PACKAGES = ['qrcode-generator'] as const;

export interface BuildOptions {
  /** Repository root (the folder holding node_modules and miniprogram/). Default: the parent of scripts/. */
  repoRoot?: string;
  /** The miniprogramRoot, relative to repoRoot. Default `miniprogram`. */
  miniprogramDir?: string;
  /** Print nothing. */
  quiet?: boolean;
  /** Also print every shipped file with its size. */
  list?: boolean;
}

export interface ShippedFile {
  /** Path relative to miniprogram_npm/, with forward slashes. */
  path: string;
  bytes: number;
  /** The subpackage root whose own miniprogram_npm holds it (absent: the main package's). */
  package?: string;
}

/** A subpackage's own tdesign copy: what it uses beyond the main package's components. */
export interface SubpackageNpm {
  root: string;
  components: string[];
  bytes: number;
}

export interface BuildResult {
  outDir: string;
  /** tdesign components referenced directly by the mini-program, e.g. `button/button`. */
  components: string[];
  /** All tdesign components shipped (direct + transitive). */
  allComponents: string[];
  zodExports: string[];
  dayjsExtras: string[];
  /** BUNDLED_PACKAGES the mini-program imports (each shipped as `<name>/index.js`). */
  bundled: string[];
  /** Subpackages that got their own tdesign copy. */
  subpackages: SubpackageNpm[];
  /** The icon names whose glyph rules the icon stylesheet kept. */
  iconsKept: string[];
  files: ShippedFile[];
  bytes: { tdesign: number; zod: number; dayjs: number; bundled: number; total: number };
  ms: number;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------
// Small pure helpers (no file system): reusable by a size-budget script.

/** A component json as far as this build cares. */
export interface ComponentJson {
  usingComponents?: Record<string, string>;
  componentGenerics?: Record<string, boolean | { default?: string }>;
}

/**
 * The tdesign component paths (inside tdesign's miniprogram_dist, without extension, e.g. `button/button`)
 * that the given app/page/component jsons reference in `usingComponents`, sorted and deduplicated. Accepts
 * `tdesign-miniprogram/button/button` and `/miniprogram_npm/tdesign-miniprogram/button/button`.
 */
export function listUsedTdesignComponents(jsons: Iterable<ComponentJson>): string[] {
  const used = new Set<string>();
  for (const json of jsons) {
    for (const value of Object.values(json?.usingComponents ?? {})) {
      const component = tdesignSubpath(value);
      if (component) used.add(component);
    }
    for (const generic of Object.values(json?.componentGenerics ?? {})) {
      const value = typeof generic === 'object' && generic ? generic.default : undefined;
      const component = value ? tdesignSubpath(value) : null;
      if (component) used.add(component);
    }
  }
  return [...used].sort();
}

/** `tdesign-miniprogram/button/button` → `button/button`; anything else → null. */
export function tdesignSubpath(specifier: string): string | null {
  const m = /^(?:\/?miniprogram_npm\/)?tdesign-miniprogram\/(.+)$/.exec(specifier.trim());
  return m ? m[1].replace(/\.(js|json|wxml|wxss)$/, '') : null;
}

// ---------------------------------------------------------------------------------------------------------
// Scanning the mini-program sources.

const SKIP_DIRS = new Set(['node_modules', 'miniprogram_npm', '.git']);

function walk(dir: string, accept: (file: string) => boolean, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, accept, out);
    } else if (entry.isFile() && accept(full)) {
      out.push(full);
    }
  }
  return out;
}

/** Reads every `*.json` of the mini-program (app.json, pages, components; not miniprogram_npm). */
export function readMiniprogramJsons(miniprogramRoot: string): Array<{ file: string; json: ComponentJson }> {
  return walk(miniprogramRoot, (f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(file, 'utf8');
      try {
        return { file, json: JSON.parse(text) as ComponentJson };
      } catch (err) {
        throw new Error(`build-miniprogram-npm: invalid JSON in ${file}: ${(err as Error).message}`);
      }
    });
}

/** The tdesign components referenced by `usingComponents` anywhere in the mini-program. */
export function collectUsedTdesignComponents(miniprogramRoot: string): string[] {
  return listUsedTdesignComponents(readMiniprogramJsons(miniprogramRoot).map((j) => j.json));
}

export interface SourceScan {
  /** Bare module specifiers imported at runtime (type-only imports excluded), with the files importing them. */
  imports: Map<string, Set<string>>;
  /** Names used from zod/mini (namespace member accesses in value positions and named imports). */
  zodNames: Set<string>;
  /** True if a zod/mini namespace is used as a whole value (needs every export). */
  zodWhole: string[];
}

const SCRIPT_RE = /\.(ts|js|mts|cts|mjs|cjs)$/;

/** Parses the mini-program's scripts (TypeScript AST) for runtime npm imports and zod/mini usage. */
export function scanMiniprogramSources(miniprogramRoot: string): SourceScan {
  const scan: SourceScan = { imports: new Map(), zodNames: new Set(), zodWhole: [] };
  const files = walk(miniprogramRoot, (f) => SCRIPT_RE.test(f) && !f.endsWith('.d.ts')).sort();
  for (const file of files) scanSource(file, fs.readFileSync(file, 'utf8'), scan);
  return scan;
}

function addImport(scan: SourceScan, spec: string, file: string): void {
  if (spec.startsWith('.') || spec.startsWith('/')) return;
  let set = scan.imports.get(spec);
  if (!set) scan.imports.set(spec, (set = new Set()));
  set.add(file);
}

/** Exposed for tests: scans one source text. */
export function scanSource(file: string, text: string, scan: SourceScan): void {
  const ts = typescript();
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
  const zodNamespaces = new Set<string>();

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const spec = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      if (
        clause &&
        !clause.name &&
        bindings &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly)
      ) {
        continue; // import { type A } from '...' is elided
      }
      addImport(scan, spec, file);
      if (spec === ZOD_MINI && clause) {
        if (clause.name) zodNamespaces.add(clause.name.text); // default import: treat like a namespace
        if (bindings && ts.isNamespaceImport(bindings)) zodNamespaces.add(bindings.name.text);
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            if (el.isTypeOnly) continue;
            const imported = (el.propertyName ?? el.name).text;
            if (imported === 'z') zodNamespaces.add(el.name.text);
            else scan.zodNames.add(imported);
          }
        }
      }
    } else if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)) {
      if (stmt.isTypeOnly) continue;
      const spec = stmt.moduleSpecifier.text;
      addImport(scan, spec, file);
      if (spec === ZOD_MINI) {
        if (stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
          for (const el of stmt.exportClause.elements)
            if (!el.isTypeOnly) scan.zodNames.add((el.propertyName ?? el.name).text);
        } else {
          scan.zodWhole.push(`${file} (export * from 'zod/mini')`);
        }
      }
    }
  }

  const visit = (node: TS.Node): void => {
    // require('x') and import('x')
    if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) {
        const spec = (node.arguments[0] as TS.StringLiteralLike).text;
        addImport(scan, spec, file);
        if (spec === ZOD_MINI) scan.zodWhole.push(`${file} (require/import() of zod/mini)`);
      }
    }
    if (zodNamespaces.size > 0 && ts.isIdentifier(node) && zodNamespaces.has(node.text)) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
        scan.zodNames.add(parent.name.text);
      } else if (
        ts.isElementAccessExpression(parent) &&
        parent.expression === node &&
        ts.isStringLiteralLike(parent.argumentExpression)
      ) {
        scan.zodNames.add(parent.argumentExpression.text);
      } else if (
        ts.isQualifiedName(parent) || // z.infer<...> in a type position
        ts.isNamespaceImport(parent) ||
        ts.isImportClause(parent) ||
        ts.isImportSpecifier(parent) ||
        ts.isTypeQueryNode(parent) // typeof z
      ) {
        // type-level or the declaration itself
      } else {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
        scan.zodWhole.push(`${file}:${line + 1} (zod namespace used as a value)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

// ---------------------------------------------------------------------------------------------------------
// tdesign dependency closure.

export interface TdesignClosure {
  /** Files relative to tdesign's miniprogram_dist (forward slashes). */
  files: string[];
  /** All component paths (without extension) in the closure. */
  components: string[];
}

const COMPONENT_EXTS = ['.json', '.js', '.wxml', '.wxss'];

/**
 * Resolves every file needed by the given tdesign components (`button/button`) and script modules
 * (`toast/index`), by parsing json/js/wxml/wxss/wxs. Throws on a reference it cannot resolve.
 */
export function resolveTdesignClosure(distDir: string, components: string[], scripts: string[] = []): TdesignClosure {
  const files = new Set<string>();
  const comps = new Set<string>();
  const queue: string[] = [];
  const rel = (abs: string) => path.relative(distDir, abs).split(path.sep).join('/');
  const exists = (abs: string) => {
    try {
      return fs.statSync(abs).isFile();
    } catch {
      return false;
    }
  };
  const addFile = (abs: string) => {
    const r = rel(abs);
    if (r.startsWith('..')) throw new Error(`tdesign reference escapes ${distDir}: ${abs}`);
    if (!files.has(r)) {
      files.add(r);
      queue.push(abs);
    }
  };
  const addComponent = (absNoExt: string, from: string) => {
    const r = rel(absNoExt);
    if (comps.has(r)) return;
    if (!exists(`${absNoExt}.json`)) throw new Error(`tdesign component not found: ${r} (referenced by ${from})`);
    comps.add(r);
    for (const ext of COMPONENT_EXTS) if (exists(absNoExt + ext)) addFile(absNoExt + ext);
  };
  const resolveJs = (abs: string): string | null => {
    for (const candidate of [abs, `${abs}.js`, path.join(abs, 'index.js')]) if (exists(candidate)) return candidate;
    return null;
  };
  // Mini-program runtime lookup: walk up from the requiring file looking for miniprogram_npm/<spec>.
  const resolveBare = (spec: string, fromFile: string): string | null => {
    let dir = path.dirname(fromFile);
    for (;;) {
      const hit = resolveJs(path.join(dir, 'miniprogram_npm', spec));
      if (hit) return hit;
      if (path.resolve(dir) === path.resolve(distDir)) return null;
      const up = path.dirname(dir);
      if (up === dir || rel(up).startsWith('..')) return null;
      dir = up;
    }
  };
  const fail = (what: string, spec: string, fromFile: string): never => {
    throw new Error(`build-miniprogram-npm: cannot resolve ${what} '${spec}' from tdesign ${rel(fromFile)}`);
  };

  for (const c of components) addComponent(path.join(distDir, c), 'the mini-program');
  for (const s of scripts) {
    const hit = resolveJs(path.join(distDir, s));
    if (!hit) throw new Error(`tdesign module not found: ${TDESIGN}/${s}`);
    addFile(hit);
  }

  while (queue.length > 0) {
    const file = queue.shift()!;
    const dir = path.dirname(file);
    const text = fs.readFileSync(file, 'utf8');
    const ext = path.extname(file);
    if (ext === '.json') {
      const json = JSON.parse(text) as ComponentJson;
      const refs = Object.values(json.usingComponents ?? {});
      for (const g of Object.values(json.componentGenerics ?? {}))
        if (typeof g === 'object' && g?.default) refs.push(g.default);
      for (const ref of refs) {
        if (ref.startsWith('plugin://')) continue;
        if (ref.startsWith('/')) fail('absolute component path', ref, file);
        addComponent(ref.startsWith('.') ? path.join(dir, ref) : resolveBareComponent(ref, file), file);
      }
    } else if (ext === '.js') {
      for (const spec of jsSpecifiers(text)) {
        if (spec.startsWith('.')) addFile(resolveJs(path.join(dir, spec)) ?? fail('module', spec, file));
        else if (spec.startsWith('/')) fail('absolute module path', spec, file);
        else addFile(resolveBare(spec, file) ?? fail('package', spec, file));
      }
    } else if (ext === '.wxs') {
      for (const spec of wxsRequires(text)) {
        if (!spec.startsWith('.')) fail('wxs module', spec, file);
        const target = path.join(dir, spec.endsWith('.wxs') ? spec : `${spec}.wxs`);
        if (!exists(target)) fail('wxs module', spec, file);
        addFile(target);
      }
    } else if (ext === '.wxml') {
      for (const { tag, src } of wxmlSources(text)) {
        if (!src.startsWith('.')) fail(`<${tag} src>`, src, file);
        const target = path.join(dir, path.extname(src) ? src : `${src}${tag === 'wxs' ? '.wxs' : '.wxml'}`);
        if (!exists(target)) fail(`<${tag} src>`, src, file);
        addFile(target);
      }
    } else if (ext === '.wxss') {
      for (const spec of wxssImports(text)) {
        if (/^(https?:)?\/\//.test(spec)) continue;
        if (spec.startsWith('/')) fail('@import', spec, file);
        const target = path.join(dir, path.extname(spec) ? spec : `${spec}.wxss`);
        if (!exists(target)) fail('@import', spec, file);
        addFile(target);
      }
    }
  }

  function resolveBareComponent(ref: string, from: string): string {
    const sub = tdesignSubpath(ref);
    if (sub) return path.join(distDir, sub);
    return fail('component', ref, from);
  }

  return { files: [...files].sort(), components: [...comps].sort() };
}

/** tdesign's miniprogram_dist folder (the package's `miniprogram` field). */
export function tdesignDistDir(repoRoot: string = defaultRepoRoot()): string {
  const tdRoot = path.join(repoRoot, 'node_modules', TDESIGN);
  const pkg = JSON.parse(fs.readFileSync(path.join(tdRoot, 'package.json'), 'utf8')) as { miniprogram?: string };
  return path.join(tdRoot, pkg.miniprogram ?? 'miniprogram_dist');
}

/**
 * Copies the closure of the given tdesign components/modules into `<npmDir>/tdesign-miniprogram/`.
 * Used by the build and by the test harness (which adds the components of out-of-tree fixtures).
 */
export function writeTdesignSubset(
  npmDir: string,
  components: string[],
  scripts: string[] = [],
  repoRoot: string = defaultRepoRoot(),
): TdesignClosure & { bytes: number } {
  const dist = tdesignDistDir(repoRoot);
  const closure = resolveTdesignClosure(dist, components, scripts);
  let bytes = 0;
  for (const f of closure.files) {
    const target = path.join(npmDir, TDESIGN, f);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(dist, f), target);
    bytes += fs.statSync(target).size;
  }
  return { ...closure, bytes };
}

/** import/export-from/require/import() specifiers in (minified) JS. */
export function jsSpecifiers(text: string): string[] {
  const out = new Set<string>();
  const patterns = [
    // import X from"m", import{a}from"m", import X,{a}from"m", import*as X from"m", export{a}from"m", export*from"m"
    /\b(?:import|export)\s*(?:[\w$]+\s*,?\s*)?(?:\{[^{}]*\}|\*(?:\s*as\s+[\w$]+)?)?\s*from\s*["']([^"'\n]+)["']/g,
    // import"m" (side effect only)
    /\bimport\s*["']([^"'\n]+)["']/g,
    /\brequire\(\s*["']([^"'\n]+)["']\s*\)/g,
    /\bimport\(\s*["']([^"'\n]+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.add(m[1]);
  return [...out];
}

export function wxsRequires(text: string): string[] {
  return [...text.matchAll(/\brequire\(\s*["']([^"'\n]+)["']\s*\)/g)].map((m) => m[1]);
}

export function wxmlSources(text: string): Array<{ tag: string; src: string }> {
  const out: Array<{ tag: string; src: string }> = [];
  for (const m of text.matchAll(/<(import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"'{}]+)["']/g))
    out.push({ tag: m[1], src: m[2] });
  return out;
}

export function wxssImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/@import\s+(?:url\(\s*)?["']?([^"');\s]+)["']?\s*\)?\s*;/g)) out.push(m[1]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// zod/mini bundle.

/** Names exported at runtime by zod/mini (so type-only names such as `infer` are dropped). */
export function zodMiniRuntimeExports(repoRoot: string): Set<string> {
  const req = createRequire(path.join(repoRoot, 'package.json'));
  return new Set(Object.keys(req(ZOD_MINI) as object));
}

async function bundleZodMini(repoRoot: string, names: string[] | 'all'): Promise<string> {
  if (names !== 'all' && names.length === 0) {
    return '"use strict";/* zod/mini: no names used by the mini-program */module.exports={};\n';
  }
  const contents =
    names === 'all' ? `export * from '${ZOD_MINI}';` : `export { ${names.join(', ')} } from '${ZOD_MINI}';`;
  return bundleCjs(repoRoot, contents, 'zod-mini-entry.js');
}

/** An entry's minified CommonJS esbuild bundle (ES2018, no legal comments). */
async function bundleCjs(
  repoRoot: string,
  contents: string,
  sourcefile: string,
  options: { mainFields?: string[] } = {},
): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    stdin: { contents, resolveDir: repoRoot, sourcefile, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    ...options,
    target: 'es2018',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** One CommonJS package as a minified CommonJS bundle (what `require('<name>')` gives in the mini-program). */
const bundlePackage = (repoRoot: string, name: string): Promise<string> =>
  bundleCjs(repoRoot, `module.exports = require('${name}');`, `${name}-entry.js`, { mainFields: ['main'] });

// ---------------------------------------------------------------------------------------------------------
// tdesign icons: only the glyphs some shipped file or source can name.

export const ICON_STYLESHEET = 'icon/icon.wxss';
const GLYPH_RULE = /^\.t-icon-([a-z0-9-]+):before\{content:'\\[0-9A-Fa-f]+';\}$/;

/** Every word-like token (`close-circle-filled`, `add`) in the texts: the icon names they might use. */
export function iconNameTokens(texts: Iterable<string>): Set<string> {
  const tokens = new Set<string>();
  for (const text of texts) for (const [token] of text.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)*/g)) tokens.add(token);
  return tokens;
}

/** The icon stylesheet without the glyph rules of names outside `used` (its other rules unchanged). */
export function pruneIconGlyphs(stylesheet: string, used: ReadonlySet<string>): { text: string; kept: string[] } {
  const kept: string[] = [];
  const lines = stylesheet.split('\n').filter((line) => {
    const glyph = GLYPH_RULE.exec(line.trim());
    if (!glyph) return true;
    if (used.has(glyph[1])) kept.push(glyph[1]);
    return used.has(glyph[1]);
  });
  return { text: lines.join('\n'), kept };
}

// ---------------------------------------------------------------------------------------------------------
// Main.

const DAYJS = 'dayjs';

function fmtKB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function defaultRepoRoot(): string {
  return path.resolve(__dirname, '..');
}

function rmrf(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}

/** The subpackage roots app.json declares (`pages/orders/`), each owning the files under it. */
export function subpackageRoots(miniprogramRoot: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(miniprogramRoot, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  return (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/?$/, '/'));
}

/** The package a file (relative to the miniprogramRoot) ships in: its subpackage's root, or '' (main). */
export function packageOf(relFile: string, roots: readonly string[]): string {
  const file = relFile.split(path.sep).join('/');
  return roots.find((root) => file.startsWith(root)) ?? '';
}

/** Moves a freshly built folder into place (replacing what was there). */
function swapIn(builtDir: string, outDir: string, buildDir: string): void {
  // (retried: a concurrent build may swap its own folder in between our two renames)
  for (let attempt = 0; ; attempt++) {
    const oldDir = path.join(buildDir, `miniprogram_npm.old-${process.pid}-${Date.now()}-${attempt}`);
    try {
      if (fs.existsSync(outDir)) fs.renameSync(outDir, oldDir);
      fs.mkdirSync(path.dirname(outDir), { recursive: true });
      fs.renameSync(builtDir, outDir);
      rmrf(oldDir);
      return;
    } catch (err) {
      rmrf(oldDir);
      if (attempt >= 4) throw err;
    }
  }
}

export async function buildMiniprogramNpm(options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const repoRoot = path.resolve(options.repoRoot ?? defaultRepoRoot());
  const mpRoot = path.join(repoRoot, options.miniprogramDir ?? 'miniprogram');
  const buildDir = path.join(repoRoot, 'build');
  const tmpDir = path.join(buildDir, `miniprogram_npm.tmp-${process.pid}-${Date.now()}`);
  const warnings: string[] = [];
  type Group = 'tdesign' | 'zod' | 'dayjs' | 'bundled';
  const shipped: Array<ShippedFile & { group: Group }> = [];
  const roots = subpackageRoots(mpRoot);
  const ownerOf = (file: string) => packageOf(path.relative(mpRoot, file), roots);

  /** Writes into the `miniprogram_npm` of a package ('' = main) being built under tmpDir. */
  const write = (pkg: string, relPath: string, content: string | Buffer, group: Group) => {
    const target = path.join(tmpDir, pkg || '.', 'miniprogram_npm', relPath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    const shippedPath = relPath.split(path.sep).join('/');
    shipped.push({ path: shippedPath, bytes: Buffer.byteLength(content), group, ...(pkg ? { package: pkg } : {}) });
  };

  // 1. What the mini-program uses.
  const jsons = readMiniprogramJsons(mpRoot);
  const components = listUsedTdesignComponents(jsons.map((j) => j.json));
  for (const { file, json } of jsons) {
    for (const [tag, value] of Object.entries(json.usingComponents ?? {})) {
      if (
        !value.startsWith('.') &&
        !value.startsWith('/') &&
        !value.startsWith('plugin://') &&
        !tdesignSubpath(value)
      ) {
        warnings.push(
          `${path.relative(repoRoot, file)}: usingComponents.${tag} = '${value}' is not an npm package this build provides`,
        );
      }
    }
  }
  const scan = scanMiniprogramSources(mpRoot);
  /** tdesign modules imported from scripts, per package. */
  const tdesignScripts = new Map<string, Set<string>>();
  const dayjsExtras: string[] = [];
  let usesDayjs = false;
  /** Bundled packages imported, with the packages importing them. */
  const bundled = new Map<string, Set<string>>();
  let usesZod = false;
  for (const [spec, files] of scan.imports) {
    const sub = tdesignSubpath(spec);
    const owners = new Set([...files].map(ownerOf));
    if (sub) for (const owner of owners) tdesignScripts.set(owner, (tdesignScripts.get(owner) ?? new Set()).add(sub));
    else if (spec === ZOD_MINI) usesZod = true;
    else if (spec === DAYJS) usesDayjs = true;
    else if ((BUNDLED_PACKAGES as readonly string[]).includes(spec)) bundled.set(spec, owners);
    else if (spec.startsWith(`${DAYJS}/`)) dayjsExtras.push(spec.slice(DAYJS.length + 1).replace(/\.js$/, ''));
    else if (spec !== TDESIGN) {
      const where = [...files].map((f) => path.relative(repoRoot, f)).join(', ');
      warnings.push(
        `'${spec}' is imported by ${where} but is not provided in miniprogram_npm (the WeChat runtime cannot load it)`,
      );
    }
  }
  const scriptsOf = (pkgs: Iterable<string>) =>
    [...new Set([...pkgs].flatMap((pkg) => [...(tdesignScripts.get(pkg) ?? [])]))].sort();

  rmrf(tmpDir);
  fs.mkdirSync(tmpDir, { recursive: true });
  try {
    // 2. tdesign: every component some json uses in the main folder; a subpackage that needs more than the main
    //    package's own closure gets a whole copy of its closure.
    const tdDist = tdesignDistDir(repoRoot);
    const closure = resolveTdesignClosure(tdDist, components, scriptsOf(['', ...roots]));
    const iconNames = iconNameTokens([
      ...closure.files.filter((f) => f !== ICON_STYLESHEET).map((f) => fs.readFileSync(path.join(tdDist, f), 'utf8')),
      ...walk(mpRoot, (f) => /\.(ts|js|wxml|wxs|json)$/.test(f)).map((f) => fs.readFileSync(f, 'utf8')),
    ]);
    let iconsKept: string[] = [];
    const tdesignFile = (f: string): Buffer | string => {
      const content = fs.readFileSync(path.join(tdDist, f));
      if (f !== ICON_STYLESHEET) return content;
      const pruned = pruneIconGlyphs(content.toString('utf8'), iconNames);
      iconsKept = pruned.kept;
      return pruned.text;
    };
    for (const f of closure.files) write('', path.join(TDESIGN, f), tdesignFile(f), 'tdesign');
    const jsonsOf = (pkg: string) => jsons.filter((j) => ownerOf(j.file) === pkg).map((j) => j.json);
    const mainClosure = resolveTdesignClosure(tdDist, listUsedTdesignComponents(jsonsOf('')), scriptsOf(['']));
    const inMain = new Set(mainClosure.files);
    const subpackages: SubpackageNpm[] = [];
    for (const root of roots) {
      const own = resolveTdesignClosure(tdDist, listUsedTdesignComponents(jsonsOf(root)), scriptsOf([root]));
      if (own.files.every((f) => inMain.has(f))) continue; // found in the main package's miniprogram_npm
      for (const f of own.files) write(root, path.join(TDESIGN, f), tdesignFile(f), 'tdesign');
      subpackages.push({ root, components: own.components, bytes: 0 });
    }

    // 3. zod/mini.
    let zodExports: string[] = [];
    let zodMode: string[] | 'all' = [];
    if (usesZod) {
      const runtime = zodMiniRuntimeExports(repoRoot);
      if (scan.zodWhole.length > 0) {
        warnings.push(`zod/mini is used as a whole (${scan.zodWhole.join('; ')}): bundling every export (~430 KB)`);
        zodMode = 'all';
        zodExports = [...runtime].sort();
      } else {
        zodExports = [...scan.zodNames].filter((n) => runtime.has(n)).sort();
        zodMode = zodExports;
      }
    }
    write('', path.join('zod', 'mini', 'index.js'), await bundleZodMini(repoRoot, zodMode), 'zod');

    // 4. dayjs (main file + imported plugins/locales), when a script imports it.
    if (usesDayjs || dayjsExtras.length > 0) {
      const dayjsRoot = path.join(repoRoot, 'node_modules', DAYJS);
      const dayjsMain = JSON.parse(fs.readFileSync(path.join(dayjsRoot, 'package.json'), 'utf8')).main ?? 'index.js';
      write('', path.join(DAYJS, 'index.js'), fs.readFileSync(path.join(dayjsRoot, dayjsMain)), 'dayjs');
      for (const extra of [...new Set(dayjsExtras)].sort()) {
        const source = path.join(dayjsRoot, `${extra}.js`);
        if (!fs.existsSync(source))
          throw new Error(`build-miniprogram-npm: dayjs/${extra} does not exist in node_modules/dayjs`);
        write('', path.join(DAYJS, `${extra}.js`), fs.readFileSync(source), 'dayjs');
      }
    }

    // 5. Plain CommonJS packages (qrcode-generator), bundled: in the main package when a main-package script
    //    imports one, else in each subpackage that does.
    for (const [name, owners] of [...bundled].sort(([a], [b]) => a.localeCompare(b))) {
      const code = await bundlePackage(repoRoot, name);
      for (const pkg of owners.has('') ? [''] : [...owners].sort())
        write(pkg, path.join(name, 'index.js'), code, 'bundled');
    }

    // 6. Swap in: the main folder, then each subpackage's (a subpackage that no longer needs one loses it).
    swapIn(path.join(tmpDir, 'miniprogram_npm'), path.join(mpRoot, 'miniprogram_npm'), buildDir);
    for (const root of roots) {
      const built = path.join(tmpDir, root, 'miniprogram_npm');
      const out = path.join(mpRoot, root, 'miniprogram_npm');
      if (fs.existsSync(built)) swapIn(built, out, buildDir);
      else rmrf(out);
    }

    const sum = (g: string) => shipped.filter((f) => f.group === g).reduce((n, f) => n + f.bytes, 0);
    for (const sub of subpackages)
      sub.bytes = shipped.filter((f) => f.package === sub.root).reduce((n, f) => n + f.bytes, 0);
    const result: BuildResult = {
      outDir: path.join(mpRoot, 'miniprogram_npm'),
      components,
      allComponents: closure.components,
      zodExports,
      dayjsExtras: [...new Set(dayjsExtras)].sort(),
      bundled: [...bundled.keys()].sort(),
      subpackages,
      iconsKept,
      files: shipped
        .map(({ group: _group, ...file }) => file)
        .sort((a, b) => `${a.package ?? ''}${a.path}`.localeCompare(`${b.package ?? ''}${b.path}`)),
      bytes: {
        tdesign: sum('tdesign'),
        zod: sum('zod'),
        dayjs: sum('dayjs'),
        bundled: sum('bundled'),
        total: sum('tdesign') + sum('zod') + sum('dayjs') + sum('bundled'),
      },
      ms: Date.now() - started,
      warnings,
    };
    fs.mkdirSync(buildDir, { recursive: true });
    fs.writeFileSync(path.join(buildDir, 'miniprogram-npm-manifest.json'), `${JSON.stringify(result, null, 2)}\n`);

    if (!options.quiet) {
      for (const w of warnings) console.warn(`warning: ${w}`);
      if (options.list)
        for (const f of result.files) console.log(`${fmtKB(f.bytes).padStart(10)}  ${f.package ?? ''}${f.path}`);
      console.log(
        `miniprogram_npm: tdesign ${components.length} used / ${closure.components.length} components, ` +
          `${closure.files.length} files ${fmtKB(sum('tdesign'))} (of which subpackage copies: ` +
          `${subpackages.map((s) => `${s.root} ${fmtKB(s.bytes)}`).join(', ') || 'none'}); zod/mini ` +
          `${zodExports.length} exports ${fmtKB(result.bytes.zod)}; dayjs` +
          `${result.dayjsExtras.length ? ` +${result.dayjsExtras.join(',')}` : ''} ${fmtKB(result.bytes.dayjs)}; ` +
          `${result.bundled.map((b) => `${b} `).join('')}${fmtKB(result.bytes.bundled)}; ` +
          `${iconsKept.length} icon glyphs kept; total ${fmtKB(result.bytes.total)} in ${result.ms} ms`,
      );
    }
    return result;
  } finally {
    rmrf(tmpDir);
  }
}

/** jest `globalSetup`: build once before the test workers start. */
export default async function globalSetup(): Promise<void> {
  await buildMiniprogramNpm({ quiet: true });
}

// (cast: the mini-program typings declare their own global `require` when this file is compiled with them)
const nodeRequire = typeof require === 'undefined' ? undefined : (require as unknown as NodeJS.Require);
const invokedDirectly =
  (nodeRequire !== undefined && nodeRequire.main === module) ||
  /build-miniprogram-npm\.[cm]?[tj]s$/.test(process.argv[1] ?? '');
if (invokedDirectly) {
  const args = process.argv.slice(2);
  buildMiniprogramNpm({ quiet: args.includes('--quiet'), list: args.includes('--list') }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
