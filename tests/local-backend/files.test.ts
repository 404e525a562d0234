import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalBackend, type LocalBackend } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';

let backend: LocalBackend;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-files-'));
  backend = await startLocalBackend({ store: Store.memory(), filesDir: dir, timers: false });
});
afterAll(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The bytes of a 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const upload = (bytes: Buffer, type: string) => {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), 'photo');
  return fetch(`${backend.url}/files`, { method: 'POST', body: form, headers: { 'x-wx-openid': 'demo-resident' } });
};

describe('local file storage (the stand-in for cloud storage)', () => {
  it('stores an uploaded photo and serves it back at its id', async () => {
    const res = await upload(PNG, 'image/png');
    const body = (await res.json()) as { ok: boolean; data: { fileID: string } };
    expect(body.ok).toBe(true);
    expect(body.data.fileID).toMatch(/^local:\/\/photos\/demo-resident\/[0-9a-f]{24}\.png$/);

    const served = await fetch(`${backend.url}/files/${body.data.fileID.slice('local://'.length)}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
  });

  it('refuses what is not an image with 415, stores nothing, and goes on serving', async () => {
    const res = await upload(Buffer.from('#!/bin/sh'), 'text/x-shellscript');
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: '只能上传图片' } });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.sh') || f.endsWith('.part'))).toEqual([]);
    expect((await fetch(`${backend.url}/`)).status).toBe(200);
  });

  it('answers a request that is not multipart with 400', async () => {
    const res = await fetch(`${backend.url}/files`, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers 404 for unknown ids and for path tricks', async () => {
    for (const id of ['0123456789abcdef01234567.png', '..%2F..%2Fetc%2Fpasswd', '../package.json']) {
      expect((await fetch(`${backend.url}/files/${id}`)).status).toBe(404);
    }
  });
});
