/**
 * A jsdom window as the global scope of this (plain node) process, as jest's jsdom environment provides it:
 * miniprogram-simulate and j-component need `document`, `window` and the DOM classes. Import it first.
 */

// Required untyped: jsdom's types bring the DOM lib into the whole program (and change Buffer and Node there).
interface JsdomModule {
  JSDOM: new (html: string, options: object) => { window: { document: unknown } };
}
const { JSDOM } = (require as unknown as NodeJS.Require)('jsdom') as JsdomModule;

const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  pretendToBeVisual: true,
  url: 'http://localhost/',
});
const scope = globalThis as Record<string, unknown>;
const window = dom.window as unknown as Record<string, unknown>;
/** Node has its own of these; j-component's events must be jsdom's to be dispatched on jsdom's elements. */
const DOM_OVER_NODE = new Set(['Event', 'CustomEvent', 'EventTarget']);
for (const key of Object.getOwnPropertyNames(window)) {
  if (key in scope && !DOM_OVER_NODE.has(key)) continue; // keep node's own (setTimeout, console, URL, …)
  try {
    scope[key] = window[key];
  } catch {
    /* a read-only global of node */
  }
}
scope.window = dom.window;
scope.document = dom.window.document;
