/**
 * The function bundles leave most of node-sdk out (scripts/build-functions.ts, LEFT_OUT). What a function does use
 * must still go to CloudBase exactly as node-sdk sends it: a database query and a cloud call (`callWxOpenApi`)
 * made through the bundled sdk and through the installed package, in bare node processes whose outgoing HTTP is
 * intercepted, produce the same requests (address, method, headers, body), and the caller is read the same way.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../../scripts/build-functions';

const root = path.resolve(__dirname, '../..');

/** Records every outgoing http(s) request and fails it, so nothing leaves the machine. */
const INTERCEPT = `
const http = require('http'), https = require('https');
const { EventEmitter } = require('events');
globalThis.__requests = [];
for (const mod of [http, https]) {
  mod.request = function (...args) {
    const url = typeof args[0] === 'string' || args[0] instanceof URL ? String(args[0]) : '';
    const opts = args.find((a) => a && typeof a === 'object' && !(a instanceof URL)) || {};
    const req = new EventEmitter();
    const chunks = [];
    req.setTimeout = () => req;
    req.setHeader = req.removeHeader = req.abort = req.destroy = () => {};
    req.getHeader = () => undefined;
    req.write = (c) => (chunks.push(Buffer.from(c)), true);
    req.end = (c) => {
      if (c) chunks.push(Buffer.from(c));
      globalThis.__requests.push({
        address: (url || (opts.protocol || '') + '//' + (opts.hostname || opts.host) + (opts.path || '')).replace(/seqId=[^&]*/, 'seqId=…'),
        method: String(opts.method).toUpperCase(),
        headers: Object.keys(opts.headers || {}).map((h) => h.toLowerCase()).sort(),
        body: Buffer.concat(chunks).toString(),
      });
      process.nextTick(() => req.emit('error', Object.assign(new Error('intercepted'), { code: 'ECONNREFUSED' })));
    };
    return req;
  };
  mod.get = (...a) => { const r = mod.request(...a); r.end(); return r; };
}`;

const SCRIPT = `
const tcb = require('@cloudbase/node-sdk');
const app = tcb.init({ env: 'test-env', secretId: 'id', secretKey: 'key' });
(async () => {
  const errors = [];
  const db = app.database();
  const _ = db.command;
  await db.collection('orders').where({ status: _.in(['submitted']), residentId: 'u1' }).orderBy('createdAt', 'desc').limit(5).get().catch((e) => errors.push(e.message));
  await db.collection('orders').doc('o1').update({ status: 'closed', n: _.inc(1) }).catch((e) => errors.push(e.message));
  await db.collection('users').aggregate().match({ _id: 'u1' }).lookup({ from: 'orders', localField: '_id', foreignField: 'residentId', as: 'mine' }).end().catch((e) => errors.push(e.message));
  await app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { content: 'x' } }).catch((e) => errors.push(e.message));
  const user = app.auth().getUserInfo();
  process.stdout.write(JSON.stringify({ requests: globalThis.__requests, errors, user }));
})();`;

function run(file: string) {
  const out = execFileSync(process.execPath, ['-r', path.join(path.dirname(file), 'intercept.js'), file], {
    cwd: root,
    // as the WeChat cloud sets them per invocation: the context's keys, then each value
    env: { PATH: process.env.PATH, WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: 'o-caller', WX_APPID: 'wx-app' },
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 60_000,
  });
  return JSON.parse(out.toString()) as { requests: Array<{ body: string }>; errors: string[]; user: unknown };
}

describe('the bundled node-sdk', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-sdk-paths-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sends database requests and cloud calls exactly as the installed node-sdk does', async () => {
    fs.writeFileSync(path.join(dir, 'intercept.js'), INTERCEPT);
    await build({
      ...BUNDLE_OPTIONS,
      stdin: { contents: SCRIPT, resolveDir: root, loader: 'js' },
      outfile: path.join(dir, 'bundled.js'),
    });
    // The unbundled copy resolves node-sdk from the project.
    fs.writeFileSync(
      path.join(dir, 'plain.js'),
      `module.paths.unshift(${JSON.stringify(path.join(root, 'node_modules'))});${SCRIPT}`,
    );
    const [plain, bundled] = [run(path.join(dir, 'plain.js')), run(path.join(dir, 'bundled.js'))];

    const actions = plain.requests.map((r) =>
      r.body ? (JSON.parse(r.body) as { action?: string }).action : undefined,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'database.getDocument',
        'database.modifyDocument',
        'database.aggregateDocuments',
        'wx.api',
      ]),
    );
    expect(bundled.requests).toEqual(plain.requests);
    expect(bundled.errors).toEqual(plain.errors);
    expect(bundled.user).toEqual(plain.user);
    expect(bundled.user).toMatchObject({ openId: 'o-caller', appId: 'wx-app' });
    // Nothing left out was reached on the way.
    expect(bundled.errors.join()).not.toMatch(/left out of the function bundle/);
  }, 120_000);
});
