/**
 * 物业投诉: a resident's complaint goes straight to the property company of his compound (a 无物业小区's to the
 * community); overdue or "not satisfied" climbs 社区呼叫 → 街道吹哨 → 部门报到. This file is the action table; where
 * things are:
 *
 * - model.ts — the document, its id (one open complaint per compound and category, by number), the new one;
 * - access.ts — who the caller is to a complaint, the access rules;
 * - views.ts — the summary, the detail and the lists as the caller sees them;
 * - step.ts — a step of the machine: what complaints decide, then the versioned write (lib/workflow);
 * - actions/ — 投诉 and 附议 (file), the steps, the lists, credit scores, 未诉先办 hotspots;
 * - scores.ts, timers.ts — the stored credit scores; the sweep, the scores and the notices' delivery.
 *
 * Round trips (≤ 3 each): an action reads what it needs with the caller in one aggregate (`reads`, lib/caller; a
 * list then reads its page) and writes at most one document, its notices in that document's outbox. The one
 * exception spans two: a proactive order is inserted, then its complaints are linked in one update — a crash
 * between is repaired by the retry of the same request. Reads never write (credit scores are stored by the timer).
 */
import { complaintsActions } from '../../miniprogram/shared/api/complaints';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { companyRanking, companyScore } from './actions/credit';
import { file, meToo } from './actions/file';
import { fileOnBehalf } from './actions/on-behalf';
import { hotspots, openProactiveOrder } from './actions/hotspots';
import { companyInbox, getDetail, listCategories, listMine, similarOpen, staffInbox } from './actions/lists';
import { acknowledge, answer, closeNotResponsible, notSatisfied, rate, refer, satisfied } from './actions/steps';
import { deliver, scoreCredit, sweep } from './timers';

export const complaints = defineFunction(
  'complaints',
  complaintsActions,
  {
    listCategories,
    similarOpen,
    file,
    fileOnBehalf,
    meToo,
    listMine,
    getDetail,
    companyInbox,
    acknowledge,
    answer,
    satisfied,
    notSatisfied,
    rate,
    staffInbox,
    refer,
    closeNotResponsible,
    companyScore,
    companyRanking,
    hotspots,
    openProactiveOrder,
  },
  { deliver, sweep, scoreCredit },
);

export const main = cloudMain(complaints);
