/** The event types page handlers take. */

/** A tap on an element carrying `data-*` attributes (`e.currentTarget.dataset`). */
export type Tap<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.TouchEvent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  T
>;

/** A `change` with `detail.value` (inputs, pickers, switches, steppers) from an element carrying `data-*`. */
export type Change<
  V,
  D extends WechatMiniprogram.IAnyObject = WechatMiniprogram.IAnyObject,
> = WechatMiniprogram.CustomEvent<{ value: V }, WechatMiniprogram.IAnyObject, D>;
