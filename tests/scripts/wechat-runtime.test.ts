import { loadPackage } from '../../scripts/wechat/runtime';

/** A small compiled package: one page using one npm component and one local service module. */
function packageWith(overrides: Record<string, string | undefined> = {}): Map<string, string> {
  const files: Record<string, string | undefined> = {
    'app.json': JSON.stringify({
      pages: ['pages/home/index'],
      subPackages: [{ root: 'pages/orders/', pages: ['mine/index'] }],
    }),
    'app.js': 'App({ globalData: {} });',
    'pages/home/index.js': 'var s = require("../../services/community/index"); Component({ data: { n: s.n } });',
    'pages/home/index.json': JSON.stringify({ usingComponents: { 't-button': '/miniprogram_npm/ui/button/button' } }),
    'pages/home/index.wxml': '<import src="./row.wxml"/><t-button>{{n}}</t-button>',
    'pages/home/row.wxml': '<template name="row"><view/></template>',
    'pages/orders/mine/index.js': 'Component({});',
    'pages/orders/mine/index.json': '{}',
    'pages/orders/mine/index.wxml': '<view/>',
    'services/community/index.js': 'var dayjs = require("dayjs"); exports.n = dayjs();',
    'miniprogram_npm/dayjs/index.js': 'module.exports = function () { return 1; };',
    'miniprogram_npm/ui/button/button.js':
      'var t = require("tslib"); wx.getSystemInfoSync().windowWidth; Component({});',
    'miniprogram_npm/ui/button/button.json': JSON.stringify({ component: true }),
    'miniprogram_npm/ui/button/button.wxml': '<view><slot/></view>',
    'miniprogram_npm/ui/miniprogram_npm/tslib/index.js': 'exports.__extends = function () {};',
    ...overrides,
  };
  return new Map(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
}

describe('loading a compiled package the way WeChat does', () => {
  it('registers every page and component of a sound package', () => {
    const report = loadPackage(packageWith());
    expect(report.problems).toEqual([]);
    expect(report.pages).toEqual(['pages/home/index', 'pages/orders/mine/index']);
    expect(report.components).toEqual(['miniprogram_npm/ui/button/button']);
  });

  it('refuses a module imported as a folder, naming the importing file', () => {
    const report = loadPackage(
      packageWith({
        'pages/home/index.js': 'var s = require("../../services/community"); Component({});',
      }),
    );
    expect(report.pages).toEqual(['pages/orders/mine/index']);
    expect(report.problems).toEqual([
      "pages/home/index.js: require('../../services/community') finds nothing (it is a folder: import '../../services/community/index')",
    ]);
  });

  it('names the importer of a module the upload left out', () => {
    const report = loadPackage(packageWith({ 'services/community/index.js': undefined }));
    expect(report.problems).toEqual([
      "pages/home/index.js: require('../../services/community/index') finds nothing (the compiled package has no such file)",
    ]);
  });

  it('looks bare names up only in miniprogram_npm', () => {
    const report = loadPackage(packageWith({ 'miniprogram_npm/dayjs/index.js': undefined }));
    expect(report.problems).toEqual([
      "services/community/index.js: require('dayjs') finds nothing (not in any miniprogram_npm)",
    ]);
  });

  it("finds a subpackage's own npm copy first, and does not top it up from the main package's", () => {
    const ownCopy = {
      'pages/orders/mine/index.json': JSON.stringify({ usingComponents: { 't-rate': 'ui/rate/rate' } }),
      'pages/orders/miniprogram_npm/ui/rate/rate.js': 'Component({});',
      'pages/orders/miniprogram_npm/ui/rate/rate.json': JSON.stringify({ component: true }),
      'pages/orders/miniprogram_npm/ui/rate/rate.wxml': '<view/>',
    };
    const sound = loadPackage(packageWith(ownCopy));
    expect(sound.problems).toEqual([]);
    expect(sound.components).toContain('pages/orders/miniprogram_npm/ui/rate/rate');

    // the subpackage has the package, but not the button: WeChat does not look further up
    const partial = loadPackage(
      packageWith({
        ...ownCopy,
        'pages/orders/mine/index.json': JSON.stringify({ usingComponents: { 't-button': 'ui/button/button' } }),
      }),
    );
    expect(partial.problems).toEqual([
      'pages/orders/mine/index.json: <t-button> uses "ui/button/button", which is not in the compiled package',
    ]);
  });

  it('fails a page whose script runs but registers nothing', () => {
    const report = loadPackage(packageWith({ 'pages/orders/mine/index.js': 'var x = 1;' }));
    expect(report.problems).toEqual(['pages/orders/mine/index.js: ran but called none of Page()/Component()']);
  });

  it('fails a page whose script, template, component or included template is missing', () => {
    expect(loadPackage(packageWith({ 'pages/orders/mine/index.js': undefined })).problems).toEqual([
      'app.json: pages/orders/mine/index.js is not in the compiled package',
    ]);
    expect(loadPackage(packageWith({ 'pages/orders/mine/index.wxml': undefined })).problems).toEqual([
      'app.json: pages/orders/mine/index.wxml is not in the compiled package',
    ]);
    expect(loadPackage(packageWith({ 'miniprogram_npm/ui/button/button.js': undefined })).problems).toEqual([
      'pages/home/index.json <t-button>: miniprogram_npm/ui/button/button.js is not in the compiled package',
    ]);
    const noButton = {
      'miniprogram_npm/ui/button/button.js': undefined,
      'miniprogram_npm/ui/button/button.json': undefined,
    };
    expect(loadPackage(packageWith(noButton)).problems).toEqual([
      'pages/home/index.json: <t-button> uses "/miniprogram_npm/ui/button/button", which is not in the compiled package',
    ]);
    expect(loadPackage(packageWith({ 'pages/home/row.wxml': undefined })).problems).toEqual([
      'pages/home/index.wxml: <import src="./row.wxml"> finds no pages/home/row.wxml',
    ]);
  });

  it('reports a script that throws while it loads', () => {
    const report = loadPackage(packageWith({ 'app.js': 'undefinedFunction(); App({});' }));
    expect(report.problems).toEqual(['app.js: undefinedFunction is not defined']);
  });
});
