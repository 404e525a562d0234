import * as z from 'zod/mini';
import { Id } from '../schemas/common';
import { published } from '../schemas/published';
import { ITEM_LIMITS } from '../shop/machine';
import { REDEMPTION_ACTIONS, REDEMPTION_STATES, type RedemptionAction, type RedemptionState } from '../shop/machine';
import { action } from './action';
import { Cursor, Page, Tone } from './common';
import { RequestId } from './orders';

/** 积分超市: the contract of the `shop` function (rules in shared/shop/). */

const ItemName = published(
  z.string().check(z.trim(), z.minLength(2, '请填写物品名称（至少2个字）'), z.maxLength(30, '名称最多30个字')),
  '物品名称',
);
const ItemDescription = published(z.string().check(z.trim(), z.maxLength(200, '说明最多200个字')), '物品说明');
const Price = z
  .int('请填写兑换所需积分')
  .check(z.gt(0, '兑换积分须大于0'), z.lte(ITEM_LIMITS.maxPrice, `最多${ITEM_LIMITS.maxPrice}分`));
const Stock = z
  .int('请填写库存')
  .check(z.gte(0, '库存不能为负数'), z.lte(ITEM_LIMITS.maxStock, `库存最多${ITEM_LIMITS.maxStock}`));

export const ShopItem = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  price: z.number(),
  stock: z.number(),
  onSale: z.boolean(),
});

export const Redemption = z.object({
  id: Id,
  itemId: Id,
  itemName: z.string(),
  price: z.number(),
  /** The pickup code: shown to the volunteer who redeemed, and to staff who typed it. */
  code: z.string(),
  state: z.enum(Object.keys(REDEMPTION_STATES) as RedemptionState[]),
  stateLabel: z.string(),
  stateHint: z.string(),
  tone: Tone,
  /** Staff see whom they hand it to. */
  volunteerName: z.optional(z.string()),
  createdAt: z.string(),
  closedAt: z.nullable(z.string()),
  /** What the caller may do now. */
  actions: z.array(z.enum(Object.keys(REDEMPTION_ACTIONS) as RedemptionAction[])),
});

const ItemRef = { itemId: Id };
const RedemptionRef = z.strictObject({ redemptionId: Id });

export const shopActions = {
  listItems: action({
    summary: '积分超市：本社区的物品（志愿者看在售的与自己的可用积分，社区工作人员看全部）',
    /** Omitted: his own community (where he is a volunteer, else where he is staff). */
    input: z.strictObject({ communityId: z.optional(Id), cursor: Cursor }),
    output: z.object({
      ...Page(ShopItem).shape,
      communityId: Id,
      /** The caller's points to spend (志愿者); null for staff who are not volunteers there. */
      spendable: z.nullable(z.number()),
      /** He keeps this community's catalogue. */
      manages: z.boolean(),
    }),
  }),
  addItem: action({
    summary: '上架物品（社区工作人员）',
    input: z.strictObject({
      communityId: Id,
      requestId: RequestId,
      name: ItemName,
      description: z.optional(ItemDescription),
      price: Price,
      stock: Stock,
    }),
    output: ShopItem,
  }),
  editItem: action({
    summary: '修改物品名称、说明、积分（社区工作人员；已兑换的按兑换时的积分）',
    input: z.strictObject({
      ...ItemRef,
      name: z.optional(ItemName),
      description: z.optional(ItemDescription),
      price: z.optional(Price),
    }),
    output: ShopItem,
  }),
  restock: action({
    summary: '补货：库存增加若干（社区工作人员）',
    input: z.strictObject({
      ...ItemRef,
      add: z.int('请填写补货数量').check(z.gt(0, '补货数量须大于0'), z.lte(ITEM_LIMITS.maxStock, '一次最多补这么多')),
    }),
    output: ShopItem,
  }),
  setOnSale: action({
    summary: '上架或下架物品（社区工作人员；已兑换待领取的不受影响）',
    input: z.strictObject({ ...ItemRef, onSale: z.boolean() }),
    output: ShopItem,
  }),
  redeem: action({
    summary: '兑换：扣积分、减库存，得到领取码（本社区志愿者；同一请求编号重试不会兑换两次）',
    input: z.strictObject({ ...ItemRef, requestId: RequestId }),
    output: Redemption,
  }),
  myRedemptions: action({
    summary: '我的兑换：领取码与状态，新的在前',
    input: z.strictObject({ cursor: Cursor }),
    output: Page(Redemption),
  }),
  findByCode: action({
    summary: '凭领取码查兑换（社区工作人员）',
    input: z.strictObject({ communityId: Id, code: z.string().check(z.maxLength(20, '领取码不正确')) }),
    output: Redemption,
  }),
  handOver: action({
    summary: '确认交付（社区工作人员；志愿者会收到通知）',
    input: RedemptionRef,
    output: Redemption,
  }),
  cancel: action({
    summary: '取消兑换并退回积分（志愿者本人或社区工作人员，交付前；只退一次）',
    input: RedemptionRef,
    output: Redemption,
  }),
};

export type ShopItem = z.infer<typeof ShopItem>;
export type Redemption = z.infer<typeof Redemption>;
