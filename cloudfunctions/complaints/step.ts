/**
 * A step of the complaint machine on lib/workflow's one step, and `stepAction`, which makes an action of a step.
 */
import { complaintNoticeKind } from '../../miniprogram/shared/notices/templates';
import { AppError } from '../../miniprogram/shared/errors';
import {
  COMPLAINT_ACTIONS,
  COMPLAINT_CATEGORIES,
  complaintStateLabel,
  complaintTransition,
  levelRole,
  stepLabel,
  type ComplaintAction,
  type ComplaintLevel,
  type ComplaintSnapshot,
  type ComplaintStep,
} from '../../miniprogram/shared/complaints/machine';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import type { Unit } from '../../miniprogram/shared/schemas/places';
import type { Lookups } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import type { Audience } from '../lib/notify';
import { defineStep, stepActions, type StepOptions } from '../lib/workflow';
import { onComplaint } from './access';
import { PAGE, snapshot, type ComplaintDoc, type EventDoc } from './model';
import { toDetail } from './views';

/** Who holds a complaint at a level: its inbox id. */
function handlerAt(c: ComplaintDoc, level: ComplaintLevel, departmentId: string | null): string {
  switch (level) {
    case 'company':
      return c.companyId ?? c.communityId;
    case 'community':
      return c.communityId;
    case 'street':
      return c.streetId;
    case 'department':
      return departmentId ?? '';
  }
}

function handlerAudience(c: ComplaintDoc, level: ComplaintLevel, departmentId: string | null): Audience {
  switch (level) {
    case 'company':
    case 'department':
      return { kind: 'unit', id: handlerAt(c, level, departmentId) };
    case 'community':
      return { kind: 'community_staff', id: c.communityId };
    case 'street':
      return { kind: 'street_staff', id: c.streetId };
  }
}

/** Every department: what a step that may climb to 部门报到 reads with the caller (they are few). */
const departmentsLookup = (): Lookups => ({
  departments: { collection: COLLECTIONS.units, where: { kind: 'department' }, limit: PAGE },
});

/**
 * The department that reports (部门报到) for this kind of complaint in the complaint's street: from `known` (the
 * departments the action read with the caller), or read now (the timer).
 */
async function responsibleDepartment(db: Database, c: ComplaintDoc, chosen?: string, known?: Unit[]): Promise<Unit> {
  const units =
    known ??
    ((await db.collection(COLLECTIONS.units).where({ streetIds: c.streetId }).limit(100).get()).data as Unit[]);
  const departments = units
    .filter((u) => u.kind === 'department' && u.streetIds.includes(c.streetId))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  if (chosen) {
    const unit = departments.find((u) => u._id === chosen);
    if (!unit) throw new AppError('NOT_FOUND', '该部门不服务本街道');
    return unit;
  }
  const unit = departments.find((u) => u.handles?.includes(c.category)) ?? departments[0];
  if (!unit) throw new AppError('INVALID_STATE', '本街道没有可报到的职能部门');
  return unit;
}

/** What a complaint step takes besides the common options: the department chosen, or those read with the caller. */
interface DepartmentChoice {
  departmentId?: string;
  /** The departments, when the action read them with the caller. */
  departments?: Unit[];
}

type Next = ComplaintSnapshot & { step: ComplaintStep };

/**
 * A step of the complaint machine (lib/workflow's one step): the machine's move from the snapshot; on the climb to
 * 部门报到, the department that reports; who hears of it — the filer and his neighbours, the handler before and
 * after, not the actor (unless the complaint changed level) — and in what words.
 */
export const step = defineStep({
  collection: COLLECTIONS.complaints,
  subject: 'complaint',
  conflictMessage: '投诉刚刚被他人处理，请刷新后重试',
  transition(c: ComplaintDoc, action: ComplaintAction, actor: Actor, context) {
    const result = complaintTransition(snapshot(c), action, actor, context);
    return result.ok
      ? { ok: true, next: { ...result.complaint, step: result.step }, at: result.step.at, reason: result.step.reason }
      : result;
  },
  async prepare(db, c, next: Next, options: StepOptions & DepartmentChoice) {
    if (next.level !== 'department' || c.level === 'department') return { id: c.departmentId, name: c.departmentName };
    const unit = await responsibleDepartment(db, c, options.departmentId, options.departments);
    return { id: unit._id as string | null, name: unit.name };
  },
  fields: (c, next, department) => ({
    status: next.state,
    level: next.level,
    stateSince: next.stateSince,
    levelSince: next.levelSince,
    deadline: next.deadline,
    escalations: next.escalations,
    handlerId: handlerAt(c, next.level, department.id),
    departmentId: department.id,
    departmentName: department.name,
  }),
  event: (base, c, next): EventDoc => ({ ...base, fromLevel: c.level, toLevel: next.level }),
  audiences({ before: c, next, actor, prepared: department }) {
    const audiences: Array<[Actor, Audience]> = [
      ['resident', { kind: 'user', id: c.filerId }],
      ...c.supporters.map((id): [Actor, Audience] => ['resident', { kind: 'user', id }]),
      [levelRole(c.level), handlerAudience(c, c.level, c.departmentId)],
      [levelRole(next.level), handlerAudience(c, next.level, department.id)],
    ];
    return audiences.filter(([side]) => side !== actor || next.level !== c.level).map(([, a]) => a);
  },
  title: ({ before: c, next }) => `${COMPLAINT_CATEGORIES[c.category].label}投诉：${complaintStateLabel(next.state)}`,
  kind: ({ before: c, next }) => complaintNoticeKind(next.state, next.level !== c.level),
  label: ({ next }) => stepLabel(next.step),
});

/**
 * A step as an action: the complaint (and, for a step that may climb to 部门报到, the departments) come with the
 * caller in one read; the step is one conditional update, answered with the complaint's detail.
 */
export const stepAction = stepActions({
  step,
  access: onComplaint,
  view: toDetail,
  reads: (action: ComplaintAction) =>
    'climbs' in COMPLAINT_ACTIONS[action]
      ? { lookups: departmentsLookup, options: (loaded) => ({ departments: loaded.departments as Unit[] }) }
      : undefined,
});
