/** 群众说事: a resident proposes a topic, neighbours back it, its proposer withdraws it, organisers decline it. */
import {
  TOPIC_STATES,
  checkBack,
  topicTransition,
  type TopicAction,
} from '../../../miniprogram/shared/councils/machine';
import { bindingOf, scopeAt, scopeKeysOf, type CouncilLevel } from '../../../miniprogram/shared/councils/scope';
import { AppError } from '../../../miniprogram/shared/errors';
import type { Actor } from '../../../miniprogram/shared/orders/machine';
import type { Place } from '../../../miniprogram/shared/schemas/places';
import { registered } from '../../lib/access';
import type { Caller, UserDoc } from '../../lib/caller';
import { COLLECTIONS, type Database } from '../../lib/db';
import { attachPhotos } from '../../lib/media';
import { noticesOf, type Notice } from '../../lib/notify';
import { outboxOf } from '../../lib/outbox';
import { pageOf } from '../../lib/paging';
import { insertOnce } from '../../lib/records';
import { commitStep } from '../../lib/workflow';
import { aboutTopic, organisedWhere, organisesTopic, type CouncilAction, type Organising } from '../access';
import {
  councilCaller,
  councilPhotos,
  event,
  loadTopic,
  refusalOf,
  scopeFields,
  scopeOf,
  topicIdOf,
  users,
  type MeetingDoc,
  type TopicDoc,
} from '../model';
import { toTopic } from '../views';

const PLACE_OF_LEVEL = { building: 'buildingId', grid: 'gridId', community: 'communityId' } as const satisfies Record<
  CouncilLevel,
  keyof UserDoc
>;

export const proposeTopic: CouncilAction<'proposeTopic'> = {
  access: registered,
  // his building, grid or community (by level) joined on his own record
  reads: (input, { openid }) => ({
    place: { collection: COLLECTIONS.places, callerField: PLACE_OF_LEVEL[input.level], field: '_id' },
    // a retry of this request finds the topic it created
    existing: { collection: COLLECTIONS.topics, ids: [topicIdOf(openid, input.requestId)] },
  }),
  async handler(input, { caller, db, now, loaded }) {
    const binding = caller.user ? bindingOf(caller.user) : null;
    if (!binding) throw new AppError('UNAUTHENTICATED', '请先绑定所在社区和楼栋');
    const scope = scopeAt(input.level, binding);
    const id = topicIdOf(caller.openid, input.requestId);
    const existing = loaded.existing[0] as TopicDoc | undefined;
    if (existing) return toTopic(existing, caller, null);
    const place = loaded.place[0] as Place | undefined;
    const { photos, reviews } = await attachPhotos(db, caller, councilPhotos('topic', id), input.photos, now());
    const at = now().toISOString();
    const first = event({ _id: id, timeline: [] }, 'propose', 'proposed', 'proposed', 'resident', caller, at);
    const topic: TopicDoc = {
      _id: id,
      ...scopeFields(scope, place?.name ?? ''),
      title: input.title,
      description: input.description,
      photos,
      photoReviews: reviews,
      proposerId: caller.openid,
      proposerName: caller.user!.name,
      publicName: input.publicName ?? false,
      status: 'proposed',
      backers: [],
      backerCount: 0,
      meetingId: null,
      agendaOf: [],
      declineReason: null,
      createdAt: at,
      timeline: [first],
      version: 1,
    };
    // the community's staff hear of it through the topic's outbox, written with it
    const notice: Notice = {
      audiences: [{ kind: 'community_staff', id: scope.communityId }],
      subject: { type: 'topic', id },
      title: `群众说事：${input.title}`,
      body: `${place?.name ?? ''}的居民提出了新议题`,
    };
    const inserted = await insertOnce(db, COLLECTIONS.topics, {
      ...topic,
      ...outboxOf(noticesOf(first.id, notice, at)),
    });
    if (!inserted) return toTopic(await loadTopic(db, id), caller, null);
    return toTopic(topic, caller, null);
  },
};

