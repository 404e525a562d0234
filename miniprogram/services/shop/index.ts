import type { ActionInput } from '../../shared/api/index';
import { callFunction } from '../transport';

export const listShopItems = (input: ActionInput<'shop', 'listItems'>) => callFunction('shop', 'listItems', input);
export const addShopItem = (input: ActionInput<'shop', 'addItem'>) => callFunction('shop', 'addItem', input);
export const editShopItem = (input: ActionInput<'shop', 'editItem'>) => callFunction('shop', 'editItem', input);
export const restockItem = (input: ActionInput<'shop', 'restock'>) => callFunction('shop', 'restock', input);
export const setItemOnSale = (itemId: string, onSale: boolean) => callFunction('shop', 'setOnSale', { itemId, onSale });
export const redeemItem = (input: ActionInput<'shop', 'redeem'>) => callFunction('shop', 'redeem', input);
export const myRedemptions = (cursor?: number) => callFunction('shop', 'myRedemptions', { cursor });
export const findRedemption = (input: ActionInput<'shop', 'findByCode'>) => callFunction('shop', 'findByCode', input);
export const handOverRedemption = (redemptionId: string) => callFunction('shop', 'handOver', { redemptionId });
export const cancelRedemption = (redemptionId: string) => callFunction('shop', 'cancel', { redemptionId });
