/**
 * A fresh, seeded local backend for page tests, in a child process (plain node: the store's query engine,
 * mingo, resolves its browser build under jest's jsdom environment, and the backend should run as it does
 * under `npm start` anyway).
 *
 *   let backend: PageBackend;
 *   beforeAll(async () => (backend = await startPageBackend()));
 *   afterAll(() => backend.close());
 *
 *   wxMock.setRequestHandler(forwardRequestsTo(backend.url));   // the page's wx.request → real HTTP
 *   await backend.call('demo-resident', 'people', 'applyPartyMember', {...}); // arrange through the functions
 *   const user = await backend.doc('users', 'demo-newcomer');                 // assert on what is stored
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../../miniprogram/shared/api';
import type { Result } from '../../miniprogram/shared/result';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObject = Record<string, any>;

const SERVER_SCRIPT = path.join(__dirname, 'page-backend-server.ts');
const REPO_ROOT = path.resolve(__dirname, '../..');

/** A stored document as the control server returns it (dates as ISO strings). */
export type StoredDoc = AnyObject & { _id: string };

export interface PageBackend {
  /** The backend's base URL: pass it to `forwardRequestsTo`. */
  url: string;
  /** Calls an action over HTTP as the given OPENID (to arrange a scene, or to check as another user). */
  call<F extends FunctionName, A extends ActionName<F>>(
    openid: string,
    fn: F,
    action: A,
    payload: ActionInput<F, A>,
  ): Promise<Result<ActionOutput<F, A>>>;
  /** Every stored document of a collection, sorted by _id. */
  docs(collection: string): Promise<StoredDoc[]>;
  /** One stored document, or undefined. */
  doc(collection: string, id: string): Promise<StoredDoc | undefined>;
  /** Waits for WeChat's verdicts on the photos sent so far (until then others do not see them). */
  photosReviewed(): Promise<void>;
  /** Runs one timer of a function now (what CloudBase's trigger would do within the minute). */
  runTimer(fn: string, timer: string): Promise<Result<unknown>>;
  close(): Promise<void>;
}

function httpJson(url: string, options: { method?: string; headers?: AnyObject; body?: string } = {}): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`not JSON from ${url}: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/**
 * Starts the backend child process and waits for its address (fails after `timeoutMs`). `activity`: seeded with
 * `npm start`'s sample activity too (local-backend/seed/activity.ts), not only the demo places and users.
 */
export function startPageBackend(timeoutMs = 30_000, { activity = false } = {}): Promise<PageBackend> {
  const args = ['--import', 'tsx', SERVER_SCRIPT, ...(activity ? ['--activity'] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (stderr += c));

  const ready = new Promise<{ url: string; control: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`page backend did not start within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (c: string) => {
      out += c;
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as { url: string; control: string });
        } catch {
          reject(new Error(`page backend printed ${line}\n${stderr}`));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`page backend exited (${code})\n${stderr}`));
    });
  });

  return ready.then(({ url, control }) => {
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    const docs = (collection: string) => httpJson(`${control}/docs/${collection}`) as Promise<StoredDoc[]>;
    return {
      url,
      call: (openid, fn, action, payload) => {
        const body = JSON.stringify({ action, payload });
        return httpJson(`${url}/functions/${fn}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-wx-openid': openid,
          },
          body,
        });
      },
      docs,
      doc: async (collection, id) => (await docs(collection)).find((d) => d._id === id),
      photosReviewed: async () => {
        await httpJson(`${control}/wechat/settle`, { method: 'POST' });
      },
      runTimer: (fn, timer) => httpJson(`${control}/timers/${fn}/${timer}`, { method: 'POST' }),
      close: async () => {
        child.stdin!.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      },
    };
  });
}

/** Unwraps a successful result, failing the test with the error otherwise. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}
