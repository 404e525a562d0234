import fs from 'node:fs';
import path from 'node:path';
import { ICON_STYLESHEET, iconNameTokens, pruneIconGlyphs, tdesignDistDir } from '../../scripts/build-miniprogram-npm';

describe("tdesign's icon stylesheet, as shipped", () => {
  const stylesheet = fs.readFileSync(path.join(tdesignDistDir(), ICON_STYLESHEET), 'utf8');

  it('keeps the glyphs of the names a page or component can use, and the stylesheet around them', () => {
    const used = iconNameTokens(['<t-empty icon="error-circle" />', "name: 'chevron-right'"]);
    const { text, kept } = pruneIconGlyphs(stylesheet, used);
    expect(kept).toEqual(expect.arrayContaining(['error-circle', 'chevron-right']));
    expect(text).toContain(".t-icon-error-circle:before{content:'");
    expect(text).toContain('@font-face');
    expect(text).toContain('.t-icon-base{');
    expect(text).not.toContain('.t-icon-address-book:before');
    expect(text.length).toBeLessThan(stylesheet.length / 10);
  });
});
