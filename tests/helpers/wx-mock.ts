/**
 * The WeChat globals a page needs under jest (jsdom): `getApp`, `getCurrentPages` and the `wx` APIs the
 * pages and tdesign call. Everything is recorded so tests can assert on it, and the backend-facing APIs
 * (`wx.request`, `wx.cloud.callFunction`) are pluggable:
 *
 *   const mock = installWxMock({ app: { globalData: {} } });
 *   mock.setRequestHandler(forwardRequestsTo(`http://127.0.0.1:${port}`)); // real HTTP to a local server
 *   mock.setRequestHandler(async (req) => ({ statusCode: 200, data: handle(req.data) })); // in-process
 *   mock.setCloudHandler(async (name, data) => main(data));            // wx.cloud.callFunction
 *   mock.setModalAnswer(false);                                         // next wx.showModal → cancel
 *   mock.setSubscribeAnswer('accept');                                  // wx.requestSubscribeMessage → all allowed
 *   expect(mock.navigations).toEqual([{ type: 'switchTab', url: '/pages/mine/index' }]);
 *
 * `installWxMock` merges onto an existing `wx` (miniprogram-simulate's own mock), so whatever it does not
 * define keeps simulate's behaviour. Call it in `beforeEach` (it resets the recorded state) or once per file.
 *
 * setData sizes: the page harness (simulate.ts) reports every `setData` payload here; `getLargestSetData()`
 * gives the largest (JSON byte length), for the 256 KB per-call budget.
 */
import { Buffer } from 'node:buffer';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObject = Record<string, any>;

// ---------------------------------------------------------------------------------------------------------
// Types

export interface WxRequest {
  url: string;
  method: string;
  data?: unknown;
  header: Record<string, string>;
  dataType?: string;
  responseType?: string;
  timeout?: number;
}

export interface WxResponse {
  statusCode: number;
  data: unknown;
  header?: Record<string, string>;
}

/** Answers a `wx.request`; throw (or reject) to make it `fail` like a network error. */
export type RequestHandler = (request: WxRequest) => WxResponse | Promise<WxResponse>;

/** Answers `wx.cloud.callFunction({ name, data })` with the function's return value (`res.result`). */
export type CloudHandler = (name: string, data: any) => unknown;

export type ModalAnswer =
  | boolean
  | { confirm: boolean; content?: string }
  | ((options: AnyObject) => boolean | { confirm: boolean; content?: string });

/** What the user answers in `wx.requestSubscribeMessage`: every template alike, or per template id. */
export type SubscribeAnswer = 'accept' | 'reject' | ((tmplIds: string[]) => Record<string, string>);

/** The index the user taps in `wx.showActionSheet`, or null when he cancels. */
export type ActionSheetAnswer = number | null | ((options: AnyObject) => number | null);

/**
 * WeChat APIs that touch personal information (they need the user's consent to the privacy guide first).
 * The mock defines them all, recorded in `calls`, so a test can prove a page called none of them.
 */
export const PRIVACY_APIS = [
  'authorize',
  'getUserInfo',
  'getUserProfile',
  'getLocation',
  'getFuzzyLocation',
  'chooseLocation',
  'choosePoi',
  'startLocationUpdate',
  'startLocationUpdateBackground',
  'onLocationChange',
  'chooseAddress',
  'chooseInvoiceTitle',
  'chooseInvoice',
  'chooseImage',
  'chooseMedia',
  'chooseVideo',
  'chooseMessageFile',
  'saveImageToPhotosAlbum',
  'saveVideoToPhotosAlbum',
  'getClipboardData',
  'setClipboardData',
  'startRecord',
  'getRecorderManager',
  'createCameraContext',
  'getWeRunData',
  'chooseContact',
  'addPhoneContact',
  'openBluetoothAdapter',
  'startWifi',
  'scanCode',
  'getBackgroundAudioManager',
  'shareFileMessage',
] as const;

export type NavigationType = 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack';
export interface Navigation {
  type: NavigationType;
  url?: string;
  delta?: number;
}

export interface WxMockOptions {
  /** What `getApp()` returns (default `{ globalData: {} }`). */
  app?: AnyObject;
  request?: RequestHandler;
  cloud?: CloudHandler;
  /** Default answer of `wx.showModal` (default: confirm). */
  modal?: ModalAnswer;
  /** Initial storage content. */
  storage?: Record<string, unknown>;
  /** Default answer of `wx.showActionSheet`: the tapped index, or null for cancel (default: 0). */
  actionSheet?: ActionSheetAnswer;
  /** Answer of `wx.requestSubscribeMessage` (default: reject). */
  subscribe?: SubscribeAnswer;
  /** What `getCurrentPages()` returns (default: the pages the harness loaded since this install, newest last). */
  pages?: () => unknown[];
}

