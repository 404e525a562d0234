/**
 * Determinism for the screenshots: the process runs on a fixed clock and a seeded `Math.random`, so the seeded
 * data, the pages' relative times ("3 小时后截止") and drawn check-in codes are the same on every run.
 *
 * The clock starts at `start` and moves 1 ms per reading (or when set forward) rather than with real time: the renders must not
 * depend on how busy the machine is, yet polling loops that wait for a deadline (`waitFor`) still end.
 */
export function installFixedClock(start: Date): { setTo(moment: Date): void } {
  const RealDate = Date;
  let tick = start.getTime();
  const now = () => tick++;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [string | number]));
    }
    static override now(): number {
      return now();
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
  return {
    /** Moves the clock forward (never back: what was stored stays in the past). */
    setTo(moment: Date) {
      tick = Math.max(tick, moment.getTime());
    },
  };
}

/**
 * Replaces Math.random by a seeded generator (mulberry32), and node's crypto.randomInt / randomBytes by draws from
 * it: check-in codes (drawn by the councils function) and generated ids come out the same on every run.
 */
export function installSeededRandom(seed: number): void {
  let state = seed >>> 0;
  Math.random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random = Math.random;
  const randomInt = (min: number, max?: number) =>
    max === undefined ? Math.floor(random() * min) : min + Math.floor(random() * (max - min));
  const randomBytes = (size: number) => Buffer.from(Array.from({ length: size }, () => randomInt(256)));
  // the module object itself (an `import * as` would be a copy): the functions read it at each call
  Object.assign((require as unknown as NodeJS.Require)('node:crypto'), { randomInt, randomBytes });
}
