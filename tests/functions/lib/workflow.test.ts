/**
 * lib/workflow's one machine step, on a toy workflow: a repair ticket that is opened, climbs to a department (which
 * the step picks before its write, as a complaint's 部门报到 does) and is closed. What every workflow gets from it:
 * the machine's refusal as an AppError, the timeline event, the fields, the notices and records in one
 * conditional write, and the step actions made by `stepActions`.
 */
import { COLLECTIONS, getDb } from '../../../cloudfunctions/lib/db';
import type { NotificationDoc } from '../../../cloudfunctions/lib/notify';
import type { OutboxEntry } from '../../../cloudfunctions/lib/outbox';
import { relatedTo } from '../../../cloudfunctions/lib/access';
import {
  BY_SYSTEM,
  defineStep,
  stepActions,
  sweepTimer,
  type MachineAnswer,
  type StepEvent,
} from '../../../cloudfunctions/lib/workflow';
import { AppError } from '../../../miniprogram/shared/errors';
import { useTestBackend } from '../../helpers/functions';

type State = 'open' | 'escalated' | 'closed';
type Action = 'escalate' | 'close';
type Actor = 'resident' | 'community_staff' | 'system';

interface Ticket {
  _id: string;
  status: State;
  level: number;
  department: string | null;
  timeline: StepEvent[];
  version: number;
  updatedAt: string;
}

const MOVES: Record<Action, Partial<Record<State, State>>> = {
  escalate: { open: 'escalated' },
  close: { open: 'closed', escalated: 'closed' },
};
const LABELS: Record<Action, string> = { escalate: '上报部门', close: '办结' };

/** The toy machine: the staff escalate (climbing a level), anyone closes; a closed ticket never changes. */
function machine(
  ticket: Ticket,
  action: Action,
  actor: Actor,
  context: { at: Date; reason?: string },
): MachineAnswer<{ state: State; level: number }> {
  const to = MOVES[action][ticket.status];
  if (!to) return { ok: false, code: 'INVALID_STATE', message: `工单已${ticket.status}，不能${LABELS[action]}` };
  if (action === 'escalate' && actor === 'resident') return { ok: false, code: 'FORBIDDEN', message: '您不能上报' };
  const level = ticket.level + (action === 'escalate' ? 1 : 0);
  return { ok: true, next: { state: to, level }, at: context.at.toISOString(), reason: (context.reason ?? '').trim() };
}

const committed: Array<{ id: string; records: OutboxEntry[] }> = [];

const step = defineStep({
  collection: COLLECTIONS.topics,
  subject: 'order',
  conflictMessage: '工单刚刚被他人处理',
  transition: machine,
  // A climb picks its department before the write: the one the caller chose, or the first one the database has.
  async prepare(db, ticket: Ticket, next, options: { departmentId?: string }) {
    if (next.level === ticket.level) return { department: ticket.department };
    if (options.departmentId) return { department: options.departmentId };
    const units = await db.collection(COLLECTIONS.units).where({ kind: 'department' }).limit(1).get();
    return { department: (units.data[0] as { _id: string })._id };
  },
  fields: (_ticket, next, prepared) => ({ status: next.state, level: next.level, department: prepared.department }),
  event: (base, _ticket, next) => ({ ...base, toLevel: next.level }) as StepEvent<Action, State, Actor>,
  audiences: ({ after, actor }) => [
    ...(actor === 'resident' ? [] : [{ kind: 'user' as const, id: 'the-resident' }]),
    ...(after.department ? [{ kind: 'unit' as const, id: after.department }] : []),
  ],
  title: ({ next }) => `报修：${next.state}`,
  label: ({ action }) => LABELS[action],
  records: ({ next, event }) =>
    next.state === 'closed'
      ? [{ to: COLLECTIONS.pointsLedger, doc: { _id: `pts-${event.id}`, delta: 10, at: event.at } }]
      : [],
  async committed(_db, ticket, records) {
    committed.push({ id: ticket._id, records });
  },
});

const T = new Date('2026-11-02T01:00:00.000Z');
const backend = useTestBackend();

