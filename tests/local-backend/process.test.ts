/**
 * `npm start` as a developer runs it, in its own process: bad uploads and oversized bodies get a structured answer
 * and the server stays up; SIGTERM to the process `npm start` runs stops everything, frees the port and the LOCK.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const portInUse = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

let dir: string;
let port: number;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-process-'));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), JMT_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('demo users')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`npm start exited early:\n${output}`)));
  });
}, 120_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

it('answers a non-image upload with 415 and goes on serving', async () => {
  const form = new FormData();
  form.append('file', new Blob(['#!/bin/sh'], { type: 'text/x-shellscript' }), 'run.sh');
  const res = await fetch(`${url}/files`, { method: 'POST', body: form });
  expect(res.status).toBe(415);
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: '只能上传图片' } });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect((await fetch(`${url}/`)).status).toBe(200);
}, 30_000);

it('answers a body over 100 KB with 413 and a structured error, then closes that connection', async () => {
  const payload = { description: 'x'.repeat(200 * 1024) };
  const res = await fetch(`${url}/functions/orders`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'demo-resident' },
    body: JSON.stringify({ action: 'create', payload }),
  });
  expect(res.status).toBe(413);
  expect(res.headers.get('connection')).toBe('close');
  expect(await res.json()).toMatchObject({
    ok: false,
    error: { code: 'BAD_REQUEST', message: expect.stringMatching(/100 KB/) },
  });
  expect((await fetch(`${url}/`)).status).toBe(200);
}, 30_000);

it('stops on SIGTERM to the npm start process: the port is free and the LOCK released', async () => {
  expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(true);
  child.kill('SIGTERM');
  await exited(child);
  // Nothing left serving: give a left-over child a moment to show itself.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await portInUse(port)).toBe(false);
  expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(false);
}, 30_000);
