import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import {
  normalTemplateIds,
  readConfigTs,
  renderConfigTs,
  type MiniprogramConfig,
} from '../../scripts/wechat/configure';
import { NOTICE_KINDS } from '../../miniprogram/shared/notices/templates';
import { effectiveAppid, releaseProblems } from '../../scripts/wechat/release-check';
import { WechatRuntime } from '../../scripts/wechat/runtime';

/** A compiled package holding only the `config.js` that `npm run configure` would write for these settings. */
const compiledWith = (config: MiniprogramConfig) =>
  new Map([['config.js', transformSync(renderConfigTs(config), { loader: 'ts', format: 'cjs' }).code]]);

/** Template ids as the admin console gives them, one per kind. */
const CONSOLE_IDS = JSON.stringify(Object.fromEntries(NOTICE_KINDS.map((k, i) => [k, `Tpl${i}-aBcD_eFgH1234567890`])));
const LOCAL = { cloudEnvId: '', localBackendUrl: 'http://127.0.0.1:3000', templateIds: '' };
const CLOUD = { cloudEnvId: 'jmt-prod-1g2h3k4l', localBackendUrl: 'http://127.0.0.1:3000', templateIds: CONSOLE_IDS };
const APPID = 'wx1234567890abcdef';

describe('the release check', () => {
  it('refuses the tourist appid, the local backend and the dev template ids, saying what to set', () => {
    const problems = releaseProblems('touristappid', compiledWith(LOCAL));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/touristappid.*set JMT_APPID=.*npm run configure/);
    expect(problems[1]).toMatch(/local one \(http:\/\/127\.0\.0\.1:3000\).*set JMT_CLOUD_ENV=/);
    expect(problems[2]).toMatch(/templates are the dev ids \(all: order_dispatched, .*set JMT_TEMPLATE_IDS=/);
  });

  it('refuses a release whose template ids are the dev ones, even for some kinds only', () => {
    const some = normalTemplateIds('{"order_accepted":"AbC-123_xyz"}');
    expect(releaseProblems(APPID, compiledWith({ ...CLOUD, templateIds: '' }))).toEqual([
      expect.stringMatching(/templates are the dev ids \(all/),
    ]);
    expect(releaseProblems(APPID, compiledWith({ ...CLOUD, templateIds: some }))).toEqual([
      expect.stringMatching(/dev ids \(9 of 10: order_dispatched, order_done,/),
    ]);
  });

  it('configure keeps only the kinds set and refuses a typo or a malformed id', () => {
    expect(normalTemplateIds('')).toBe('');
    expect(normalTemplateIds('{"order_accepted":"AbC-123"}')).toBe('{"order_accepted":"AbC-123"}');
    expect(normalTemplateIds('{"order_accepted":"dev-order-accepted"}')).toBe(''); // its dev id: nothing set
    expect(() => normalTemplateIds('{"order_acepted":"AbC"}')).toThrow('unknown notice kind: order_acepted');
    expect(() => normalTemplateIds('{"order_accepted":"it\'s"}')).toThrow('template id of order_accepted');
    expect(() => normalTemplateIds('not json')).toThrow();
  });

  it('refuses a real appid with the local backend, and a cloud backend with the tourist appid', () => {
    const local = compiledWith({ ...LOCAL, templateIds: CONSOLE_IDS });
    expect(releaseProblems(APPID, local)).toEqual([expect.stringMatching(/backend is the local one/)]);
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
      // what the mini-program reads: the same ids
      expect(new WechatRuntime(compiledWith(CLOUD)).execute('config.js')).toMatchObject({ TEMPLATE_IDS: CONSOLE_IDS });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
