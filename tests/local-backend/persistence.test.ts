import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Store } from '../../local-backend/db/store';
import { tempDirs } from './fixtures/temp-dirs';

const freshDir = tempDirs('jmt-store-');

const doc = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, name: `文档${id}`, ...extra });

describe('the local store keeps its data', () => {
  it('restores every commit after a clean close and reopen, dates included', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    const at = new Date('2026-11-02T01:00:00Z');
    store.commit([{ collection: 'orders', id: 'a', doc: doc('a', { at }) }]);
    store.commit([
      { collection: 'orders', id: 'b', doc: doc('b') },
      { collection: 'users', id: 'u', doc: doc('u') },
    ]);
    store.commit([{ collection: 'orders', id: 'a', doc: null }]);
    store.close();

    const reopened = Store.open(dir);
    expect(reopened.dump()).toEqual({ orders: [doc('b')], users: [doc('u')] });
    reopened.commit([{ collection: 'orders', id: 'c', doc: doc('c', { at }) }]);
    expect(reopened.get('orders', 'c')?.at).toEqual(at);
    reopened.close();
  });

  it('keeps created collections, empty ones included, through the log and through a snapshot', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    store.createCollection('empty');
    const fromLog = Store.open(dir);
    expect(fromLog.hasCollection('empty')).toBe(true);
    expect(fromLog.hasCollection('other')).toBe(false);
    fromLog.close();
    const fromSnapshot = Store.open(dir);
    expect(fromSnapshot.hasCollection('empty')).toBe(true);
    expect(() => fromSnapshot.createCollection('empty')).toThrow(/already exists/);
    fromSnapshot.close();
  });

  it('replays the log when the process never closed the store (no snapshot written)', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    store.commit([{ collection: 'orders', id: 'a', doc: doc('a') }]);
    // No close(): as if the process died. A second process may open it once the first is gone.
    fs.writeFileSync(path.join(dir, 'LOCK'), '999999999');
    const reopened = Store.open(dir);
    expect(reopened.get('orders', 'a')).toEqual(doc('a'));
    reopened.close();
    store.close();
  });

  it('drops a torn last line (a write cut off by a crash) and keeps everything before it', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    store.commit([{ collection: 'orders', id: 'a', doc: doc('a') }]);
    fs.appendFileSync(path.join(dir, 'log.jsonl'), '3f2a1b0c9d8e {"s":2,"w":[["orders","b",{"_id":"b","na');
    fs.writeFileSync(path.join(dir, 'LOCK'), '999999999');
    const reopened = Store.open(dir);
    expect(reopened.dump()).toEqual({ orders: [doc('a')] });
    reopened.commit([{ collection: 'orders', id: 'c', doc: doc('c') }]);
    reopened.close();
    expect(Store.open(dir).dump()).toEqual({ orders: [doc('a'), doc('c')] });
  });

  it('refuses to open a data directory another live process is using', () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, 'LOCK'), String(process.ppid));
    expect(() => Store.open(dir)).toThrow(/正被进程/);
  });

  it('reset drops every document and survives a reopen', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    store.commit([{ collection: 'orders', id: 'a', doc: doc('a') }]);
    store.reset();
    store.close();
    expect(Store.open(dir).dump()).toEqual({});
  });
});

/**
 * A child process commits batches as fast as it can and prints the number of each batch once `commit`
 * returned (the acknowledgement). It is killed with SIGKILL a while after its first acknowledgement; the store must open, hold
 * every acknowledged batch whole, and no batch in part.
 */
describe('kill -9 at any moment', () => {
  const writer = path.join(__dirname, 'fixtures', 'store-writer.ts');

  const runAndKill = (dir: string, afterMs: number, compactLogBytes?: number) =>
    new Promise<{ acked: number; signal: NodeJS.Signals | null }>((resolve, reject) => {
      // node itself with tsx as a loader: the tsx CLI would run the writer in a grandchild that a kill of the
      // CLI leaves running.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', writer, dir, ...(compactLogBytes ? [String(compactLogBytes)] : [])],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let acked = 0;
      let buffer = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          if (!line || line === 'ready') continue;
          // The clock starts at the first acknowledgement, not at 'ready': on a busy machine the writer may not
          // have finished a batch 5 ms after starting, and a kill before any is not the case under test.
          if (acked === 0) setTimeout(() => child.kill('SIGKILL'), afterMs);
          acked = Number(line);
        }
      });
      child.on('exit', (_code, signal) => resolve({ acked, signal }));
      child.on('error', reject);
    });

  it.each([
    [5, undefined],
    [40, undefined],
    [150, undefined],
    // Compacting every 64 KB of log or half the snapshot: the kill may come while a snapshot is being streamed.
    [40, 64 * 1024],
    [150, 64 * 1024],
    [400, 64 * 1024],
  ])(
    'killed %i ms into writing (compaction floor %s bytes): every acknowledged batch is there, whole',
    async (afterMs, compactLogBytes) => {
      const dir = freshDir();
      const { acked, signal } = await runAndKill(dir, afterMs, compactLogBytes);
      expect(signal).toBe('SIGKILL'); // the writer itself died, mid-write
      expect(acked).toBeGreaterThan(0);
      fs.writeFileSync(path.join(dir, 'LOCK'), '999999999'); // the killed writer cannot remove its lock
      const store = Store.open(dir);
      const batches = store.dump().batches ?? [];
      const items = store.dump().items ?? [];
      // Batch n wrote one 'batches' doc and three 'items' docs in one commit.
      expect(batches.length).toBeGreaterThanOrEqual(acked);
      expect(items).toHaveLength(batches.length * 3);
      for (const batch of batches) {
        expect(items.filter((item) => item.batch === batch.n)).toHaveLength(3);
      }
      store.close();
    },
    30000,
  );
});
