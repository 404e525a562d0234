/**
 * The house check: where code may reach. Each rule names the files it governs and says, for one import of one of
 * them, what is wrong with it (or nothing). Add a rule to RULES; the test lists every breach of every rule.
 */
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const MINIPROGRAM = 'miniprogram';

interface Import {
  /** The importing file, relative to the repository (forward slashes). */
  from: string;
  /** What it imports, as written. */
  spec: string;
  /** For a relative import, the imported file relative to the repository (no extension). */
  target?: string;
}

interface Rule {
  name: string;
  /** The files (relative to the repository) this rule governs. */
  governs(file: string): boolean;
  /** What is wrong with one import of a governed file, or null. */
  breach(imp: Import): string | null;
}

/** A page's own folder (`miniprogram/pages/orders/detail`), or null outside pages: what a page may not reach into. */
function pageOf(file: string): string | null {
  const m = /^miniprogram\/pages\/(.+)\/[^/]+$/.exec(file);
  if (!m) return null;
  const folder = `${MINIPROGRAM}/pages/${m[1]}`;
  return fs.existsSync(path.join(REPO, folder, 'index.json')) ? folder : null;
}

const RULES: Rule[] = [
  {
    name: 'the core (miniprogram/shared) imports only zod, dayjs and other core files',
    governs: (file) => file.startsWith(`${MINIPROGRAM}/shared/`),
    breach: ({ spec, target }) => {
      if (target) return target.startsWith(`${MINIPROGRAM}/shared/`) ? null : `reaches out of the core to ${target}`;
      return spec === 'zod/mini' || spec === 'zod' || spec === 'dayjs' || spec.startsWith('dayjs/')
        ? null
        : `imports the package ${spec}`;
    },
  },
  {
    name: "a page imports no other page's files (what two pages share lives beside them, e.g. pages/<pkg>/lib/)",
    governs: (file) => pageOf(file) !== null,
    breach: ({ from, target }) => {
      const own = pageOf(from);
      const other = target ? pageOf(`${target}.ts`) : null;
      if (!other || other === own) return null;
      return `imports ${target}, a file of the page ${other}`;
    },
  },
];

/**
 * The page URLs a core file names. The core names a page only where the server needs one: the page a notice opens
 * (notices/templates.ts `subjectPage`, a subscription message's `page`); the pages' own links are miniprogram/lib/links.ts.
 */
const NOTICE_PAGES = `${MINIPROGRAM}/shared/notices/templates.ts`;
function pageUrlsIn(file: string): string[] {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  return [...text.matchAll(/['"`](\/?pages\/[\w/-]+)/g)].map((m) => m[1]);
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'miniprogram_npm' && entry.name !== 'node_modules') out.push(...sourceFiles(rel));
    } else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Every runtime or type import of a file (`import … from`, `export … from`, `import '…'`, `require('…')`). */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specs.map((spec) => ({
    from: file,
    spec,
    target: spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : undefined,
  }));
}

describe('the house check', () => {
  const files = [...sourceFiles(MINIPROGRAM), ...sourceFiles('cloudfunctions')];

  it.each(RULES.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    const breaches = files
      .filter((file) => rule.governs(file))
      .flatMap((file) => importsOf(file).map((imp) => ({ imp, problem: rule.breach(imp) })))
      .filter((b) => b.problem !== null)
      .map(({ imp, problem }) => `${imp.from}: ${problem}`);
    expect(breaches).toEqual([]);
  });

  it('the core (miniprogram/shared) names no page URL but the pages notices open', () => {
    const named = files
      .filter((file) => file.startsWith(`${MINIPROGRAM}/shared/`) && file !== NOTICE_PAGES)
      .flatMap((file) => pageUrlsIn(file).map((url) => `${file}: ${url}`));
    expect(named).toEqual([]);
  });

  it('sees a breach when there is one', () => {
    const [core, pages] = RULES;
    expect(core.breach({ from: 'miniprogram/shared/x.ts', spec: 'qrcode-generator' })).toMatch(/qrcode-generator/);
    expect(
      core.breach({
        from: 'miniprogram/shared/x.ts',
        spec: '../services/transport',
        target: 'miniprogram/services/transport',
      }),
    ).toMatch(/out of the core/);
    expect(
      pages.breach({
        from: 'miniprogram/pages/orders/new/index.ts',
        spec: '../mine/view-model',
        target: 'miniprogram/pages/orders/mine/view-model',
      }),
    ).toMatch(/miniprogram\/pages\/orders\/mine/);
  });
});