export const listTopics: CouncilAction<'listTopics'> = {
  access: registered,
  async handler(input, { caller, db }) {
    const _ = db.command;
    const where: Record<string, unknown> = {};
    if (input.communityId) {
      // Organisers see their community's topics (a grid worker: his grid's).
      Object.assign(where, organisedWhere(db, caller, input.communityId));
    } else {
      const binding = caller.user ? bindingOf(caller.user) : null;
      if (!binding) throw new AppError('UNAUTHENTICATED', '请先绑定所在社区和楼栋');
      where.scopeKey = _.in(scopeKeysOf(binding));
    }
    if (input.level) where.level = input.level;
    if (input.status) where.status = input.status;
    const { docs, nextCursor } = await pageOf<TopicDoc>(
      db,
      COLLECTIONS.topics,
      where,
      [
        ['backerCount', 'desc'],
        ['createdAt', 'asc'],
      ],
      input.cursor,
    );
    const meetingIds = [...new Set(docs.map((t) => t.meetingId).filter((id): id is string => id !== null))];
    const meetings = meetingIds.length
      ? new Map(
          (
            (
              await db
                .collection(COLLECTIONS.meetings)
                .where({ _id: _.in(meetingIds) })
                .limit(meetingIds.length)
                .get()
            ).data as MeetingDoc[]
          ).map((m) => [m._id, m]),
        )
      : new Map<string, MeetingDoc>();
    return {
      items: docs.map((t) => toTopic(t, caller, t.meetingId ? (meetings.get(t.meetingId) ?? null) : null)),
      nextCursor,
    };
  },
};

export const backTopic: CouncilAction<'backTopic'> = {
  access: aboutTopic((topic) => topic),
  async handler(_input, { caller, db, subject }) {
    const topic = subject as TopicDoc;
    const check = checkBack({
      state: topic.status,
      scope: scopeOf(topic),
      caller: councilCaller(caller),
      isProposer: topic.proposerId === caller.openid,
      alreadyBacker: topic.backers.includes(caller.openid),
    });
    if (!check.ok) throw refusalOf(check);
    const _ = db.command;
    // One conditional update: two taps back it once.
    const res = await db
      .collection(COLLECTIONS.topics)
      .where({
        _id: topic._id,
        status: _.in(['proposed', 'accepted']),
        proposerId: _.neq(caller.openid),
        backers: _.nin([caller.openid]),
      })
      .update({ backers: _.push([caller.openid]), backerCount: _.inc(1) });
    if (res.updated !== 1) throw new AppError('CONFLICT', '您已附议');
    return toTopic(
      { ...topic, backers: [...topic.backers, caller.openid], backerCount: topic.backerCount + 1 },
      caller,
      null,
    );
  },
};

export const withdrawTopic: CouncilAction<'withdrawTopic'> = {
  access: aboutTopic((topic, caller) => {
    if (topic.proposerId !== caller.openid) throw new AppError('FORBIDDEN', '只能撤回自己提出的议题');
    return topic;
  }),
  async handler(_input, { caller, db, now, subject }) {
    const topic = subject as TopicDoc;
    const updated = await topicStep(db, topic, 'withdraw', 'resident', caller, now());
    return toTopic(updated, caller, null);
  },
};

export const declineTopic: CouncilAction<'declineTopic'> = {
  access: organisesTopic,
  async handler(input, { caller, db, now, subject }) {
    const { doc: topic, role } = subject as Organising<TopicDoc>;
    const updated = await topicStep(db, topic, 'decline', role, caller, now(), input.reason, {
      declineReason: input.reason,
    });
    return toTopic(updated, caller, null);
  },
};

/** A topic step on its own (withdraw, decline): the versioned commit, and the proposer and backers told. */
async function topicStep(
  db: Database,
  topic: TopicDoc,
  action: TopicAction,
  role: Actor,
  caller: Caller | null,
  at: Date,
  reason = '',
  set: Record<string, unknown> = {},
): Promise<TopicDoc> {
  const result = topicTransition(topic.status, action, role, { at, reason });
  if (!result.ok) throw refusalOf(result);
  return commitStep(
    db,
    COLLECTIONS.topics,
    topic,
    { status: result.to, ...set },
    event(topic, action, topic.status, result.to, role, caller, result.step.at, result.step.reason),
    action === 'withdraw'
      ? null
      : {
          audiences: users([topic.proposerId, ...topic.backers]),
          subject: { type: 'topic', id: topic._id },
          title: `议题${TOPIC_STATES[result.to].label}：${topic.title}`,
          body: reason,
        },
  );
}
