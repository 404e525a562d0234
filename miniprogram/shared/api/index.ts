import type * as z from 'zod/mini';
import { communityActions } from './community';
import { complaintsActions } from './complaints';
import { councilsActions } from './councils';
import { kpisActions } from './kpis';
import { exportsActions } from './exports';
import { messagesActions } from './messages';
import { open311Actions } from './open311';
import { ordersActions } from './orders';
import { peopleActions } from './people';
import { shopActions } from './shop';

/** The API contract: cloud function → action → schemas. Client and server both read it. */
export const API = {
  community: communityActions,
  people: peopleActions,
  orders: ordersActions,
  complaints: complaintsActions,
  councils: councilsActions,
  messages: messagesActions,
  open311: open311Actions,
  kpis: kpisActions,
  exports: exportsActions,
  shop: shopActions,
} as const;

export type FunctionName = keyof typeof API;
export type ActionName<F extends FunctionName> = keyof (typeof API)[F] & string;
type Spec<F extends FunctionName, A extends ActionName<F>> = (typeof API)[F][A];
export type ActionInput<F extends FunctionName, A extends ActionName<F>> =
  Spec<F, A> extends { input: infer I extends z.ZodMiniType } ? z.input<I> : never;
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> =
  Spec<F, A> extends { output: infer O extends z.ZodMiniType } ? z.output<O> : never;
