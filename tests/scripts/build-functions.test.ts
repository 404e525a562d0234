import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { COLLECTION_SPECS } from '../../cloudfunctions/lib/db';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import os from 'node:os';
import { buildFunctions, cloudbaseConfig, renderCloudbaseConfig } from '../../scripts/build-functions';

const root = path.resolve(__dirname, '../..');

describe('the deployable CloudBase config', () => {
  it('is committed exactly as `npm run build` generates it (run it after changing functions or indexes)', () => {
    expect(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')).toBe(renderCloudbaseConfig());
  });

  it('declares every function and every collection, each readable and writable by admins (functions) only', () => {
    const config = cloudbaseConfig();
    expect(config.functions.map((f) => f.name)).toEqual(FUNCTIONS.map((f) => f.name));
    const collections = config.framework.plugins.database.inputs.collections;
    expect(collections.map((c) => c.collectionName).sort()).toEqual(Object.keys(COLLECTION_SPECS).sort());
    for (const collection of collections) expect(collection.aclTag).toBe('ADMINONLY');
  });

  it('gives each function with timers one timer trigger, every minute (CloudBase allows one per function)', () => {
    const withTimers = FUNCTIONS.filter((fn) => Object.keys(fn.timers).length > 0).map((fn) => fn.name);
    expect(withTimers.length).toBeGreaterThan(0);
    for (const fn of cloudbaseConfig().functions) {
      const triggers = (fn as { triggers?: unknown[] }).triggers;
      if (withTimers.includes(fn.name)) {
        expect(triggers).toEqual([{ name: 'everyMinute', type: 'timer', config: '0 * * * * * *' }]);
      } else expect(triggers).toBeUndefined();
    }
  });
});

describe('npm run build', () => {
  const FUNCTIONS_OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-build-'));
  let built: Array<{ name: string; bytes: number }>;
  beforeAll(async () => {
    built = await buildFunctions(FUNCTIONS_OUT);
  }, 120000);
  afterAll(() => fs.rmSync(FUNCTIONS_OUT, { recursive: true, force: true }));

  it('writes one self-contained index.js per function, with package.json and config.json', () => {
    expect(built.map((b) => b.name)).toEqual(FUNCTIONS.map((f) => f.name));
    for (const { name } of built) {
      for (const file of ['index.js', 'package.json', 'config.json']) {
        expect(fs.existsSync(path.join(FUNCTIONS_OUT, name, file))).toBe(true);
      }
      const { triggers } = JSON.parse(fs.readFileSync(path.join(FUNCTIONS_OUT, name, 'config.json'), 'utf8'));
      expect(triggers.length).toBeLessThanOrEqual(1);
      const bundle = fs.readFileSync(path.join(FUNCTIONS_OUT, name, 'index.js'), 'utf8');
      // Nothing left to install: no require of a package outside node's own modules.
      const external = [...bundle.matchAll(/require\("([^"]+)"\)/g)]
        .map((m) => m[1])
        .filter((id) => !id.startsWith('node:') && !builtinModules.includes(id));
      expect(external).toEqual([]);
    }
  });

  it('loads in a bare node process and answers a request without identity with a structured error', () => {
    for (const { name } of built) {
      const script = `require(${JSON.stringify(path.join(FUNCTIONS_OUT, name, 'index.js'))}).main({action:'x'}).then(r=>process.stdout.write(JSON.stringify(r)))`;
      const out = execFileSync(process.execPath, ['-e', script], { cwd: '/', env: { PATH: process.env.PATH } });
      expect(JSON.parse(out.toString())).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    }
  });
});
