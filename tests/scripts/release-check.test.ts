import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { readConfigTs, renderConfigTs, type MiniprogramConfig } from '../../scripts/wechat/configure';
import { effectiveAppid, releaseProblems } from '../../scripts/wechat/release-check';

/** A compiled package holding only the `config.js` that `npm run configure` would write for these settings. */
const compiledWith = (config: MiniprogramConfig) =>
  new Map([['config.js', transformSync(renderConfigTs(config), { loader: 'ts', format: 'cjs' }).code]]);

const LOCAL = { cloudEnvId: '', localBackendUrl: 'http://127.0.0.1:3000' };
const CLOUD = { cloudEnvId: 'jmt-prod-1g2h3k4l', localBackendUrl: 'http://127.0.0.1:3000' };
const APPID = 'wx1234567890abcdef';

describe('the release check', () => {
  it('refuses the tourist appid and the local backend, saying what to set', () => {
    const problems = releaseProblems('touristappid', compiledWith(LOCAL));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/touristappid.*set JMT_APPID=.*npm run configure/);
    expect(problems[1]).toMatch(/local one \(http:\/\/127\.0\.0\.1:3000\).*set JMT_CLOUD_ENV=/);
  });

  it('refuses a real appid with the local backend, and a cloud backend with the tourist appid', () => {
    expect(releaseProblems(APPID, compiledWith(LOCAL))).toEqual([expect.stringMatching(/backend is the local one/)]);
    expect(releaseProblems('touristappid', compiledWith(CLOUD))).toEqual([expect.stringMatching(/appid/)]);
    expect(releaseProblems('wx-not-an-appid', compiledWith(CLOUD))).toEqual([expect.stringMatching(/appid/)]);
  });

  it('accepts a real appid with a CloudBase environment', () => {
    expect(releaseProblems(APPID, compiledWith(CLOUD))).toEqual([]);
  });

  it('refuses a package without its config.js', () => {
    expect(releaseProblems(APPID, new Map())).toEqual([expect.stringMatching(/no readable config\.js/)]);
  });

  it('takes the appid of project.private.config.json over project.config.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-release-'));
    try {
      fs.writeFileSync(path.join(dir, 'project.config.json'), JSON.stringify({ appid: 'touristappid' }));
      expect(effectiveAppid(dir)).toBe('touristappid');
      fs.writeFileSync(path.join(dir, 'project.private.config.json'), JSON.stringify({ appid: APPID }));
      expect(effectiveAppid(dir)).toBe(APPID);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads back the settings that configure writes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-config-'));
    try {
      const file = path.join(dir, 'config.ts');
      expect(readConfigTs(file)).toEqual(LOCAL);
      fs.writeFileSync(file, renderConfigTs(CLOUD));
      expect(readConfigTs(file)).toEqual(CLOUD);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
