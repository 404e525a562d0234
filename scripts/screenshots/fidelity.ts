/**
 * Makes miniprogram-simulate's DOM faithful enough to be drawn by a browser. Where simulate is not WeChat
 * (see /work/shared/TOOLCHAIN-FACTS.md), these patches close the gap — for this process only, never for the
 * page tests:
 *
 * - rpx: 750 rpx = the screen width (375 px here), in stylesheets and inline styles (simulate: 1 rpx = 1 px);
 * - `class` on a tdesign component: tdesign declares `class` as an external class and its components are
 *   virtual hosts, so WeChat hands the caller's class to the component's root; simulate drops it;
 * - built-in components (`input`, `image`, `switch`…) keep their properties: simulate registers them without
 *   any, so value, placeholder, src and checked never reach the DOM; here they are declared and mirrored onto
 *   the element as `jmt-*` attributes, which page-html.ts turns into real HTML controls;
 * - `<canvas type="2d">`: a SelectorQuery `node` is a recording canvas; its drawing is replayed in the browser.
 *
 * Import after dom-env.ts and before the harness (tests/helpers/simulate.ts) loads any page.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObject = Record<string, any>;

const nodeRequire = require as unknown as NodeJS.Require;

/** 375 px wide screen: 1 rpx = 0.5 px. */
export const SCREEN_WIDTH = 375;
const PX_PER_RPX = SCREEN_WIDTH / 750;
/** The logical side every recorded canvas reports; the replay scales it to the element's real size. */
export const CANVAS_NOMINAL_SIDE = 1000;

export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/gi, (_all, n: string) => `${+(Number(n) * PX_PER_RPX).toFixed(3)}px`);
}

const dash = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The properties of the built-ins that the pages and tdesign set and that show on screen. */
const BUILTIN_PROPERTIES: Record<string, Record<string, unknown>> = {
  input: {
    value: null,
    placeholder: String,
    placeholderClass: String,
    type: String,
    password: Boolean,
    disabled: Boolean,
  },
  textarea: { value: null, placeholder: String, placeholderClass: String, disabled: Boolean },
  image: { src: String, mode: String },
  switch: { checked: Boolean, disabled: Boolean, color: String },
  checkbox: { checked: Boolean, disabled: Boolean, color: String },
  radio: { checked: Boolean, disabled: Boolean, color: String },
  progress: { percent: Number, activeColor: String, backgroundColor: String },
};

/** Writes a built-in's properties onto its element (`jmt-value="…"`); false/empty ones are removed. */
function mirrorProperties(this: AnyObject, names: string[]): void {
  const element = (this._exparserNode as AnyObject | undefined)?.$$ as AnyObject | undefined;
  if (!element) return;
  for (const name of names) {
    const value = this.data[name];
    const attribute = `jmt-${dash(name)}`;
    if (value === undefined || value === null || value === '' || value === false) element.removeAttribute(attribute);
    else element.setAttribute(attribute, String(value));
  }
}

function registerBuiltinProperties(): void {
  const jComponent = nodeRequire('j-component') as { register(definition: AnyObject): string };
  for (const [name, properties] of Object.entries(BUILTIN_PROPERTIES)) {
    const names = Object.keys(properties);
    jComponent.register({
      id: name,
      tagName: `wx-${name}`,
      template: '<slot/>',
      properties: Object.fromEntries(Object.entries(properties).map(([key, type]) => [key, { type }])),
      observers: {
        '**'(this: AnyObject) {
          mirrorProperties.call(this, names);
        },
      },
      lifetimes: {
        attached(this: AnyObject) {
          mirrorProperties.call(this, names);
        },
      },
    });
  }
}

function convertRpx(): void {
  for (const utils of [
    nodeRequire('miniprogram-simulate/src/utils') as AnyObject,
    nodeRequire('j-component/src/tool/utils') as AnyObject,
  ])
    utils.transformRpx = (style: string) => rpxToPx(style);
}

