import fs from 'node:fs';
import path from 'node:path';
import { Store } from '../../local-backend/db/store';
import { tempDirs } from './fixtures/temp-dirs';

const freshDir = tempDirs('jmt-compact-');

const logSize = (dir: string) => fs.statSync(path.join(dir, 'log.jsonl')).size;

describe('the local store compacts its log', () => {
  it('keeps the log bounded however many commits come, and loses none of them', () => {
    const dir = freshDir();
    const limit = 16 * 1024;
    const store = Store.open(dir, { compactLogBytes: limit });
    let largest = 0;
    // Many small commits rewriting a few documents: the data stays small, the history grows without end.
    for (let i = 0; i < 3000; i++) {
      store.commit([{ collection: 'counters', id: `c${i % 7}`, doc: { _id: `c${i % 7}`, value: i, note: '计数器' } }]);
      largest = Math.max(largest, logSize(dir));
    }
    // One commit line past the limit at most, then folded into the snapshot.
    expect(largest).toBeLessThan(limit + 1024);
    expect(fs.existsSync(path.join(dir, 'snapshot.jsonl'))).toBe(true);
    const expected = store.dump();

    // The commit that set off a compaction survives a kill right after it.
    let before = logSize(dir);
    for (let i = 0; ; i++) {
      store.commit([{ collection: 'counters', id: `k${i}`, doc: { _id: `k${i}`, value: i } }]);
      if (logSize(dir) < before) break;
      before = logSize(dir);
    }
    const atCompaction = store.dump();
    expect(Store.open(dir, { compactLogBytes: limit }).dump()).toEqual(atCompaction);

    // A process killed now (no close) reopens from snapshot + log with every commit.
    const reopened = Store.open(dir, { compactLogBytes: limit });
    expect(reopened.dump()).toEqual(atCompaction);
    expect(atCompaction.counters.length).toBeGreaterThan(expected.counters.length);
    expect(reopened.get('counters', 'c2')).toMatchObject({ value: 2999 - ((2999 - 2) % 7) });
    reopened.close();
  });

  it('lets the log grow with the snapshot, so filling a store rewrites it a bounded number of times', () => {
    const dir = freshDir();
    const floor = 8 * 1024;
    const store = Store.open(dir, { compactLogBytes: floor, compactLogFraction: 0.5 });
    const snapshotFile = path.join(dir, 'snapshot.jsonl');
    let rewritten = 0;
    let lastSize = 0;
    const payload = '门锁坏了需要维修'.repeat(20);
    for (let i = 0; i < 2000; i++) {
      store.commit([{ collection: 'orders', id: `o${i}`, doc: { _id: `o${i}`, n: i, payload } }]);
      const size = fs.existsSync(snapshotFile) ? fs.statSync(snapshotFile).size : 0;
      if (size !== lastSize) rewritten += size;
      lastSize = size;
      // Never longer than the floor or half the snapshot, plus the one commit that set off the compaction.
      expect(logSize(dir)).toBeLessThan(Math.max(floor, lastSize / 2) + 1024);
    }
    // Each snapshot is about 1.5× the one before, so all of them together are about 3× the last; a fixed limit
    // rewrote the snapshot every 8 KB here (133 times, 67× the final size).
    expect(rewritten).toBeLessThan(4 * lastSize);
    expect(Store.open(dir).count('orders')).toBe(2000); // as after a kill: snapshot and log hold every commit
  });

  it('reopens a long log of small commits quickly (the replay is linear in the log)', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    for (let i = 0; i < 20000; i++) store.commit([{ collection: 'orders', id: `o${i}`, doc: { _id: `o${i}`, n: i } }]);
    const start = Date.now();
    const reopened = Store.open(dir); // the first store was never closed: as after a kill
    const took = Date.now() - start;
    expect(reopened.count('orders')).toBe(20000);
    // Quadratic replay took tens of seconds here; linear takes well under a second even on a busy machine.
    expect(took).toBeLessThan(5000);
    reopened.close();
  });
});
