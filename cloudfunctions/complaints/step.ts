/**
 * A step of the complaint machine, in two parts: what complaints decide (`decideStep`: the machine's move from the
 * snapshot, the department that reports when it climbs to 部门报到, the fields, who hears of it and in what words)
 * and the write (`step`: the timeline event and its notices in one conditional update, lib/workflow's commitStep).
 * `stepAction` makes an action of a step.
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
} from '../../miniprogram/shared/complaints/machine';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import type { Unit } from '../../miniprogram/shared/schemas/places';
import type { Caller, Lookups } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import type { Audience, Notice } from '../lib/notify';
import type { ActionContext } from '../lib/router';
import { commitStep, nextEventId } from '../lib/workflow';
import { onComplaint, type OnComplaint } from './access';
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

export interface StepOptions {
  reason?: string;
  photos?: string[];
  set?: Record<string, unknown>;
  departmentId?: string;
  /** The departments, when the action read them with the caller. */
  departments?: Unit[];
  actorId: string;
  actorName: string;
}

/** A step as complaints decide it: the fields it sets, its timeline event and its notice. */
interface DecidedStep {
  fields: Record<string, unknown>;
  event: EventDoc;
  notice: Notice;
}

async function decideStep(
  db: Database,
  c: ComplaintDoc,
  action: ComplaintAction,
  actor: Actor,
  now: Date,
  options: StepOptions,
): Promise<DecidedStep> {
  const result = complaintTransition(snapshot(c), action, actor, { at: now, reason: options.reason });
  if (!result.ok) throw new AppError(result.code, result.message);
  const next = result.complaint;
  let department = { id: c.departmentId, name: c.departmentName };
  if (next.level === 'department' && c.level !== 'department') {
    const unit = await responsibleDepartment(db, c, options.departmentId, options.departments);
    department = { id: unit._id, name: unit.name };
  }
  const event: EventDoc = {
    id: nextEventId(c),
    action,
    from: c.status,
    to: next.state,
    fromLevel: c.level,
    toLevel: next.level,
    role: actor,
    actorId: options.actorId,
    actorName: options.actorName,
    at: result.step.at,
    reason: result.step.reason,
    photos: options.photos ?? [],
  };
  const fields = {
    status: next.state,
    level: next.level,
    stateSince: next.stateSince,
    levelSince: next.levelSince,
    deadline: next.deadline,
    escalations: next.escalations,
    handlerId: handlerAt(c, next.level, department.id),
    departmentId: department.id,
    departmentName: department.name,
    updatedAt: event.at,
    ...options.set,
  };
  // Everyone concerned hears of it: the filer and his neighbours, the handler before and after, not the actor.
  const audiences: Array<[Actor, Audience]> = [
    ['resident', { kind: 'user', id: c.filerId }],
    ...c.supporters.map((id): [Actor, Audience] => ['resident', { kind: 'user', id }]),
    [levelRole(c.level), handlerAudience(c, c.level, c.departmentId)],
    [levelRole(next.level), handlerAudience(c, next.level, department.id)],
  ];
  const notice: Notice = {
    audiences: audiences.filter(([side]) => side !== actor || next.level !== c.level).map(([, a]) => a),
    subject: { type: 'complaint', id: c._id },
    title: `${COMPLAINT_CATEGORIES[c.category].label}投诉：${complaintStateLabel(next.state)}`,
    kind: complaintNoticeKind(next.state, next.level !== c.level),
    body: `${stepLabel(result.step)}${event.reason ? `：${event.reason}` : ''}`,
  };
  return { fields, event, notice };
}

/** Takes a step: decided, then written with its event and notices in one update on the version it was read at. */
export async function step(...args: Parameters<typeof decideStep>): Promise<ComplaintDoc> {
  const [db, complaint] = args;
  const { fields, event, notice } = await decideStep(...args);
  return commitStep(db, COLLECTIONS.complaints, complaint, fields, event, notice, '投诉刚刚被他人处理，请刷新后重试');
}

const actorName = (caller: Caller) => caller.user?.name ?? '';

/** What a step action adds from its input: the reason, photos, fields it sets, the department chosen. */
type StepInputs<I> = (input: I, ctx: { complaint: ComplaintDoc; caller: Caller; now: Date }) => Partial<StepOptions>;

/**
 * A step as an action: the complaint (and, for a step that may climb to 部门报到, the departments) come with the
 * caller in one read; the step is one conditional update.
 */
export const stepAction = <I extends { complaintId: string }>(
  action: ComplaintAction,
  options: StepInputs<I> = () => ({}),
) => {
  const climbs = 'climbs' in COMPLAINT_ACTIONS[action];
  return {
    access: onComplaint(action),
    ...(climbs && { reads: departmentsLookup }),
    async handler(input: I, { caller, db, now, subject, loaded }: ActionContext) {
      const { complaint, actor } = subject as OnComplaint;
      const at = now();
      const updated = await step(db, complaint, action, actor, at, {
        actorId: caller.openid,
        actorName: actorName(caller),
        ...(climbs && { departments: loaded.departments as Unit[] }),
        ...options(input, { complaint, caller, now: at }),
      });
      return toDetail(updated, caller, at);
    },
  };
};