/** `class` on a component with the external class `class` goes to that external class (WeChat's virtualHost). */
function classToExternalClass(): void {
  const exparser = nodeRequire('miniprogram-exparser') as AnyObject;
  const element = Object.getOwnPropertyDescriptor(exparser.Element.prototype, 'class')!;
  Object.defineProperty(exparser.Component.prototype, 'class', {
    configurable: true,
    get(this: AnyObject) {
      return element.get!.call(this);
    },
    set(this: AnyObject, value: string) {
      if (this.hasExternalClass('class')) this.setExternalClass('class', value);
      element.set!.call(this, value); // selectors (the harness's tap('.contact')) still match the host
    },
  });
}

/** A canvas whose 2d context records what is drawn; the element keeps the record as `jmt-canvas`. */
function recordingCanvas(element: AnyObject): AnyObject {
  const ops: unknown[][] = [];
  const save = () => element.setAttribute('jmt-canvas', JSON.stringify({ side: CANVAS_NOMINAL_SIDE, ops }));
  const context = new Proxy(
    {},
    {
      get:
        (_target, key) =>
        (...args: unknown[]) => {
          ops.push(['call', String(key), args]);
          save();
        },
      set: (_target, key, value) => {
        ops.push(['set', String(key), value]);
        save();
        return true;
      },
    },
  );
  const canvas: AnyObject = { getContext: () => context };
  for (const side of ['width', 'height']) {
    Object.defineProperty(canvas, side, {
      get: () => Number(element.getAttribute(`jmt-canvas-${side}`) ?? CANVAS_NOMINAL_SIDE),
      set: (value: number) => {
        element.setAttribute(`jmt-canvas-${side}`, String(value));
        ops.push(['resize', side, value]);
        save();
      },
    });
  }
  return canvas;
}

function recordCanvases(): void {
  const SelectorQuery = nodeRequire('j-component/src/tool/selectorquery') as { prototype: AnyObject };
  const exec = SelectorQuery.prototype.exec as (this: AnyObject, cb?: (res: unknown[]) => void) => void;
  SelectorQuery.prototype.exec = function (this: AnyObject, callback?: (res: unknown[]) => void) {
    const queue = [...(this._queue as AnyObject[])];
    return exec.call(this, (res: unknown[]) => {
      queue.forEach((item, index) => {
        if (!item.fields.node || !item.exparserNode) return;
        const root = item.exparserNode.shadowRoot as AnyObject;
        const nodes = item.isSelectSingle ? [root.querySelector(item.selector)] : root.querySelectorAll(item.selector);
        const results = (item.isSelectSingle ? [res[index]] : res[index]) as Array<AnyObject | null>;
        (nodes as Array<AnyObject | null>).forEach((node, i) => {
          const result = results[i];
          if (!node?.$$ || !result || node.is !== 'canvas') return;
          result.node = recordingCanvas(node.$$ as AnyObject);
          if (item.fields.size) result.width = result.height = CANVAS_NOMINAL_SIDE;
        });
      });
      callback?.(res);
    });
  };
}

let lastStylesheet = '';
/** simulate adds one stylesheet per rendered page (its own and its components' wxss, scoped): keep the last. */
function captureStylesheets(): void {
  const wxss = nodeRequire('miniprogram-simulate/src/wxss') as AnyObject;
  const insert = wxss.insert as (css: string | string[], id: string) => void;
  wxss.insert = (css: string | string[], id: string) => {
    lastStylesheet = rpxToPx((Array.isArray(css) ? css : [css]).join(''));
    insert(css, id);
  };
}

/** The stylesheet of the page rendered last (rpx converted). */
export const lastPageStylesheet = (): string => lastStylesheet;

let installed = false;
export function installFidelityPatches(): void {
  if (installed) return;
  installed = true;
  nodeRequire('miniprogram-simulate'); // registers the built-ins that registerBuiltinProperties replaces
  convertRpx();
  captureStylesheets();
  classToExternalClass();
  registerBuiltinProperties();
  recordCanvases();
}
