/**
 * Proves the page-test harness (tests/helpers/simulate.ts + wx-mock.ts) with a fixture page that lives
 * outside miniprogram/ (tests/pages/fixtures/greeter) and uses real tdesign t-cell, t-input and t-button.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import {
  jsSpecifiers,
  listUsedTdesignComponents,
  scanSource,
  type SourceScan,
  resolveTdesignClosure,
  tdesignDistDir,
  tdesignSubpath,
  wxmlSources,
  wxssImports,
} from '../../scripts/build-miniprogram-npm';
import { MINIPROGRAM_ROOT, loadPage, openPage } from '../helpers/simulate';
import {
  forwardRequestsTo,
  getLargestSetData,
  getSetDataRecords,
  installWxMock,
  type WxMock,
} from '../helpers/wx-mock';

const GREETER = path.join(__dirname, 'fixtures', 'greeter', 'index');

// A tiny backend: POST /functions/hello answers a Result; GET /echo echoes the query; /text is not JSON.
interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let server: http.Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('x-test', 'yes');
      if (url.pathname === '/functions/hello' && req.method === 'POST') {
        const { name } = JSON.parse(body || '{}') as { name?: string };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, data: { text: `服务器向${name || '匿名'}问好` } }));
      } else if (url.pathname === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ query: Object.fromEntries(url.searchParams) }));
      } else if (url.pathname === '/text') {
        res.end('plain text');
      } else {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: false }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ app: { globalData: { who: 'test' } } });
  wxMock.clearRecords();
});

describe('loadPage with a fixture outside miniprogram/', () => {
  it('renders real tdesign components (their inner markup, not just the tags)', () => {
    const page = loadPage(GREETER);
    const html = page.html();
    // t-button renders a native <button> with tdesign's classes and the slot content inside
    expect(html).toMatch(
      /<wx-button[^>]*class="[^"]*t-button--primary[^"]*"[^>]*><wx-view class="[^"]*t-button__content[^"]*">问好<\/wx-view><\/wx-button>/,
    );
    // t-cell renders its title/note structure and the arrow icon (a nested tdesign component)
    expect(html).toContain('t-cell__title-text');
    expect(html).toContain('t-icon-chevron-right');
    // t-input renders a native input inside its own wrapper
    expect(page.query('.name >>> .t-input__control')).toBeDefined();
    expect(page.text()).toContain('还没有问好');
    expect(page.text()).toContain('未知来源');
  });

  it('calls onLoad(query) and shows what it set', async () => {
    const page = await openPage(GREETER, { from: '扫码进入', tab: 'b' });
    expect(page.data.from).toBe('扫码进入');
    expect(page.data.tab).toBe('b'); // a declared property is set from the query too
    expect(page.text(page.get('.who'))).toContain('扫码进入');
    const stack = getCurrentPages();
    expect(stack[stack.length - 1]).toBe(page.instance);
    expect(page.instance.route).toBe('tests/pages/fixtures/greeter/index');
  });

  it('typing in t-input updates the data, tapping t-button changes the text', async () => {
    const page = loadPage(GREETER);
    await page.tap('.greet');
    expect(page.text('.greeting')).toBe('请先输入姓名');

    await page.input('.name', '张三');
    expect(page.data.name).toBe('张三');

    await page.tap('.greet');
    expect(page.text('.greeting')).toBe('你好，张三！');
    expect(page.text()).toContain('你好，张三！');
  });

  it('taps go through tdesign: a disabled t-button does not fire, a t-cell fires click', async () => {
    const page = loadPage(GREETER);
    await page.tap('.disabled');
    expect(page.text('.greeting')).toBe('还没有问好');

    expect(page.query('.detail')).toBeUndefined();
    await page.tap('.who');
    expect(page.text()).toContain('详情已展开');
    await page.tap('.who');
    expect(page.text()).not.toContain('详情已展开');
  });

  it('loads the same page again in the same test file (simulate’s require.cache gotcha)', () => {
    const first = loadPage(GREETER);
    const second = loadPage(GREETER);
    expect(second.component).toBeDefined();
    expect(second.instance).not.toBe(first.instance);
    expect(second.text()).toContain('问好');
  });

  it('forwards the page’s wx.request to a real HTTP server', async () => {
    wxMock.setRequestHandler(forwardRequestsTo(baseUrl));
    const page = loadPage(GREETER);
    await page.input('.name', '李四');
    await page.tap('.fetch');
    await page.waitForText('服务器向李四问好（200）');

    const hello = seen.filter((s) => s.url === '/functions/hello').pop()!;
    expect(hello.method).toBe('POST');
    expect(JSON.parse(hello.body)).toEqual({ name: '李四' });
    expect(hello.headers['x-wx-openid']).toBe('fixture-user');
    expect(wxMock.requests.map((r) => r.url)).toEqual(['http://127.0.0.1:3000/functions/hello']);
  });

  it('routes wx.request to an in-process handler', async () => {
    wxMock.setRequestHandler((req) => ({
      statusCode: 200,
      data: { ok: true, data: { text: `本地${(req.data as { name: string }).name}` } },
    }));
    const page = loadPage(GREETER);
    await page.input('.name', '王五');
    await page.tap('.fetch');
    await page.waitForText('本地王五（200）');
  });

  it('reports a failing network as fail', async () => {
    wxMock.setRequestHandler(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const page = loadPage(GREETER);
    await page.tap('.fetch');
    await page.waitForText('网络错误：request:fail connect ECONNREFUSED');
  });

  it('records setData payload sizes', async () => {
    const page = loadPage(GREETER);
    await page.input('.name', '赵六');
    await page.tap('.greet');
    const largest = getLargestSetData();
    expect(largest).toMatchObject({ component: 'tests/pages/fixtures/greeter/index', isPage: true });
    expect(largest!.bytes).toBe(Buffer.byteLength(JSON.stringify({ greeting: '你好，赵六！' })));
    expect(
      getSetDataRecords().some((r) => !r.isPage && r.component.startsWith('miniprogram_npm/tdesign-miniprogram/')),
    ).toBe(true);
  });
});

describe('loadPage with the app’s own pages', () => {
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as { pages: string[] };

  it.each(app.pages)('renders %s with its tdesign components', (pagePath) => {
    const page = loadPage(pagePath);
    expect(page.component.dom).toBeDefined();
    expect(page.html().length).toBeGreaterThan(0);
  });
});

describe('wx mock', () => {
  it('performs real HTTP requests: GET data as query, JSON parsed, any status is success', async () => {
    wxMock.setRequestHandler(forwardRequestsTo(baseUrl));
    const call = (opts: Partial<WechatMiniprogram.RequestOption>) =>
      new Promise<WechatMiniprogram.RequestSuccessCallbackResult>((resolve, reject) =>
        wx.request({ url: '', ...opts, success: resolve, fail: reject }),
      );
    const echo = await call({ url: '/echo', data: { a: 1, b: 'x' } });
    expect(echo.statusCode).toBe(200);
    expect(echo.data).toEqual({ query: { a: '1', b: 'x' } });
    expect(echo.header['x-test']).toBe('yes');

    const text = await call({ url: 'https://example.invalid/text' }); // origin replaced by the base URL
    expect(text.data).toBe('plain text');

    const missing = await call({ url: '/nope', method: 'POST', data: { x: 1 } });
    expect(missing.statusCode).toBe(500);
    expect(missing.data).toEqual({ ok: false });
  });

  it('fails like WeChat when the server is unreachable', async () => {
    wxMock.setRequestHandler(forwardRequestsTo('http://127.0.0.1:1'));
    const err = await new Promise<WechatMiniprogram.GeneralCallbackResult>((resolve) =>
      wx.request({ url: '/x', success: () => resolve({ errMsg: 'unexpected success' }), fail: resolve }),
    );
    expect(err.errMsg).toMatch(/^request:fail /);
  });

  it('wx.cloud.callFunction, modal, toast, loading, storage and navigation', async () => {
    wxMock.setCloudHandler((name, data) => ({ ok: true, data: { name, echo: data } }));
    const cloud = await wx.cloud.callFunction({ name: 'community', data: { action: 'getHome' } });
    expect(cloud.result).toEqual({ ok: true, data: { name: 'community', echo: { action: 'getHome' } } });
    expect(wxMock.cloudCalls).toEqual([{ name: 'community', data: { action: 'getHome' } }]);

    expect((await wx.showModal({ title: '确认？' })).confirm).toBe(true);
    wxMock.setModalAnswer(false);
    const answer = await new Promise<WechatMiniprogram.ShowModalSuccessCallbackResult>((success) =>
      wx.showModal({ title: '再确认？', success }),
    );
    expect(answer).toMatchObject({ confirm: false, cancel: true });
    expect(wxMock.modals.map((m) => m.title)).toEqual(['确认？', '再确认？']);

    wx.showToast({ title: '已保存', icon: 'success' });
    expect(wxMock.toasts).toEqual([{ title: '已保存', icon: 'success' }]);
    wx.showLoading({ title: '加载中' });
    expect(wxMock.loading).toBe(true);
    wx.hideLoading();
    expect(wxMock.loading).toBe(false);
    wx.stopPullDownRefresh();
    expect(wxMock.pullDownRefreshStops).toBe(1);

    wx.setStorageSync('k', { a: 1 });
    expect(wx.getStorageSync('k')).toEqual({ a: 1 });
    wx.removeStorageSync('k');
    expect(wx.getStorageSync('k')).toBe('');

    wx.navigateTo({ url: '/pages/a/index?id=1' });
    wx.switchTab({ url: '/pages/mine/index' });
    wx.redirectTo({ url: '/pages/b/index' });
    wx.navigateBack();
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: '/pages/a/index?id=1' },
      { type: 'switchTab', url: '/pages/mine/index' },
      { type: 'redirectTo', url: '/pages/b/index' },
      { type: 'navigateBack', delta: 1 },
    ]);

    expect(getApp()).toEqual({ globalData: { who: 'test' } });
    expect(wx.getWindowInfo().windowWidth).toBeGreaterThan(0);
    expect(wx.getAppBaseInfo().SDKVersion).toMatch(/^\d+\.\d+\.\d+$/);
    await new Promise<void>((resolve) => wx.nextTick(resolve));
  });
});

describe('build-miniprogram-npm helpers', () => {
  it('lists the tdesign components used by jsons (pure)', () => {
    expect(
      listUsedTdesignComponents([
        { usingComponents: { 't-button': 'tdesign-miniprogram/button/button', mine: '/components/mine/mine' } },
        {
          usingComponents: {
            't-cell': '/miniprogram_npm/tdesign-miniprogram/cell/cell',
            b: 'tdesign-miniprogram/button/button',
          },
        },
        {},
      ]),
    ).toEqual(['button/button', 'cell/cell']);
    expect(tdesignSubpath('tdesign-miniprogram/toast/index')).toBe('toast/index');
    expect(tdesignSubpath('./x')).toBeNull();
  });

  it('finds the runtime npm imports and the zod/mini names a source uses (not its types)', () => {
    const scan: SourceScan = { imports: new Map(), zodNames: new Set(), zodWhole: [] };
    scanSource(
      'a.ts',
      [
        "import * as z from 'zod/mini';",
        "import type { Foo } from 'types-only';",
        "import { type Bar } from 'also-types-only';",
        "import dayjs from 'dayjs';",
        "import relativeTime from 'dayjs/plugin/relativeTime';",
        'export const A = z.object({ a: z.string().check(z.minLength(1)), b: z.optional(z.number()) });',
        'export type T = z.infer<typeof A>;',
        'let x: typeof z.string;',
      ].join('\n'),
      scan,
    );
    expect([...scan.imports.keys()].sort()).toEqual(['dayjs', 'dayjs/plugin/relativeTime', 'zod/mini']);
    expect([...scan.zodNames].sort()).toEqual(['minLength', 'number', 'object', 'optional', 'string']);
    expect(scan.zodWhole).toEqual([]);

    scanSource('b.ts', "import * as z from 'zod/mini';\nconst all = z;", scan);
    expect(scan.zodWhole).toEqual(['b.ts:2 (zod namespace used as a value)']);
  });

  it('parses minified tdesign sources', () => {
    expect(
      jsSpecifiers(
        'import{__decorate}from"tslib";import props from"./props";export*from"../a";const d=require("dayjs");import"./side"',
      ),
    ).toEqual(expect.arrayContaining(['tslib', './props', '../a', 'dayjs', './side']));
    expect(jsSpecifiers('this.relations={"../cell-group/cell-group":{type:"parent"}},t.import="x"')).toEqual([]);
    expect(
      wxmlSources(
        '<import src="../common/template/icon"/><wxs module="_" src="../common/utils.wxs"/><include src="./t.wxml"/>',
      ),
    ).toEqual([
      { tag: 'import', src: '../common/template/icon' },
      { tag: 'wxs', src: '../common/utils.wxs' },
      { tag: 'include', src: './t.wxml' },
    ]);
    expect(wxssImports("@import '../common/style/index.wxss';.a{}")).toEqual(['../common/style/index.wxss']);
  });

  it('resolves every tdesign component without a missing reference', () => {
    const dist = tdesignDistDir();
    const all = fs
      .readdirSync(dist)
      .filter((d) => fs.existsSync(path.join(dist, d, `${d}.json`)))
      .map((d) => `${d}/${d}`);
    const closure = resolveTdesignClosure(dist, all);
    expect(closure.components.length).toBeGreaterThanOrEqual(all.length);
    for (const f of closure.files) expect(fs.existsSync(path.join(dist, f))).toBe(true);

    const small = resolveTdesignClosure(dist, ['button/button']);
    expect(small.components).toEqual(['button/button', 'icon/icon', 'loading/loading']);
    expect(small.files).toEqual(
      expect.arrayContaining([
        'common/utils.wxs',
        'common/template/icon.wxml',
        'common/style/index.wxss',
        'miniprogram_npm/tslib/index.js',
      ]),
    );
  });
});
