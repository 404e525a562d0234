import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import { Store } from '../../local-backend/db/store';
import { tempDirs } from './fixtures/temp-dirs';

const freshDir = tempDirs('jmt-snapshot-');

const at = new Date('2026-11-02T01:00:00Z');
const order = (id: string) => ({ _id: id, status: 'submitted', description: '门锁坏了', createdAt: at });
const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
/** A line of the log as the store writes one: checksum, space, body. */
const checksum = (body: string) => createHash('sha1').update(body).digest('hex').slice(0, 12);

describe('the snapshot, one line per document', () => {
  it('is a header and a line for each document, and opens again with every document and date', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    store.createCollection('orders');
    store.createCollection('empty');
    store.commit(['a', 'b', 'c'].map((id) => ({ collection: 'orders', id, doc: order(id) })));
    store.close();

    const [header, ...docs] = lines(path.join(dir, 'snapshot.jsonl'));
    expect(JSON.parse(header)).toMatchObject({ v: 2, docs: 3, created: ['orders', 'empty'] });
    expect(docs.map((line) => EJSON.parse(line, { relaxed: true }))).toEqual(
      ['a', 'b', 'c'].map((id) => ['orders', order(id)]),
    );
    const reopened = Store.open(dir);
    expect(reopened.dump()).toEqual({ orders: ['a', 'b', 'c'].map(order) });
    expect(reopened.get('orders', 'a')?.createdAt).toEqual(at);
    expect(reopened.hasCollection('empty')).toBe(true);
    reopened.close();
  });

  it('refuses a snapshot that lost lines instead of opening it as if complete', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    store.commit(['a', 'b', 'c'].map((id) => ({ collection: 'orders', id, doc: order(id) })));
    store.close();
    const file = path.join(dir, 'snapshot.jsonl');
    fs.writeFileSync(file, `${lines(file).slice(0, 3).join('\n')}\n`);
    expect(() => Store.open(dir)).toThrow(/holds 2 of 3 documents/);
  });

  it('ignores a temp snapshot left by a crash mid-compaction', () => {
    const dir = freshDir();
    const store = Store.open(dir);
    store.commit([{ collection: 'orders', id: 'a', doc: order('a') }]);
    store.close();
    fs.writeFileSync(path.join(dir, 'snapshot.jsonl.tmp'), '{"v":2,"seq":9,"created":[],"docs":5}\n["orders",{"_i');
    const reopened = Store.open(dir);
    expect(reopened.dump()).toEqual({ orders: [order('a')] });
    reopened.close();
  });
});

describe('a data directory written before the line format', () => {
  /** snapshot.json as earlier stores wrote it: one EJSON text, then a log of later commits. */
  const oldDirectory = (created?: string[]) => {
    const dir = freshDir();
    const snapshot = { seq: 2, collections: { orders: [order('a'), order('b')], users: [] }, created };
    fs.writeFileSync(path.join(dir, 'snapshot.json'), EJSON.stringify(snapshot, { relaxed: true }));
    const body = EJSON.stringify({ s: 3, w: [['orders', 'c', order('c')]] }, { relaxed: true });
    fs.writeFileSync(path.join(dir, 'log.jsonl'), `${checksum(body)} ${body}\n`);
    return dir;
  };

  it('opens with the old snapshot and the log after it, and is rewritten in the new format', () => {
    const dir = oldDirectory(['orders', 'users']);
    const store = Store.open(dir);
    expect(store.dump()).toEqual({ orders: ['a', 'b', 'c'].map(order) });
    expect(store.get('orders', 'a')?.createdAt).toEqual(at);
    expect(store.hasCollection('users')).toBe(true);
    store.close();

    expect(fs.existsSync(path.join(dir, 'snapshot.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'snapshot.jsonl'))).toBe(true);
    const reopened = Store.open(dir);
    expect(reopened.dump()).toEqual({ orders: ['a', 'b', 'c'].map(order) });
    expect(reopened.hasCollection('users')).toBe(true);
    reopened.close();
  });

  it('takes every collection of an old snapshot without a created list as created', () => {
    const store = Store.open(oldDirectory());
    expect(store.hasCollection('users')).toBe(true);
    store.close();
  });

  it('prefers the new snapshot when a crash left both (the old one is removed only after the rename)', () => {
    const dir = oldDirectory(['orders', 'users']);
    const store = Store.open(dir);
    store.commit([{ collection: 'orders', id: 'a', doc: null }]);
    store.compact();
    // As if killed between renaming the new snapshot and removing the old one.
    fs.writeFileSync(
      path.join(dir, 'snapshot.json'),
      EJSON.stringify({ seq: 1, collections: { orders: [order('x')] } }),
    );
    fs.writeFileSync(path.join(dir, 'LOCK'), '999999999');
    const reopened = Store.open(dir);
    expect(reopened.dump()).toEqual({ orders: ['b', 'c'].map(order) });
    reopened.close();
    store.close();
  });
});
