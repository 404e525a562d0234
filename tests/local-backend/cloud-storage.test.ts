/**
 * Cloud storage as the local backend emulates it behind node-sdk's request layer: the sdk's own `uploadFile`
 * (upload metadata, then a PUT), `getTempFileURL` (signed links that expire after maxAge, one day at most, as
 * CloudBase documents) and `deleteFile`, unchanged.
 */
import tcb from '@cloudbase/node-sdk';
import { startLocalBackend } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';
import { CloudStorageEmulator, MAX_LINK_SECONDS, useLocalStorage } from '../../local-backend/storage';

let now = new Date('2026-11-02T01:00:00Z');
const app = tcb.init({ env: 'local-test' });

describe('the local cloud storage, through the sdk', () => {
  let storage: CloudStorageEmulator;
  let undo: () => void;
  beforeEach(() => {
    now = new Date('2026-11-02T01:00:00Z');
    storage = new CloudStorageEmulator({ photoBaseUrl: () => 'http://127.0.0.1:9', now: () => now });
    undo = useLocalStorage(storage);
  });
  afterEach(() => {
    undo();
    storage.close();
  });

  const link = async (fileID: string, maxAge?: number) => {
    const res = await app.getTempFileURL({ fileList: [maxAge ? { fileID, maxAge } : fileID] });
    return res.fileList[0];
  };

  it('stores what uploadFile sends and serves it at a link that expires after maxAge', async () => {
    const { fileID } = await app.uploadFile({
      cloudPath: 'exports/u1/a.csv',
      fileContent: Buffer.from('\uFEFF编号\r\n'),
    });
    expect(fileID).toBe('local://exports/u1/a.csv');
    const { code, tempFileURL } = await link(fileID, 60);
    expect(code).toBe('SUCCESS');
    const res = await fetch(tempFileURL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe('\uFEFF编号\r\n');

    now = new Date(now.getTime() + 61_000);
    const expired = await fetch(tempFileURL);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('gives a link of one day at most, refuses a forged signature, and answers STORAGE_FILE_NONEXIST for no file', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'exports/u1/b.xlsx', fileContent: Buffer.from('x') });
    const { tempFileURL } = await link(fileID, 7 * MAX_LINK_SECONDS);
    const t = Number(new URL(tempFileURL).searchParams.get('t'));
    expect(t).toBe(now.getTime() / 1000 + MAX_LINK_SECONDS);
    expect((await fetch(tempFileURL.replace(/sign=\w/, 'sign=0'))).status).toBe(403);
    expect((await fetch(tempFileURL.replace('b.xlsx', 'c.xlsx'))).status).toBe(403);
    expect((await link('local://exports/u1/none.csv')).code).toBe('STORAGE_FILE_NONEXIST');
  });

  it('an upload URL works once; deleteFile removes the file', async () => {
    const meta = (await app.getUploadMetadata({ cloudPath: 'exports/u1/once.csv' })) as { data: { url: string } };
    expect((await fetch(meta.data.url, { method: 'PUT', body: 'a' })).status).toBe(200);
    expect((await fetch(meta.data.url, { method: 'PUT', body: 'b' })).status).toBe(403);
    const deleted = await app.deleteFile({ fileList: ['local://exports/u1/once.csv'] });
    expect(deleted.fileList[0].code).toBe('SUCCESS');
    expect((await link('local://exports/u1/once.csv')).code).toBe('STORAGE_FILE_NONEXIST');
  });

  it('refuses a cloud path that climbs out of the storage', async () => {
    await expect(app.uploadFile({ cloudPath: '../etc/x.csv', fileContent: Buffer.from('x') })).rejects.toBeDefined();
  });
});

describe('the local server serves what the sdk stored', () => {
  it('at its own address, under /storage/', async () => {
    const store = Store.memory();
    const backend = await startLocalBackend({ store, timers: false });
    try {
      const { fileID } = await app.uploadFile({ cloudPath: 'exports/u2/a.csv', fileContent: Buffer.from('ok') });
      const { tempFileURL } = (await app.getTempFileURL({ fileList: [fileID] })).fileList[0];
      expect(tempFileURL.startsWith(`${backend.url}/storage/`)).toBe(true);
      expect(await (await fetch(tempFileURL)).text()).toBe('ok');
    } finally {
      await backend.close();
      store.close();
    }
  });
});
