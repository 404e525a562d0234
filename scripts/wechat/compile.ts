/**
 * Compiles the mini-program offline with `miniprogram-ci` — the compiler an upload uses, with the project's own
 * settings (`project.config.json`: TypeScript plugin, `ignoreUploadUnusedFiles`) — and returns what would be
 * uploaded, path by path (relative to `miniprogramRoot`).
 *
 * No appid or upload key is needed: the project's attributes, which the CLI would fetch from WeChat with the
 * key, are set to the package's own defaults. The compiler leaves a helper process (`summerEntryProcess.js`)
 * running; it is killed by PID once the result is in.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const COMPILED_DIR = path.join(REPO_ROOT, 'tmp', 'wechat-package');

interface CiModule {
  proxy(url: string): void;
  Project: new (options: Record<string, unknown>) => unknown;
  getCompiledResult(options: Record<string, unknown>): Promise<Record<string, string | Buffer>>;
}

/** PIDs of this process's descendants whose command line matches. */
function descendants(match: RegExp): number[] {
  let table: string;
  try {
    table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const rows = table
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args }));
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows)
      if (mine.has(row.ppid) && !mine.has(row.pid)) {
        mine.add(row.pid);
        grew = true;
      }
  }
  return rows.filter((row) => row.pid !== process.pid && mine.has(row.pid) && match.test(row.args)).map((r) => r.pid);
}

export async function compilePackage(projectPath = REPO_ROOT): Promise<Map<string, string | Buffer>> {
  // The compiler talks a lot (and reports that it cannot reach WeChat for a list it does not need offline):
  // its output is kept and shown only when the compile fails.
  const chatter: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const keep = (chunk: unknown) => (chatter.push(String(chunk)), true);
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  try {
    // Loaded here, not at the top: only this step needs the compiler (a large install).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ci = require('miniprogram-ci') as CiModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DefaultProjectAttr } = require('miniprogram-ci/dist/config/config') as { DefaultProjectAttr: unknown };
    // Offline on purpose: the one thing it would fetch (a list of allowed file types) falls back to the list built
    // into the package, so its requests go to a closed local port and fail at once instead of waiting on a network.
    ci.proxy('http://127.0.0.1:9');
    const project = new ci.Project({
      appid: 'wx0000000000000000', // any well-formed appid: nothing is sent
      type: 'miniProgram',
      projectPath,
      privateKey: 'offline',
      ignores: ['node_modules/**/*'],
      attr: async () => DefaultProjectAttr,
    });
    const result = await ci.getCompiledResult({ project, version: '0.0.0', setting: { useProjectConfig: true } });
    return new Map(Object.entries(result).filter(([file]) => !file.endsWith('.map')));
  } catch (error) {
    writes.err.call(process.stderr, chatter.join(''));
    throw error;
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    for (const pid of descendants(/summerEntryProcess|miniprogram-ci/)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Writes the compiled package under `dir` (replacing what was there), so it can be read and sized later. */
export function writePackage(files: ReadonlyMap<string, string | Buffer>, dir = COMPILED_DIR): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, content] of files) {
    const target = path.join(dir, 'files', file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

export interface PackageSize {
  name: string;
  root: string;
  bytes: number;
}

/** Main package and subpackages as the compiled files divide them (a subpackage owns what is under its root). */
export function sizesOf(files: ReadonlyMap<string, string | Buffer>): PackageSize[] {
  const app = JSON.parse(String(files.get('app.json') ?? '{}')) as {
    subPackages?: { root: string; name?: string }[];
  };
  const subs = (app.subPackages ?? []).map((s) => ({ name: s.name ?? s.root, root: s.root.replace(/\/?$/, '/') }));
  const sizes: PackageSize[] = [{ name: 'main', root: '', bytes: 0 }, ...subs.map((s) => ({ ...s, bytes: 0 }))];
  for (const [file, content] of files) {
    if (file === 'project.config.json' || file === 'project.private.config.json') continue;
    const owner = sizes.find((s) => s.root && file.startsWith(s.root)) ?? sizes[0];
    owner.bytes += Buffer.byteLength(content);
  }
  return sizes;
}