async function newTicket(id: string): Promise<Ticket> {
  const ticket: Ticket = {
    _id: id,
    status: 'open',
    level: 0,
    department: null,
    timeline: [],
    version: 1,
    updatedAt: T.toISOString(),
  };
  await getDb().collection(COLLECTIONS.topics).add(ticket);
  return ticket;
}
const stored = (id: string) =>
  backend.store.dump().topics!.find((t) => t._id === id) as unknown as Ticket & {
    outbox: OutboxEntry[];
  };
const by = { actorId: 'staff-1', actorName: '王主任' };

beforeEach(() => {
  committed.length = 0;
});

describe('defineStep: one step of a machine, in one conditional write', () => {
  it('writes state, fields, the timeline event and its notices, and answers the document as stored', async () => {
    const ticket = await newTicket('w-1');
    const updated = await step(getDb(), ticket, 'escalate', 'community_staff', T, {
      ...by,
      reason: ' 需要部门 ',
      departmentId: 'dept-water',
    });
    expect(updated).toMatchObject({ status: 'escalated', level: 1, department: 'dept-water', version: 2 });
    expect(updated.timeline).toEqual([
      {
        id: 'w-1-e1',
        action: 'escalate',
        from: 'open',
        to: 'escalated',
        role: 'community_staff',
        actorId: 'staff-1',
        actorName: '王主任',
        at: T.toISOString(),
        reason: '需要部门',
        photos: [],
        toLevel: 1,
      },
    ]);
    const doc = stored('w-1');
    expect(doc).toMatchObject({
      status: 'escalated',
      department: 'dept-water',
      version: 2,
      updatedAt: T.toISOString(),
    });
    expect(doc.timeline).toEqual(updated.timeline);
    // One notice per audience (the resident, the department just chosen), in the ticket's outbox.
    const notices = doc.outbox.map((e) => e.doc as unknown as NotificationDoc);
    expect(notices.map((n) => n.audience).sort()).toEqual(['unit:dept-water', 'user:the-resident']);
    expect(notices[0]).toMatchObject({ title: '报修：escalated', body: '上报部门：需要部门', subject: { id: 'w-1' } });
    expect(committed).toEqual([{ id: 'w-1', records: [] }]);
  });

  it('prepare may read before the write: a climb with no department chosen takes one from the database', async () => {
    const ticket = await newTicket('w-2');
    const updated = await step(getDb(), ticket, 'escalate', 'community_staff', T, by);
    expect(updated.department).toEqual(expect.any(String));
    expect(stored('w-2').department).toBe(updated.department);
  });

  it("a refusal is the machine's code and sentence, and nothing is written", async () => {
    const ticket = await newTicket('w-3');
    const refused = step(getDb(), ticket, 'escalate', 'resident', T, by);
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN', message: '您不能上报' });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    expect(stored('w-3')).toMatchObject({ status: 'open', version: 1, timeline: [] });
    expect(committed).toEqual([]);
  });

  it("a step computed from a version someone changed meanwhile fails with the workflow's CONFLICT sentence", async () => {
    const ticket = await newTicket('w-4');
    await step(getDb(), ticket, 'close', 'system', T, BY_SYSTEM);
    const stale = step(getDb(), ticket, 'escalate', 'community_staff', T, by);
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', message: '工单刚刚被他人处理' });
    expect(stored('w-4')).toMatchObject({ status: 'closed', version: 2 });
    expect(stored('w-4').timeline).toHaveLength(1);
  });

  it("the step's records travel in the same write and are handed to `committed`", async () => {
    const ticket = await newTicket('w-5');
    const closed = await step(getDb(), ticket, 'close', 'system', T, BY_SYSTEM);
    expect(closed.timeline[0]).toMatchObject({ actorId: 'system', actorName: '系统', role: 'system' });
    const record = { to: 'pointsLedger', doc: { _id: 'pts-w-5-e1', delta: 10, at: T.toISOString() } };
    expect(stored('w-5').outbox).toContainEqual(record);
    expect(committed).toEqual([{ id: 'w-5', records: [record] }]);
  });
});

