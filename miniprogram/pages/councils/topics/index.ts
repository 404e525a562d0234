import {
  acceptTopic,
  backTopic,
  declineTopic,
  listMeetings,
  listTopics,
  proposeTopic,
  withdrawTopic,
} from '../../../services/councils/index';
import { confirmAction, promptReason, toast } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import { addFormPhotos } from '../../../services/photos';
import type { Tap } from '../../../services/events';
import type { Topic } from '../../../shared/api/councils';
import { withoutPhoto } from '../../../lib/photos';
import { makeRequestId } from '../../../shared/request-id';
import type { Result } from '../../../shared/result';
import {
  LEVEL_OPTIONS,
  appendTopics,
  emptyTopicForm,
  loadingTopics,
  meetingChoices,
  proposeErrors,
  toProposeInput,
  withTopic,
  type TopicForm,
  type TopicsViewModel,
} from './view-model';
import { listUpdate } from '../../../lib/paging';
import { textSizeBehavior } from '../../../behaviors/text-size';

const load = pagedLoader(
  ({ communityId }: { vm: TopicsViewModel; communityId: string }, cursor?: number) =>
    listTopics({ ...(communityId && { communityId }), cursor }),
  appendTopics,
);

const chooseFrom = (itemList: string[]) =>
  new Promise<number | null>((resolve) =>
    wx.showActionSheet({
      itemList,
      success: (res) => resolve(res.tapIndex),
      fail: () => resolve(null),
    }),
  );

// 群众说事: residents propose topics for their building, grid or community and back their neighbours' (附议);
// organisers (`?communityId=`) put a topic on an upcoming meeting's agenda or decline it with a reason.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingTopics() as TopicsViewModel,
    /** Organisers: the community whose topics they handle; '' for a resident. */
    communityId: '',
    levels: LEVEL_OPTIONS,
    form: emptyTopicForm() as TopicForm,
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ communityId: query.communityId ?? '', requestId: makeRequestId(Date.now()) });
      return this.load(true);
    },
    ...pagedListMethods(load, loadingTopics),

    // ── the propose form ──
    onLevel(e: Tap<{ level: TopicForm['level'] }>) {
      this.setData({ 'form.level': e.currentTarget.dataset.level, 'form.errors.level': '' });
    },
    onTitle(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.title': e.detail.value, 'form.errors.title': '' });
    },
    onDescription(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.notes': e.detail.value, 'form.errors.description': '' });
    },
    onPublicName(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.publicName': !!e.detail.value });
    },
    addPhotos() {
      return addFormPhotos(this, 'form', 'councils/topics');
    },
    removePhoto(e: Tap<{ index: number }>) {
      this.setData({ 'form.photos': withoutPhoto(this.data.form.photos, Number(e.currentTarget.dataset.index)) });
    },
    async submit() {
      const { form, requestId } = this.data;
      if (form.submitting || form.uploading) return;
      const errors = proposeErrors(form, requestId);
      if (Object.keys(errors).length > 0) {
        this.setData({ 'form.errors': errors });
        return;
      }
      this.setData({ 'form.submitting': true, 'form.error': '' });
      const res = await proposeTopic(toProposeInput(form, requestId));
      if (!res.ok) {
        this.setData({ 'form.submitting': false, 'form.error': errorText(res.error) });
        return;
      }
      this.setData({ form: emptyTopicForm(), requestId: makeRequestId(Date.now()) });
      toast('已提交，邻居可以附议了', 'success');
      await this.load(true);
    },

    // ── actions on a topic ──
    async act(topicId: string, run: () => Promise<Result<Topic>>, done: string) {
      this.setData({ 'vm.busyId': topicId });
      const res = await run();
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        toast(errorText(res.error));
        return;
      }
      this.setData(listUpdate(this.data.vm, withTopic(this.data.vm, res.data)));
      toast(done, 'success');
    },
    back(e: Tap<{ id: string }>) {
      const topicId = e.currentTarget.dataset.id;
      return this.act(topicId, () => backTopic(topicId), '已附议');
    },
    async withdraw(e: Tap<{ id: string }>) {
      const topicId = e.currentTarget.dataset.id;
      if (!(await confirmAction('撤回议题', '撤回后邻居将不能再附议，确定撤回吗？', '撤回'))) return;
      await this.act(topicId, () => withdrawTopic(topicId), '已撤回');
    },
    async accept(e: Tap<{ id: string }>) {
      const topicId = e.currentTarget.dataset.id;
      const res = await listMeetings({ communityId: this.data.communityId, filter: 'upcoming' });
      if (!res.ok) return toast(errorText(res.error));
      const choices = meetingChoices(res.data.items);
      if (choices.length === 0) return toast('没有待召开的议事会，请先召集会议');
      const picked = await chooseFrom(choices.map((c) => c.label));
      if (picked === null || !choices[picked]) return undefined;
      await this.act(topicId, () => acceptTopic({ topicId, meetingId: choices[picked].id }), '已列入议程');
      return undefined;
    },
    async decline(e: Tap<{ id: string }>) {
      const topicId = e.currentTarget.dataset.id;
      const reason = await promptReason('不予采纳', '请填写理由，发起人和附议人会看到');
      if (reason === null) return;
      await this.act(topicId, () => declineTopic({ topicId, reason }), '已不予采纳');
    },
  },
});
