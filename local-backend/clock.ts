/**
 * The development clock (local only, never deployed): the time the functions see is the real time shifted by an
 * offset, so a demo or an outside test can move a day ahead and watch overdue escalation, auto-confirm and the
 * complaint ladder happen. `POST /_dev/clock` sets it.
 */
export class DevClock {
  private offsetMs = 0;

  constructor(private readonly real: () => Date = () => new Date()) {}

  readonly now = (): Date => new Date(this.real().getTime() + this.offsetMs);

  advance(ms: number) {
    this.offsetMs += ms;
  }

  set(at: Date) {
    this.offsetMs = at.getTime() - this.real().getTime();
  }

  get offset(): number {
    return this.offsetMs;
  }
}

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** `25h`, `7d`, `1d12h`, `90m`, `30s` in milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[dhms])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([dhms])/g)) total += Number(amount) * UNIT_MS[unit as 'd'];
  return total;
}
