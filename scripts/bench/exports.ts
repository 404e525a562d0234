/**
 * `npx tsx scripts/bench/exports.ts`: how many rows one export (导出) can hold within the function's 10 s
 * timeout — the figure behind EXPORT_ROW_CAP. A community's orders of this month, N of them, exported as xlsx and
 * as CSV through the real function on the local backend (paged reads, encoding, the storage emulator's upload and
 * link); prints the time of each and the rows that would fit in 10 s at that rate. The local store answers a read
 * in well under CloudBase's network round trip (tens of ms), so the margin must cover 2 + N/1000 of those.
 */
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { attachLocalCloud, seedIfEmpty } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';
import { EXPORT_ROW_CAP } from '../../miniprogram/shared/exports/kinds';
import { fillCopies, NOW } from './fill';
import { elapsed, median } from './stats';

const TIMEOUT_MS = 10_000;
const SIZES = [1000, 2500, EXPORT_ROW_CAP];

const call = (openid: string, fn: string, action: string, payload: unknown) =>
  FUNCTIONS.find((f) => f.name === fn)!.handle({ action, payload }, { openid }, { now: () => NOW });

async function measure(size: number, format: 'xlsx' | 'csv'): Promise<number> {
  const store = Store.memory();
  const { detach } = attachLocalCloud(store, { now: () => NOW, verdictDelayMs: 0 });
  try {
    await seedIfEmpty(store, NOW);
    const made = await call('demo-resident', 'orders', 'create', {
      requestId: 'bench-export-template',
      categoryId: 'home_repair',
      description: '批量生成的测试工单，门锁坏了需要维修，请尽快安排师傅上门查看',
    });
    if (!made.ok) throw new Error(made.error.message);
    const template = store.get('orders', (made.data as { id: string }).id)!;
    // Within the last 30 days: a second apart, the newest now; the template itself is one more.
    fillCopies(store, 'orders', template, size - 1, (i) => ({
      createdAt: new Date(NOW.getTime() - (i + 1) * 1000).toISOString(),
    }));
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = process.hrtime.bigint();
      const res = await call('demo-community-staff', 'exports', 'create', {
        kind: 'orders',
        scope: { kind: 'community', id: 'cm-xiongguan' },
        window: { kind: 'last30Days' },
        format,
      });
      times.push(elapsed(start));
      if (!res.ok) throw new Error(`${size} ${format}: ${res.error.message}`);
    }
    return median(times);
  } finally {
    detach();
    store.close();
  }
}

async function main() {
  console.log(`export of a community's orders (median of 3); timeout ${TIMEOUT_MS / 1000} s, cap ${EXPORT_ROW_CAP}`);
  console.log('rows\tformat\tms\trows that fit in 10 s at this rate');
  for (const size of SIZES) {
    for (const format of ['xlsx', 'csv'] as const) {
      const ms = await measure(size, format);
      console.log(`${size}\t${format}\t${ms.toFixed(0)}\t${Math.floor((size / ms) * TIMEOUT_MS)}`);
    }
  }
}

void main();
