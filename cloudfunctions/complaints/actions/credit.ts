/** 物业服务企业信用评价 as residents (their compound's company) and staff (the ranking) read it. */
import type { complaintsActions } from '../../../miniprogram/shared/api/complaints';
import type { Compound, Unit } from '../../../miniprogram/shared/schemas/places';
import { resident, roles } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import { PAGE_SIZE } from '../../lib/paging';
import type { ActionImpl } from '../../lib/router';
import { PAGE } from '../model';
import { TREND_MONTHS, scoresLookup, storedScores } from '../scores';

type Spec = typeof complaintsActions;

export const companyScore: ActionImpl<Spec['companyScore']> = {
  access: resident,
  // His compound (for its company) and the stored scores, with him in one read.
  reads: () => ({
    ...scoresLookup(),
    compound: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
  }),
  async handler(input, { caller, db, now, loaded }) {
    const compound = loaded.compound[0] as Compound | undefined;
    const scores = await storedScores(db, caller, now(), loaded.scores);
    const companyId = compound?.propertyCompanyId ?? null;
    const months = input.months ?? TREND_MONTHS;
    return {
      score: companyId ? (scores.ranking.find((s) => s.company.id === companyId) ?? null) : null,
      trend: companyId ? (scores.trends[companyId] ?? []).slice(-months) : [],
      windowDays: scores.windowDays,
    };
  },
};

export const companyRanking: ActionImpl<Spec['companyRanking']> = {
  access: roles(['community_staff', 'street_staff', 'admin']),
  // The stored scores and, for one street, the units serving it, with the caller in one read.
  reads: (input) => ({
    ...scoresLookup(),
    ...(input.streetId && {
      serving: { collection: COLLECTIONS.units, where: { streetIds: input.streetId }, limit: PAGE },
    }),
  }),
  async handler(input, { caller, db, now, loaded }) {
    const scores = await storedScores(db, caller, now(), loaded.scores);
    let ranking = scores.ranking;
    if (input.streetId) {
      const serving = new Set((loaded.serving as Unit[]).map((u) => u._id));
      ranking = ranking.filter((s) => serving.has(s.company.id));
    }
    const offset = input.cursor ?? 0;
    return {
      items: ranking.slice(offset, offset + PAGE_SIZE),
      nextCursor: ranking.length > offset + PAGE_SIZE ? offset + PAGE_SIZE : null,
      asOf: scores.asOf,
      windowDays: scores.windowDays,
    };
  },
};
