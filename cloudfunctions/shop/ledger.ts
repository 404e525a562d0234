/** The volunteer's points as the shop reads them: his ledger's sums by kind (one aggregate). */
import { COLLECTIONS, type Database } from '../lib/db';

/** His ledger summed by kind (task, adjust, refund, redeem): at most four groups. */
export async function creditsByKind(db: Database, userId: string): Promise<Record<string, number>> {
  const res = await db
    .collection(COLLECTIONS.pointsLedger)
    .aggregate()
    .match({ userId })
    .group({ _id: '$kind', total: db.command.aggregate.sum('$delta') })
    .end();
  return Object.fromEntries((res.data as { _id: string; total: number }[]).map((g) => [g._id, g.total]));
}

/** What he may spend, as the catalogue shows it: his balance (the ledger's sum; the shop writes its lines at once). */
export async function balanceOf(db: Database, userId: string): Promise<number> {
  const sums = await creditsByKind(db, userId);
  return Math.max(
    0,
    Object.values(sums).reduce((a, b) => a + b, 0),
  );
}
