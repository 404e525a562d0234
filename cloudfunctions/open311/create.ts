/**
 * `POST requests.json`: 12345 files an order for a citizen who phoned the hotline. It is opened by the same
 * `openOrder()` as every other order (the community reviews it like a resident's), marked `channel:
 * 'hotline_12345'`, with the reporter's name, phone and e-mail kept on the order for those who handle it (hidden
 * from volunteers; never in a GET).
 *
 * The place is a building (an order lies in one): `address_id` is its id, or `address_string` names the compound
 * and the building ("德轩小区3号楼 2单元301"); what follows them (unit, door) is kept on the order, not published.
 * The order's id is made from the key and the request's fields, so 12345 retrying a POST gets the same order back.
 */
import type { Building, Community, Compound, Place } from '../../miniprogram/shared/schemas/places';
import { findCategory } from '../../miniprogram/shared/orders/catalogue';
import type { IntakeChannel } from '../../miniprogram/shared/intake';
import type { NewRequestFields, Open311Error } from '../../miniprogram/shared/open311/query';
import { COLLECTIONS, type Database } from '../lib/db';
import { openOrder } from '../lib/orders';
import { stableId } from '../lib/records';
import type { Open311KeyDoc } from './keys';

/** The intake channel of an order filed here (the other channels are the mini-program, phone and walk-in 代办). */
export const HOTLINE_CHANNEL = 'hotline_12345' satisfies IntakeChannel;

interface Located {
  building: Building;
  community: Community | undefined;
  compound: Place | undefined;
  /** What the address said beyond the building (unit, door number). */
  rest: string;
}

type BuildingRow = Building & { communityOf: Community[]; compoundOf: Place[] };

/** Buildings with their community and compound joined in: one round trip. */
async function buildingsWhere(db: Database, where: Record<string, unknown>): Promise<BuildingRow[]> {
  const res = await db
    .collection(COLLECTIONS.places)
    .aggregate()
    .match(where)
    .limit(1000)
    .lookup({ from: COLLECTIONS.places, localField: 'communityId', foreignField: '_id', as: 'communityOf' })
    .lookup({ from: COLLECTIONS.places, localField: 'compoundId', foreignField: '_id', as: 'compoundOf' })
    .end();
  return (res as { data?: BuildingRow[] }).data ?? [];
}

const located = (row: BuildingRow | undefined, rest: string): Located | null => {
  if (!row) return null;
  const { communityOf, compoundOf, ...building } = row;
  return { building, community: communityOf[0], compound: compoundOf[0], rest };
};

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The building an address string names: the longest compound name it starts with, then one of its buildings. */
async function locateByText(db: Database, text: string): Promise<Located | null> {
  const compact = squeeze(text);
  const compounds = await db
    .collection(COLLECTIONS.places)
    .where({ kind: 'compound' })
    .field({ _id: true, name: true })
    .limit(1000)
    .get();
  const compound = (compounds.data as Compound[])
    .filter((c) => compact.startsWith(squeeze(c.name)))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!compound) return null;
  const afterCompound = compact.slice(squeeze(compound.name).length);
  const building = (await buildingsWhere(db, { kind: 'building', compoundId: compound._id }))
    .filter((b) => afterCompound.startsWith(squeeze(b.name)))
    .sort((a, b) => b.name.length - a.name.length)[0];
  return located(building, building ? afterCompound.slice(squeeze(building.name).length) : '');
}

async function locateById(db: Database, id: string): Promise<Located | null> {
  const [row] = await buildingsWhere(db, { _id: id, kind: 'building' });
  return located(row, '');
}

export type Created = { ok: true; id: string } | { ok: false; error: Open311Error };

export async function createRequest(
  db: Database,
  key: Open311KeyDoc,
  fields: NewRequestFields,
  at: Date,
): Promise<Created> {
  const place = fields.addressId
    ? await locateById(db, fields.addressId)
    : await locateByText(db, fields.addressString ?? '');
  if (!place) {
    const description = fields.addressId
      ? 'address_id is not a building of the city'
      : 'address_string names no compound and building of the city (e.g. 德轩小区3号楼)';
    return { ok: false, error: { code: 400, description } };
  }
  const { building, community, compound, rest } = place;
  if (!community) return { ok: false, error: { code: 400, description: 'the building lies in no community' } };
  const id = stableId(
    'ord',
    HOTLINE_CHANNEL,
    key._id,
    fields.serviceCode,
    building._id,
    rest,
    fields.description,
    fields.reporter.phone,
    fields.accountId,
  );
  await openOrder(
    db,
    {
      id,
      resident: {
        // Not an OPENID (WeChat's are 28 characters; this is 30): nobody signs in as it, nobody lists it as his.
        id: `${HOTLINE_CHANNEL}_${key._id}`,
        name: fields.reporter.name || '12345来电市民',
        phone: fields.reporter.phone,
      },
      building,
      community,
      propertyCompanyId: compound?.kind === 'compound' ? compound.propertyCompanyId : null,
      address: rest,
      category: findCategory(fields.serviceCode)!,
      description: fields.description,
      photos: [],
      preferredTime: 'anytime',
      contact: 'phone',
      // The caller agreed to be called back by those who handle it, not to be shown to volunteers.
      privateContact: true,
      at,
    },
    {
      stored: {
        channel: HOTLINE_CHANNEL,
        open311: {
          keyId: key._id,
          accountId: fields.accountId,
          deviceId: fields.deviceId,
          email: fields.reporter.email,
        },
      },
    },
  );
  return { ok: true, id };
}