export interface WxMock {
  /** The `wx` object installed on the global. */
  readonly wx: AnyObject;
  /** The object `getApp()` returns; replace with `setApp`. */
  readonly app: AnyObject;
  readonly requests: WxRequest[];
  readonly cloudCalls: Array<{ name: string; data: unknown }>;
  readonly toasts: AnyObject[];
  readonly modals: AnyObject[];
  /** Every `wx.showActionSheet` (its options: `itemList`…). */
  readonly actionSheets: AnyObject[];
  readonly navigations: Navigation[];
  readonly phoneCalls: string[];
  /** The template ids of every `wx.requestSubscribeMessage`, in order. */
  readonly subscribeAsks: string[][];
  /** The tab bar's badges now (index → text), as `wx.setTabBarBadge` / `removeTabBarBadge` left them. */
  readonly tabBarBadges: Map<number, string>;
  /** Every call of a mocked API, in order: `{ api: 'showToast', options }`. */
  readonly calls: Array<{ api: string; options: unknown }>;
  readonly storage: Map<string, unknown>;
  /** True between `wx.showLoading` and `wx.hideLoading`. */
  readonly loading: boolean;
  /** How many times `wx.stopPullDownRefresh` was called. */
  readonly pullDownRefreshStops: number;
  setApp(app: AnyObject): void;
  setRequestHandler(handler: RequestHandler): void;
  setCloudHandler(handler: CloudHandler): void;
  setModalAnswer(answer: ModalAnswer): void;
  setActionSheetAnswer(answer: ActionSheetAnswer): void;
  setSubscribeAnswer(answer: SubscribeAnswer): void;
  /** The privacy-related APIs (PRIVACY_APIS) called so far, in order. */
  privacyCalls(): string[];
  /** Clears what was recorded (not the handlers, app or storage). */
  clearRecords(): void;
}

// ---------------------------------------------------------------------------------------------------------
// setData budget records (filled by the page harness).

export interface SetDataRecord {
  /** The component that called setData: a page path (`pages/home/index`) or a tdesign component path. */
  component: string;
  /** True for the page/component the test loaded (not one of its child components). */
  isPage: boolean;
  /** JSON byte length of the payload. */
  bytes: number;
  keys: string[];
}

let setDataRecords: SetDataRecord[] = [];

export function jsonByteLength(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return 0;
  }
}

/** Called by the harness for every setData of a rendered component. */
export function recordSetData(component: string, data: unknown, isPage: boolean): void {
  const keys = data && typeof data === 'object' ? Object.keys(data as object) : [];
  setDataRecords.push({ component, isPage, bytes: jsonByteLength(data), keys });
}

/** Every recorded setData (pages and their child components). */
export function getSetDataRecords(): readonly SetDataRecord[] {
  return setDataRecords;
}

/**
 * The largest setData payload recorded so far (pages only unless `includeChildren`), or undefined.
 * Budget: WeChat warns above 256 KB per call.
 */
export function getLargestSetData(
  options: { includeChildren?: boolean; component?: string } = {},
): SetDataRecord | undefined {
  let best: SetDataRecord | undefined;
  for (const r of setDataRecords) {
    if (!options.includeChildren && !r.isPage) continue;
    if (options.component && r.component !== options.component) continue;
    if (!best || r.bytes > best.bytes) best = r;
  }
  return best;
}

export function resetSetDataRecords(): void {
  setDataRecords = [];
}

// ---------------------------------------------------------------------------------------------------------
// HTTP forwarding

function buildQuery(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(data as AnyObject)) {
    if (v === undefined) continue;
    params.append(k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  }
  return params.toString();
}

function headerValue(header: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(header).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : header[key];
}

/**
 * A handler that performs `wx.request` as a real HTTP request with node's http module. The request's origin
 * is replaced by `baseUrl` (so a page that calls `http://127.0.0.1:3000/functions/x` reaches the test server
 * at `baseUrl/functions/x`); relative urls are resolved against it. Like WeChat: GET/HEAD data becomes the
 * query string; other methods send objects as JSON (or urlencoded when the content-type says so); any HTTP
 * status is a success; a JSON response body is parsed (dataType 'json', the default), else left a string.
 */
