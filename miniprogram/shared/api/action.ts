import type * as z from 'zod/mini';
// Chinese fallback messages for every contract (imported for its effect).
import '../schemas/messages';

/** One action of a cloud function: what it accepts and what it answers. */
export interface ActionSpec<I extends z.ZodMiniType = z.ZodMiniType, O extends z.ZodMiniType = z.ZodMiniType> {
  summary: string;
  input: I;
  output: O;
}

export const action = <I extends z.ZodMiniType, O extends z.ZodMiniType>(spec: ActionSpec<I, O>) => spec;
