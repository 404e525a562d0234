import * as path from 'path';
const simulate = require('miniprogram-simulate');
test('probe', () => {
  (global as any).getApp = () => ({ globalData: {} });
  const root = path.resolve(__dirname, '../../miniprogram');
  let id;
  try {
    id = simulate.load(path.join(root, 'pages/home/index'), { rootPath: root, usingComponents: {
      't-cell': '/miniprogram_npm/tdesign-miniprogram/cell/cell',
      't-cell-group': '/miniprogram_npm/tdesign-miniprogram/cell-group/cell-group',
      't-button': '/miniprogram_npm/tdesign-miniprogram/button/button',
      't-loading': '/miniprogram_npm/tdesign-miniprogram/loading/loading',
      't-empty': '/miniprogram_npm/tdesign-miniprogram/empty/empty',
    }});
  } catch (e) { console.log('ERR', String(e).slice(0, 2000)); throw e; }
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  console.log(comp.dom.innerHTML.slice(0, 1500));
});