export function forwardRequestsTo(baseUrl: string, options: { keepPathPrefix?: boolean } = {}): RequestHandler {
  const base = new URL(baseUrl);
  return (req) =>
    new Promise<WxResponse>((resolve, reject) => {
      const original = new URL(req.url, base);
      const target = new URL(base.href);
      const basePath = options.keepPathPrefix === false ? '' : base.pathname.replace(/\/$/, '');
      target.pathname = `${basePath}${original.pathname}`;
      target.search = original.search;

      const method = (req.method || 'GET').toUpperCase();
      const header: Record<string, string> = { ...req.header };
      let body: string | Buffer | undefined;
      if (method === 'GET' || method === 'HEAD') {
        const q = buildQuery(req.data);
        if (q) target.search = target.search ? `${target.search}&${q}` : `?${q}`;
      } else if (req.data !== undefined) {
        const type = headerValue(header, 'content-type') ?? 'application/json';
        if (headerValue(header, 'content-type') === undefined) header['content-type'] = type;
        if (typeof req.data === 'string') body = req.data;
        else if (req.data instanceof ArrayBuffer) body = Buffer.from(req.data);
        else if (type.includes('application/x-www-form-urlencoded')) body = buildQuery(req.data);
        else body = JSON.stringify(req.data);
      }
      if (body !== undefined) header['content-length'] = String(Buffer.byteLength(body));

      const client = target.protocol === 'https:' ? https : http;
      const outgoing = client.request(target, { method, headers: header, timeout: req.timeout ?? 60000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          let data: unknown;
          if (req.responseType === 'arraybuffer') {
            data = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
          } else {
            const text = raw.toString('utf8');
            data = text;
            if ((req.dataType ?? 'json') === 'json') {
              try {
                data = JSON.parse(text);
              } catch {
                data = text;
              }
            }
          }
          const responseHeader: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) responseHeader[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ statusCode: res.statusCode ?? 0, data, header: responseHeader });
        });
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.on('error', reject);
      if (body !== undefined) outgoing.write(body);
      outgoing.end();
    });
}

// ---------------------------------------------------------------------------------------------------------
// The mock

const SYSTEM = {
  brand: 'devtools',
  model: 'iPhone 14',
  system: 'iOS 16.0',
  platform: 'devtools',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  screenTop: 91,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  language: 'zh_CN',
  version: '8.0.50',
  SDKVersion: '3.6.0',
  theme: 'light',
  fontSizeSetting: 16,
  enableDebug: false,
  host: { env: 'WeChat' },
  benchmarkLevel: 1,
  deviceOrientation: 'portrait',
};

const pick = (keys: string[]) => () => Object.fromEntries(keys.map((k) => [k, (SYSTEM as AnyObject)[k]]));

/** Calls success/fail/complete like a WeChat async API, or returns a promise when no callback is given. */
function respond(options: AnyObject | undefined, run: () => unknown, api: string): Promise<any> | undefined {
  const opts = options ?? {};
  const hasCallbacks = ['success', 'fail', 'complete'].some((k) => typeof opts[k] === 'function');
  const promise = Promise.resolve()
    .then(run)
    .then(
      (res) => {
        const result = res && typeof res === 'object' ? { errMsg: `${api}:ok`, ...res } : { errMsg: `${api}:ok` };
        opts.success?.(result);
        opts.complete?.(result);
        return result;
      },
      (err: unknown) => {
        const result = { errMsg: `${api}:fail ${err instanceof Error ? err.message : String(err)}` };
        opts.fail?.(result);
        opts.complete?.(result);
        throw result;
      },
    );
  if (hasCallbacks) {
    promise.catch(() => undefined);
    return undefined;
  }
  return promise;
}

const notHandled: RequestHandler = (req) => {
  throw new Error(`no request handler for ${req.method} ${req.url} (use setRequestHandler)`);
};

let current: WxMock | undefined;

/** The page stack `getCurrentPages()` returns (the harness pushes each loaded page; newest last). */
const pageStack: AnyObject[] = [];

export function pushPage(instance: AnyObject): void {
  pageStack.push(instance);
}

export function removePage(instance: AnyObject): void {
  const i = pageStack.indexOf(instance);
  if (i >= 0) pageStack.splice(i, 1);
}

/** The mock installed last (throws if none). */
export function getWxMock(): WxMock {
  if (!current) throw new Error('installWxMock() has not been called');
  return current;
}

