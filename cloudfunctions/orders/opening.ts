/**
 * What a resident's own order (居民下单) and one staff take down for him (代办) share: the checked place it is opened
 * at, and the order the form asks for — the same fields, defaults and idempotent insert (lib/orders.ts `openOrder`).
 */
import type { ActionInput } from '../../miniprogram/shared/api/index';
import type { OrderDetail } from '../../miniprogram/shared/api/orders';
import { AppError } from '../../miniprogram/shared/errors';
import { findCategory } from '../../miniprogram/shared/orders/catalogue';
import type { Building, Community, Place } from '../../miniprogram/shared/schemas/places';
import type { Caller } from '../lib/caller';
import type { Database } from '../lib/db';
import { attachPhotos } from '../lib/media';
import { openOrder, orderPhotos, type NewOrder } from '../lib/orders';
import { loadOrder } from './model';
import { toDetail } from './views';

/** The order form's fields, as 居民下单 and 代办 both take them. */
export type OrderForm = Pick<
  ActionInput<'orders', 'create'>,
  'categoryId' | 'description' | 'photos' | 'address' | 'preferredTime' | 'contact' | 'privateContact'
>;

/** Where an order is opened: a building of the community, and its compound's property company (or none). */
export type OrderPlace = Pick<NewOrder, 'building' | 'community' | 'propertyCompanyId'>;

/**
 * The place an order is opened at, from the places read for it: NOT_FOUND when the building is not one, and
 * `refusal` (FORBIDDEN) when it lies outside the community the order is for.
 */
export function orderPlace(
  found: { building?: unknown; community?: unknown; compound?: unknown },
  refusal: string,
): OrderPlace {
  const building = found.building as Building | undefined;
  const community = found.community as Community | undefined;
  const compound = found.compound as Place | undefined;
  if (!building || building.kind !== 'building' || !community || community.kind !== 'community') {
    throw new AppError('NOT_FOUND', '找不到这个楼栋');
  }
  if (building.communityId !== community._id) throw new AppError('FORBIDDEN', refusal);
  const ownCompound = compound && compound.kind === 'compound' && compound._id === building.compoundId;
  return { building, community, propertyCompanyId: ownCompound ? compound.propertyCompanyId : null };
}

/**
 * Opens the order the form asks for, for `who` at `place`, and answers with it as the caller sees it — on a retry,
 * the order the first request wrote. Its photos are the caller's own uploads (the resident's, or those staff took
 * for him), sent for review now that every check has passed, the reviews kept with the order.
 */
export async function openRequested(
  db: Database,
  caller: Caller,
  at: Date,
  who: Pick<NewOrder, 'id' | 'resident' | 'channel' | 'takenBy'>,
  place: OrderPlace,
  form: OrderForm,
): Promise<OrderDetail> {
  const { photos, reviews } = await attachPhotos(db, caller, orderPhotos(who.id), form.photos, at);
  const { order, created } = await openOrder(
    db,
    {
      ...who,
      ...place,
      address: form.address,
      category: findCategory(form.categoryId)!,
      description: form.description,
      photos,
      preferredTime: form.preferredTime ?? 'anytime',
      contact: form.contact ?? 'phone',
      privateContact: form.privateContact ?? false,
      at,
    },
    { stored: { photoReviews: reviews } },
  );
  return toDetail(created ? { ...order, photoReviews: reviews } : await loadOrder(db, who.id), caller, at);
}
