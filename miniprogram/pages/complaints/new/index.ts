import { toast, confirmAction } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import {
  fileComplaint,
  fileOnBehalf,
  listComplaintCategories,
  meToo,
  similarOpen,
} from '../../../services/complaints/index';
import { askSubscriptions } from '../../../services/messages/index';
import { addFormPhotos } from '../../../services/photos';
import { complaintDetailUrl } from '../../../lib/links';
import { MAX_PHOTOS } from '../../../shared/photos';
import { withoutPhoto } from '../../../lib/photos';
import { ASKS } from '../../../shared/notices/templates';
import { makeRequestId } from '../../../shared/request-id';
import {
  DESCRIPTION_MAX,
  PHOTO_FOLDER,
  afterFiling,
  emptyComplaintForm,
  hasErrors,
  serverErrors,
  toCategoryChoices,
  toSimilarRows,
  validateComplaint,
  fileInput,
  type CategoryChoice,
  type ComplaintForm,
  type FormErrors,
  type SimilarRow,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';
import { onBehalfOf, toFileOnBehalf, type ComplaintOnBehalf } from './on-behalf';

type ValueEvent<T> = WechatMiniprogram.CustomEvent<{ value: T }>;

// 我要投诉 (物业投诉): the category first; an open complaint of the same kind in the compound is offered for 附议
// before a duplicate is filed; then what is wrong, photos, and whether neighbours may see the name. Opened from
// 代办下单 with a member (./on-behalf.ts) it is 代办投诉: the same form, filed for him (his 附议 if it is open).
Component({
  behaviors: [textSizeBehavior],
  data: {
    state: 'loading' as 'loading' | 'ready' | 'error',
    message: '',
    categories: [] as CategoryChoice[],
    selected: null as CategoryChoice | null,
    /** The open complaints of the chosen category in his compound. */
    similar: [] as SimilarRow[],
    similarLoading: false,
    joiningId: '',
    form: emptyComplaintForm() as ComplaintForm,
    errors: {} as FormErrors,
    formError: '',
    submitting: false,
    /** One per form, kept across retries: a double tap or a retry files one complaint. */
    requestId: '',
    maxPhotos: MAX_PHOTOS,
    descriptionMax: DESCRIPTION_MAX,
    onBehalf: null as ComplaintOnBehalf | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const onBehalf = onBehalfOf(query);
      this.setData({ requestId: makeRequestId(Date.now()), onBehalf });
      if (onBehalf) wx.setNavigationBarTitle({ title: '代办投诉' });
      return this.load();
    },
    async load() {
      const res = await listComplaintCategories();
      if (!res.ok) {
        this.setData({ state: 'error', message: errorText(res.error) });
        return;
      }
      this.setData({ state: 'ready', categories: toCategoryChoices(res.data) });
    },
    retry() {
      this.setData({ state: 'loading' });
      return this.load();
    },

    async pickCategory(e: Tap<{ id: CategoryChoice['id'] }>) {
      const selected = this.data.categories.find((c) => c.id === e.currentTarget.dataset.id) ?? null;
      if (!selected) return;
      this.setData({
        selected,
        'form.category': selected.id,
        'errors.category': '',
        similar: [],
        similarLoading: !this.data.onBehalf,
      });
      // 代办: filing joins the open one for him (his 附议); the caller's own compound is not the point.
      if (this.data.onBehalf) return;
      const res = await similarOpen({ category: selected.id });
      if (this.data.form.category !== selected.id) return; // another category was picked meanwhile
      this.setData({ similarLoading: false, similar: res.ok ? toSimilarRows(res.data) : [] });
    },
    async joinSimilar(e: Tap<{ id: string }>) {
      const complaintId = e.currentTarget.dataset.id;
      if (this.data.joiningId) return;
      const yes = await confirmAction('我也遇到了', '附议这条投诉？不必重复投诉，办理进展会同样通知您。', '附议');
      if (!yes) return;
      this.setData({ joiningId: complaintId });
      const res = await meToo(complaintId);
      if (!res.ok) {
        this.setData({ joiningId: '' });
        toast(errorText(res.error));
        return;
      }
      toast('已附议', 'success');
      wx.redirectTo({ url: complaintDetailUrl(res.data.id, '&joined=1') });
    },
    noop() {},
    openSimilar(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: complaintDetailUrl(e.currentTarget.dataset.id) });
    },
    onDescription(e: ValueEvent<string>) {
      this.setData({ 'form.notes': e.detail.value, 'errors.description': '' });
    },
    onPublicName(e: ValueEvent<boolean>) {
      this.setData({ 'form.publicName': !!e.detail.value });
    },
    addPhotos() {
      return addFormPhotos(this, 'form', PHOTO_FOLDER);
    },
    removePhoto(e: Tap<{ index: number }>) {
      this.setData({ 'form.photos': withoutPhoto(this.data.form.photos, Number(e.currentTarget.dataset.index)) });
    },

    async submit() {
      if (this.data.submitting) return;
      const { form, requestId } = this.data;
      const errors = validateComplaint(form, requestId);
      if (hasErrors(errors)) {
        this.setData({ errors, formError: '请按提示修改后再提交' });
        return;
      }
      this.setData({ submitting: true, errors: {}, formError: '' });
      const { onBehalf } = this.data;
      // may we tell him when it is answered or escalated (asked in the tap; his answer, whatever it is, then files)
      if (!onBehalf) await askSubscriptions(ASKS.fileComplaint);
      const res = onBehalf
        ? await fileOnBehalf(toFileOnBehalf(onBehalf, form, requestId))
        : await fileComplaint(fileInput(form, requestId));
      if (res.ok) {
        // Stays "submitting" while the page goes: nothing more can be sent from it.
        const next = afterFiling(res.data);
        toast(next.toast, 'success');
        wx.redirectTo({ url: next.url });
        return;
      }
      this.setData({ submitting: false, ...serverErrors(res.error) });
    },
  },
});