/** Installs (or re-installs, resetting state) the globals. Returns the recorder/controller. */
export function installWxMock(options: WxMockOptions = {}): WxMock {
  const g = globalThis as AnyObject;
  let app: AnyObject = options.app ?? { globalData: {} };
  let requestHandler: RequestHandler = options.request ?? notHandled;
  let cloudHandler: CloudHandler | undefined = options.cloud;
  let modalAnswer: ModalAnswer = options.modal ?? true;
  let actionSheetAnswer: ActionSheetAnswer = options.actionSheet ?? 0;
  let subscribeAnswer: SubscribeAnswer = options.subscribe ?? 'reject';
  const subscribeAsks: string[][] = [];
  const tabBarBadges = new Map<number, string>();
  const storage = new Map<string, unknown>(Object.entries(options.storage ?? {}));
  const state = { loading: false, pullDownRefreshStops: 0 };

  const requests: WxRequest[] = [];
  const cloudCalls: Array<{ name: string; data: unknown }> = [];
  const toasts: AnyObject[] = [];
  const modals: AnyObject[] = [];
  const actionSheets: AnyObject[] = [];
  const navigations: Navigation[] = [];
  const phoneCalls: string[] = [];
  const calls: Array<{ api: string; options: unknown }> = [];
  const log = (api: string, opts: unknown) => calls.push({ api, options: opts });
  const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

  const navigate =
    (type: NavigationType) =>
    (opts: AnyObject = {}) => {
      log(type, opts);
      navigations.push(type === 'navigateBack' ? { type, delta: opts.delta ?? 1 } : { type, url: opts.url });
      return respond(opts, () => ({}), type);
    };

  const api: AnyObject = {
    /** A real GET of the url (a temporary link of the test server's storage), saved to a temporary file. */
    downloadFile(opts: AnyObject = {}) {
      log('downloadFile', opts);
      return respond(
        opts,
        () =>
          new Promise((resolve, reject) => {
            const target = new URL(String(opts.url));
            (target.protocol === 'https:' ? https : http)
              .get(target, (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('error', reject);
                res.on('end', () => {
                  const tempFilePath = path.join(os.tmpdir(), `wx-download-${process.pid}-${calls.length}`);
                  fs.writeFileSync(tempFilePath, Buffer.concat(chunks));
                  resolve({ tempFilePath, statusCode: res.statusCode ?? 0 });
                });
              })
              .on('error', reject);
          }),
        'downloadFile',
      );
    },
    /** Recorded in `calls`: what the page opened (filePath, fileType, showMenu). */
    openDocument(opts: AnyObject = {}) {
      log('openDocument', opts);
      return respond(opts, () => ({}), 'openDocument');
    },
    request(opts: AnyObject) {
      log('request', opts);
      const req: WxRequest = {
        url: String(opts.url),
        method: String(opts.method ?? 'GET').toUpperCase(),
        data: opts.data,
        header: { ...(opts.header ?? {}) },
        dataType: opts.dataType,
        responseType: opts.responseType,
        timeout: opts.timeout,
      };
      requests.push(req);
      let aborted = false;
      Promise.resolve()
        .then(() => requestHandler(req))
        .then(
          (res) => {
            if (aborted) return;
            const result = {
              data: res.data,
              statusCode: res.statusCode,
              header: res.header ?? {},
              cookies: [],
              errMsg: 'request:ok',
            };
            opts.success?.(result);
            opts.complete?.(result);
          },
          (err: unknown) => {
            const result = {
              errMsg: `request:fail ${aborted ? 'abort' : err instanceof Error ? err.message : String(err)}`,
              errno: 600001,
            };
            opts.fail?.(result);
            opts.complete?.(result);
          },
        );
      return {
        abort() {
          aborted = true;
        },
        onHeadersReceived() {},
        offHeadersReceived() {},
        onChunkReceived() {},
        offChunkReceived() {},
      };
    },
    cloud: {
      init(opts?: unknown) {
        log('cloud.init', opts);
      },
      callFunction(opts: AnyObject) {
        log('cloud.callFunction', opts);
        cloudCalls.push({ name: opts.name, data: opts.data });
        return respond(
          opts,
          async () => {
            if (!cloudHandler) throw new Error(`no cloud handler for ${opts.name} (use setCloudHandler)`);
            return { result: await cloudHandler(opts.name, clone(opts.data)), requestID: `req-${cloudCalls.length}` };
          },
          'cloud.callFunction',
        );
      },
    },
    showToast(opts: AnyObject = {}) {
      log('showToast', opts);
      toasts.push(opts);
      return respond(opts, () => ({}), 'showToast');
    },
    hideToast(opts?: AnyObject) {
      log('hideToast', opts);
      return respond(opts, () => ({}), 'hideToast');
    },
    showModal(opts: AnyObject = {}) {
      log('showModal', opts);
      modals.push(opts);
      return respond(
        opts,
        () => {
          const a = typeof modalAnswer === 'function' ? modalAnswer(opts) : modalAnswer;
          const { confirm, content } = typeof a === 'boolean' ? { confirm: a, content: undefined } : a;
          return { confirm, cancel: !confirm, ...(content !== undefined ? { content } : {}) };
        },
        'showModal',
      );
    },
    showActionSheet(opts: AnyObject = {}) {
      log('showActionSheet', opts);
      actionSheets.push(opts);
      return respond(
        opts,
        () => {
          const index = typeof actionSheetAnswer === 'function' ? actionSheetAnswer(opts) : actionSheetAnswer;
          if (index === null) throw new Error('cancel');
          return { tapIndex: index };
        },
        'showActionSheet',
      );
    },
    getPrivacySetting(opts: AnyObject = {}) {
      log('getPrivacySetting', opts);
      return respond(
        opts,
        () => ({ needAuthorization: false, privacyContractName: '《居民通隐私保护指引》' }),
        'getPrivacySetting',
      );
    },
    openPrivacyContract(opts: AnyObject = {}) {
      log('openPrivacyContract', opts);
      return respond(opts, () => ({}), 'openPrivacyContract');
    },
    showLoading(opts: AnyObject = {}) {
      log('showLoading', opts);
      state.loading = true;
      return respond(opts, () => ({}), 'showLoading');
    },
    hideLoading(opts?: AnyObject) {
      log('hideLoading', opts);
      state.loading = false;
      return respond(opts, () => ({}), 'hideLoading');
    },
    /** Recorded in `calls` (a test can check that a page went back to the top). */
    pageScrollTo(opts?: AnyObject) {
      log('pageScrollTo', opts);
      return respond(opts, () => ({}), 'pageScrollTo');
    },
    stopPullDownRefresh(opts?: AnyObject) {
      log('stopPullDownRefresh', opts);
      state.pullDownRefreshStops++;
      return respond(opts, () => ({}), 'stopPullDownRefresh');
    },
    startPullDownRefresh(opts?: AnyObject) {
      log('startPullDownRefresh', opts);
      return respond(opts, () => ({}), 'startPullDownRefresh');
    },
    requestSubscribeMessage(opts: AnyObject = {}) {
      log('requestSubscribeMessage', opts);
      const tmplIds = [...((opts.tmplIds ?? []) as string[])];
      subscribeAsks.push(tmplIds);
      return respond(
        opts,
        () =>
          typeof subscribeAnswer === 'function'
            ? subscribeAnswer(tmplIds)
            : Object.fromEntries(tmplIds.map((id) => [id, subscribeAnswer])),
        'requestSubscribeMessage',
      );
    },
    setTabBarBadge(opts: AnyObject = {}) {
      log('setTabBarBadge', opts);
      tabBarBadges.set(Number(opts.index), String(opts.text));
      return respond(opts, () => ({}), 'setTabBarBadge');
    },
    removeTabBarBadge(opts: AnyObject = {}) {
      log('removeTabBarBadge', opts);
      tabBarBadges.delete(Number(opts.index));
      return respond(opts, () => ({}), 'removeTabBarBadge');
    },
    makePhoneCall(opts: AnyObject = {}) {
      log('makePhoneCall', opts);
      phoneCalls.push(String(opts.phoneNumber));
      return respond(opts, () => ({}), 'makePhoneCall');
    },
    setNavigationBarTitle(opts: AnyObject = {}) {
      log('setNavigationBarTitle', opts);
      return respond(opts, () => ({}), 'setNavigationBarTitle');
    },
    getStorageSync(key: string) {
      return storage.has(key) ? clone(storage.get(key)) : '';
    },
    setStorageSync(key: string, value: unknown) {
      storage.set(key, clone(value));
    },
    removeStorageSync(key: string) {
      storage.delete(key);
    },
    clearStorageSync() {
      storage.clear();
    },
    getStorageInfoSync() {
      return { keys: [...storage.keys()], currentSize: 0, limitSize: 10240 };
    },
    getStorage(opts: AnyObject) {
      return respond(
        opts,
        () => {
          if (!storage.has(opts.key)) throw new Error('data not found');
          return { data: clone(storage.get(opts.key)) };
        },
        'getStorage',
      );
    },
    setStorage(opts: AnyObject) {
      return respond(opts, () => void storage.set(opts.key, clone(opts.data)), 'setStorage');
    },
    removeStorage(opts: AnyObject) {
      return respond(opts, () => void storage.delete(opts.key), 'removeStorage');
    },
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    switchTab: navigate('switchTab'),
    reLaunch: navigate('reLaunch'),
    navigateBack: navigate('navigateBack'),
    getSystemInfoSync: () => ({ ...SYSTEM }),
    getWindowInfo: pick([
      'pixelRatio',
      'screenWidth',
      'screenHeight',
      'windowWidth',
      'windowHeight',
      'statusBarHeight',
      'safeArea',
      'screenTop',
    ]),
    getDeviceInfo: pick(['brand', 'model', 'system', 'platform', 'benchmarkLevel', 'pixelRatio']),
    getAppBaseInfo: pick(['SDKVersion', 'enableDebug', 'host', 'language', 'version', 'theme', 'fontSizeSetting']),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 51, right: 380, bottom: 83, left: 293 }),
    canIUse: () => true,
    ...Object.fromEntries(
      PRIVACY_APIS.map((name) => [
        name,
        (opts?: AnyObject) => {
          log(name, opts);
          return respond(opts, () => ({}), name);
        },
      ]),
    ),
    nextTick(fn: () => void) {
      setTimeout(fn, 0);
    },
  };
  // Only provide a selector query if nothing (miniprogram-simulate) did: tdesign uses the component's own.
  if (typeof g.wx?.createSelectorQuery !== 'function') {
    api.createSelectorQuery = () => {
      const query: AnyObject = {
        in: () => query,
        select: () => nodes,
        selectAll: () => nodes,
        selectViewport: () => nodes,
        exec: (cb?: (res: unknown[]) => void) => setTimeout(() => cb?.(results), 0),
      };
      const results: unknown[] = [];
      const nodes: AnyObject = {
        boundingClientRect: (cb?: (r: unknown) => void) => (
          results.push(null),
          cb && setTimeout(() => cb(null), 0),
          query
        ),
        scrollOffset: (cb?: (r: unknown) => void) => (results.push(null), cb && setTimeout(() => cb(null), 0), query),
        fields: (_f: unknown, cb?: (r: unknown) => void) => (
          results.push(null),
          cb && setTimeout(() => cb(null), 0),
          query
        ),
        node: (cb?: (r: unknown) => void) => (results.push(null), cb && setTimeout(() => cb(null), 0), query),
      };
      return query;
    };
  }

  const wx: AnyObject = typeof g.wx === 'object' && g.wx ? g.wx : {};
  Object.assign(wx, api);
  g.wx = wx;
  g.getApp = () => app;
  pageStack.length = 0;
  g.getCurrentPages = options.pages ?? (() => pageStack.slice());

  const mock: WxMock = {
    get wx() {
      return (globalThis as AnyObject).wx as AnyObject;
    },
    get app() {
      return app;
    },
    requests,
    cloudCalls,
    toasts,
    modals,
    actionSheets,
    navigations,
    phoneCalls,
    subscribeAsks,
    tabBarBadges,
    calls,
    storage,
    get loading() {
      return state.loading;
    },
    get pullDownRefreshStops() {
      return state.pullDownRefreshStops;
    },
    setApp(next) {
      app = next;
    },
    setRequestHandler(handler) {
      requestHandler = handler;
    },
    setCloudHandler(handler) {
      cloudHandler = handler;
    },
    setModalAnswer(answer) {
      modalAnswer = answer;
    },
    setActionSheetAnswer(answer) {
      actionSheetAnswer = answer;
    },
    setSubscribeAnswer(answer) {
      subscribeAnswer = answer;
    },
    privacyCalls() {
      const names = new Set<string>(PRIVACY_APIS);
      return calls.filter((c) => names.has(c.api)).map((c) => c.api);
    },
    clearRecords() {
      for (const list of [
        requests,
        cloudCalls,
        toasts,
        modals,
        actionSheets,
        navigations,
        phoneCalls,
        subscribeAsks,
        calls,
      ] as unknown[][])
        list.length = 0;
      state.pullDownRefreshStops = 0;
      resetSetDataRecords();
    },
  };
  current = mock;
  return mock;
}
