/**
 * The house rules for the server side and the shared core, checked over the sources git tracks:
 * - a cloud function's folder imports only its own files, cloudfunctions/lib/ and miniprogram/shared/ (shared
 *   server code lives in lib/; no function reaches into another's folder);
 * - of the mini-program, cloud functions import only the pure core, miniprogram/shared/;
 * - the core imports only zod, dayjs and other core files (it runs on both sides);
 * - a source file over MAX_LINES lines says why in its header (a comment line starting `long:`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const MAX_LINES = 400;
const SOURCE_DIRS = ['cloudfunctions', 'miniprogram', 'local-backend', 'scripts'];
const SCRIPT = /\.(ts|js|mjs|cjs)$/;
/** What the core may import besides its own files. */
const CORE_PACKAGES = /^(zod|dayjs)(\/|$)/;

const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...SOURCE_DIRS], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => SCRIPT.test(file) && !file.includes('miniprogram_npm/') && fs.existsSync(path.join(ROOT, file)));

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Every module a file names (imports, re-exports, require and import() with a literal). */
const importsOf = (file: string): string[] =>
  ts.preProcessFile(read(file), true, true).importedFiles.map((ref) => ref.fileName);

/** A relative specifier as a repository path (without extension); a package name stays as it is. */
const target = (file: string, spec: string) =>
  spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec;

/** The function folder a path lies in (`orders`, `lib`…), or null for files outside one (registry.ts). */
const functionFolder = (file: string) => /^cloudfunctions\/([^/]+)\//.exec(file)?.[1] ?? null;

type Rule = 'function-imports' | 'mini-program-imports' | 'core-imports' | 'long';

/** Every broken rule, allowed or not. */
function brokenRules(): Array<{ rule: Rule; file: string; what: string }> {
  const found: Array<{ rule: Rule; file: string; what: string }> = [];
  for (const file of sources) {
    const own = functionFolder(file);
    for (const spec of importsOf(file)) {
      const to = target(file, spec);
      if (file.startsWith('cloudfunctions/')) {
        const other = functionFolder(to);
        if (own && other && other !== own && other !== 'lib')
          found.push({ rule: 'function-imports', file, what: `imports ${spec} (another function's folder)` });
        if (to.startsWith('miniprogram/') && !to.startsWith('miniprogram/shared/'))
          found.push({ rule: 'mini-program-imports', file, what: `imports ${spec} (only miniprogram/shared/)` });
      }
      if (file.startsWith('miniprogram/shared/')) {
        const allowed = spec.startsWith('.') ? to.startsWith('miniprogram/shared/') : CORE_PACKAGES.test(spec);
        if (!allowed) found.push({ rule: 'core-imports', file, what: `imports ${spec} (only zod, dayjs, the core)` });
      }
    }
    const lines = read(file).replace(/\n$/, '').split('\n');
    if (lines.length > MAX_LINES && !headerSaysWhy(lines))
      found.push({ rule: 'long', file, what: `${lines.length} lines, no "long:" reason in its header` });
  }
  return found;
}

const broken = brokenRules();

/** Each broken rule as `rule file: what`. */
const problems = () => broken.map((p) => `${p.rule} ${p.file}: ${p.what}`);

/** The leading comment lines (before the first line of code) hold one starting `long:`. */
function headerSaysWhy(lines: string[]): boolean {
  let inBlock = false;
  for (const line of lines) {
    const text = line.trim();
    const comment = inBlock || text.startsWith('//') || text.startsWith('/*') || text === '';
    if (!comment) return false;
    if (text.startsWith('/*')) inBlock = true;
    if (/^(\/\/|\/\*+|\*)\s*long:/.test(text)) return true;
    if (inBlock && text.endsWith('*/')) inBlock = false;
  }
  return false;
}

describe('the house (server side and core)', () => {
  it('keeps every function to its own folder, lib and the core; the core to zod, dayjs and itself', () => {
    expect(problems().filter((p) => !p.startsWith('long '))).toEqual([]);
  });

  it('has no source file over 400 lines without a reason in its header', () => {
    expect(problems().filter((p) => p.startsWith('long '))).toEqual([]);
  });

  it('catches what it is for', () => {
    expect(headerSaysWhy(['// long: one table of every state', 'import x from "y";'])).toBe(true);
    expect(headerSaysWhy(['/**', ' * The machine.', ' * long: one table', ' */', 'code();'])).toBe(true);
    expect(headerSaysWhy(['import x from "y";', '// long: too late'])).toBe(false);
    expect(target('cloudfunctions/orders/index.ts', '../complaints/model')).toBe('cloudfunctions/complaints/model');
    expect(functionFolder(target('cloudfunctions/orders/actions/a.ts', '../../lib/db'))).toBe('lib');
  });
});
