import { listBuildings, listCompounds, listGrids } from '../../../services/community/index';
import { createMeeting, getMeeting, listTopics, updateMeeting } from '../../../services/councils/index';
import { toast } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import type { Change, Tap } from '../../../services/events';
import type { PlaceOption } from '../../../shared/api/community';
import type { Topic } from '../../../shared/api/councils';
import type { CouncilLevel } from '../../../shared/councils/scope';
import type { Schedule } from '../../../shared/councils/machine';
import { makeRequestId } from '../../../shared/request-id';
import {
  LEVEL_CHOICES,
  agendaTopics,
  meetingToForm,
  newMeetingForm,
  placeNames,
  scheduleOf,
  toCreateInput,
  toUpdateInput,
  topicChoices,
  validateMeeting,
  type FormErrors,
  type MeetingForm,
  type TopicChoice,
} from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

const TIME_FIELDS = ['startDate', 'startTime', 'endDate', 'endTime', 'deadlineDate', 'deadlineTime'];
const TEXT_FIELDS = ['title', 'description', 'otherItems', 'place'];

// 召集议事会 / 修改会议 (organisers): level and place, title, agenda (residents' topics + own items), times, place,
// capacity and who may join; the contract's and the schedule's rules are checked before sending.
Component({
  behaviors: [textSizeBehavior],
  data: {
    /** '' for a new meeting. */
    meetingId: '',
    communityId: '',
    state: 'loading' as 'loading' | 'ready' | 'error',
    message: '',
    levels: LEVEL_CHOICES,
    levelNames: LEVEL_CHOICES.map((l) => l.label),
    levelIndex: 2,
    form: newMeetingForm('', Date.now()) as MeetingForm,
    /** The schedule as loaded, for an edit (a past deadline left unchanged is fine). */
    before: null as Schedule | null,
    topics: [] as TopicChoice[],
    /** The community's proposed topics (a new meeting): the choices are those that fit the level and place. */
    proposed: [] as Topic[],
    grids: [] as PlaceOption[],
    compounds: [] as PlaceOption[],
    buildings: [] as PlaceOption[],
    gridNames: [] as string[],
    compoundNames: [] as string[],
    buildingNames: [] as string[],
    compoundName: '',
    errors: {} as FormErrors,
    formError: '',
    submitting: false,
    requestId: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({
        meetingId: query.id ?? '',
        communityId: query.communityId ?? '',
        requestId: makeRequestId(Date.now()),
      });
      wx.setNavigationBarTitle({ title: query.id ? '修改会议' : '召集议事会' });
      return this.load();
    },
    async load() {
      const { meetingId, communityId } = this.data;
      if (meetingId) {
        const res = await getMeeting(meetingId);
        if (!res.ok) return this.setData({ state: 'error', message: errorText(res.error) });
        const form = meetingToForm(res.data);
        const agenda = agendaTopics(res.data);
        let topics = agenda;
        if (form.level === 'community') {
          const more = await listTopics({ communityId: form.placeId, status: 'proposed' });
          if (more.ok) topics = [...agenda, ...topicChoices(more.data.items, form)];
        }
        return this.setData({
          state: 'ready',
          form,
          topics,
          before: scheduleOf(form),
          levelIndex: LEVEL_CHOICES.findIndex((l) => l.value === form.level),
        });
      }
      const form = newMeetingForm(communityId, Date.now());
      const res = await listTopics({ communityId, status: 'proposed' });
      if (!res.ok) return this.setData({ state: 'error', message: errorText(res.error) });
      return this.setData({
        state: 'ready',
        form,
        proposed: res.data.items,
        topics: topicChoices(res.data.items, form),
      });
    },
    retry() {
      this.setData({ state: 'loading' });
      return this.load();
    },

    // ── level and place (new meetings only) ──
    async onLevel(e: Change<string, { field: string }>) {
      const levelIndex = Number(e.detail.value);
      const level: CouncilLevel = LEVEL_CHOICES[levelIndex].value;
      const community = level === 'community';
      this.setData({
        levelIndex,
        'form.level': level,
        'form.placeId': community ? this.data.communityId : '',
        'form.placeName': community ? '本社区' : '',
        compoundName: '',
        buildingNames: [],
        'errors.placeId': '',
      });
      this.setData({ topics: topicChoices(this.data.proposed, this.data.form) });
      if (level === 'grid' && this.data.grids.length === 0) {
        const res = await listGrids(this.data.communityId);
        if (!res.ok) return toast(errorText(res.error));
        this.setData({ grids: res.data, gridNames: placeNames(res.data) });
      }
      if (level === 'building' && this.data.compounds.length === 0) {
        const res = await listCompounds(this.data.communityId);
        if (!res.ok) return toast(errorText(res.error));
        this.setData({ compounds: res.data, compoundNames: placeNames(res.data) });
      }
      return undefined;
    },
    /** A grid (grid level) or a building (building level) picked: the meeting's place. */
    onPlace(e: Change<string, { field: string }>) {
      const list = e.currentTarget.dataset.field === 'grids' ? this.data.grids : this.data.buildings;
      const place = list[Number(e.detail.value)];
      if (!place) return;
      this.setData({ 'form.placeId': place.id, 'form.placeName': place.name, 'errors.placeId': '' });
      this.setData({ topics: topicChoices(this.data.proposed, this.data.form, this.checkedTopics()) });
    },
    async onCompound(e: Change<string, { field: string }>) {
      const compound = this.data.compounds[Number(e.detail.value)];
      if (!compound) return;
      this.setData({ compoundName: compound.name, 'form.placeId': '', 'form.placeName': '' });
      const res = await listBuildings(compound.id);
      if (!res.ok) return toast(errorText(res.error));
      this.setData({ buildings: res.data, buildingNames: placeNames(res.data) });
      return undefined;
    },
    checkedTopics(): string[] {
      return this.data.topics.filter((t) => t.checked).map((t) => t.id);
    },

    // ── fields ──
    onText(e: Change<string, { field: string }>) {
      const field = e.currentTarget.dataset.field;
      if (!TEXT_FIELDS.includes(field)) return;
      this.setData({ [`form.${field}`]: e.detail.value, formError: '' });
    },
    onTime(e: Change<string, { field: string }>) {
      const field = e.currentTarget.dataset.field;
      if (!TIME_FIELDS.includes(field)) return;
      this.setData({ [`form.${field}`]: e.detail.value, 'errors.schedule': '', formError: '' });
    },
    onCapacity(e: Change<number, { field: string }>) {
      this.setData({ 'form.capacity': Number(e.detail.value), 'errors.capacity': '' });
    },
    onPartyMembers(e: Change<boolean, { field: string }>) {
      this.setData({ 'form.partyMembers': !!e.detail.value });
    },
    toggleTopic(e: Tap<{ index: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      const topic = this.data.topics[index];
      if (topic) this.setData({ [`topics[${index}].checked`]: !topic.checked, 'errors.agenda': '' });
    },

    async submit() {
      if (this.data.submitting) return;
      const { form, topics, meetingId, before, requestId } = this.data;
      const errors = validateMeeting(form, topics, Date.now(), before ?? undefined);
      if (Object.keys(errors).length > 0) {
        this.setData({ errors, formError: '请按提示修改后再提交' });
        return;
      }
      this.setData({ submitting: true, errors: {}, formError: '' });
      const res = meetingId
        ? await updateMeeting(toUpdateInput(form, topics, meetingId))
        : await createMeeting(toCreateInput(form, topics, requestId));
      if (!res.ok) {
        const message = errorText(res.error);
        const capacity = res.error.code === 'CONFLICT' && message.includes('名额');
        this.setData({ submitting: false, formError: message, ...(capacity && { 'errors.capacity': message }) });
        return;
      }
      this.setData({ submitting: false });
      toast(meetingId ? '已保存' : '议事会已发布', 'success');
      if (meetingId) wx.navigateBack();
      else wx.redirectTo({ url: `/pages/councils/meeting/index?id=${encodeURIComponent(res.data.id)}` });
    },
  },
});