describe('stepActions: a step as an action', () => {
  const onTicket = (action: Action) =>
    relatedTo<Ticket, { ticketId: string }>(
      COLLECTIONS.topics,
      (input) => input.ticketId,
      (doc) => ({ doc, actor: action === 'close' ? 'resident' : 'community_staff' }),
    );
  const stepAction = stepActions({
    step,
    access: onTicket,
    view: (ticket: Ticket, caller, at) => ({ id: ticket._id, status: ticket.status, for: caller.openid, at }),
    // Every climb reads the departments with the caller and hands them to its step.
    reads: (action) =>
      action === 'escalate'
        ? {
            lookups: () => ({ departments: { collection: COLLECTIONS.units, where: { kind: 'department' } } }),
            options: (loaded) => ({ departmentId: (loaded.departments[0] as { _id: string })._id }),
          }
        : undefined,
  });
  const caller = { openid: 'staff-1', user: { _id: 'staff-1', name: '王主任' } } as never;

  it("takes the step as the caller (his id and name), with the action's options, answered through `view`", async () => {
    const ticket = await newTicket('w-6');
    const close = stepAction<{ ticketId: string; note: string }>('close', (input) => ({ reason: input.note }));
    expect(close.access).toMatchObject({ who: 'related' });
    expect(close.reads).toBeUndefined();
    const answer = await close.handler(
      { ticketId: 'w-6', note: '已修好' },
      { caller, db: getDb(), now: () => T, subject: { doc: ticket, actor: 'resident' }, loaded: {} },
    );
    expect(answer).toEqual({ id: 'w-6', status: 'closed', for: 'staff-1', at: T });
    expect(stored('w-6').timeline[0]).toMatchObject({ actorId: 'staff-1', actorName: '王主任', reason: '已修好' });
  });

  it("merges the kind of step's reads with the action's own, and its options under the action's", async () => {
    const ticket = await newTicket('w-7');
    const escalate = stepAction<{ ticketId: string; departmentId?: string }>(
      'escalate',
      (input) => (input.departmentId ? { departmentId: input.departmentId } : {}),
      (input) => ({ ticket: { collection: COLLECTIONS.topics, ids: [input.ticketId] } }),
    );
    expect(Object.keys(escalate.reads!({ ticketId: 'w-7' })).sort()).toEqual(['departments', 'ticket']);
    const loaded = { departments: [{ _id: 'dept-read' }] };
    const ctx = { caller, db: getDb(), now: () => T, subject: { doc: ticket, actor: 'community_staff' }, loaded };
    await escalate.handler({ ticketId: 'w-7' }, ctx);
    expect(stored('w-7').department).toBe('dept-read');
    const other = await newTicket('w-8');
    await escalate.handler(
      { ticketId: 'w-8', departmentId: 'dept-chosen' },
      { ...ctx, subject: { doc: other, actor: 'community_staff' } },
    );
    expect(stored('w-8').department).toBe('dept-chosen');
  });
});

describe('sweepTimer: the due steps of a pass, as the system', () => {
  it('takes the step each due document is due for, and counts each action (zeros too)', async () => {
    const due = await newTicket('w-9');
    await newTicket('w-10');
    const timer = sweepTimer({
      summary: '期满办结',
      everyMinutes: 5,
      actions: ['escalate', 'close'],
      due: async () => [due],
      dueAction: (ticket: Ticket) => (ticket.status === 'open' ? 'close' : null),
      step,
    });
    expect(await timer.run({ db: getDb(), now: () => T })).toEqual({ escalate: 0, close: 1, conflicts: 0 });
    expect(stored('w-9').timeline[0]).toMatchObject({ action: 'close', role: 'system', actorName: '系统' });
    expect(stored('w-10').status).toBe('open');
    // The same (now stale) document again: someone changed it meanwhile, so it is left for the next pass.
    expect(await timer.run({ db: getDb(), now: () => T })).toEqual({ escalate: 0, close: 0, conflicts: 1 });
  });
});
