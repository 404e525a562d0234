import { errorText } from '../../../lib/errors';
import { toast } from '../../../services/dialogs';
import { askSubscriptions } from '../../../services/messages/index';
import { ASKS } from '../../../shared/notices/templates';
import { getHome } from '../../../services/community/index';
import {
  createOnBehalf,
  createOrder,
  findResidents,
  intakeBuildings,
  listCategories,
} from '../../../services/orders/index';
import { uploadOwnPhoto } from '../../../services/photos';
import { MAX_PHOTOS } from '../../../shared/photos';
import { makeRequestId } from '../../../shared/request-id';
import { complaintOnBehalfUrl, orderDetailUrl } from '../../../lib/links';
import {
  ADDRESS_MAX,
  CONTACT_OPTIONS,
  DESCRIPTION_MAX,
  PHOTO_FOLDER,
  TIME_OPTIONS,
  addPhotos,
  defaultPlace,
  emptyForm,
  findCategory,
  readyForm,
  hasErrors,
  photosNote,
  progressChanged,
  removePhoto,
  serverErrors,
  toCreateInput,
  toUploadFiles,
  updatePhoto,
  validateOrder,
  type CategoryGroup,
  type CategoryOption,
  type FormErrors,
  type OrderForm,
  type PhotoItem,
  type UploadFile,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';
import type { IntakeBuilding, ResidentOption } from '../../../shared/api/intake';
import {
  CHANNEL_OPTIONS,
  WHOM_OPTIONS,
  emptyOnBehalf,
  onBehalfPlace,
  residentLines,
  serverWhomErrors,
  toOnBehalfInput,
  validateOnBehalf,
  type OnBehalf,
  type ResidentLine,
  type WhomErrors,
} from './on-behalf';

type ValueEvent<T> = WechatMiniprogram.CustomEvent<{ value: T }>;

// 我要下单 (居民下单): what kind of help, what is wrong, where and when; photos optional. Opened with
// `onBehalf=<community or grid id>` it is 代办下单: staff fill the same form in for a resident (./on-behalf.ts).
Component({
  behaviors: [textSizeBehavior],
  data: {
    state: 'loading' as 'loading' | 'ready' | 'error' | 'unregistered',
    message: '',
    groups: [] as CategoryGroup[],
    pickerOpen: true,
    selected: null as CategoryOption | null,
    place: '',
    form: emptyForm(),
    photos: [] as PhotoItem[],
    uploadFiles: [] as UploadFile[],
    photoError: '',
    photoInfo: `0/${MAX_PHOTOS}`,
    photoSeq: 0,
    errors: {} as FormErrors,
    formError: '',
    submitting: false,
    /** One per form, kept across retries: a double tap or a retry creates one order. */
    requestId: '',
    timeOptions: TIME_OPTIONS,
    contactOptions: CONTACT_OPTIONS,
    maxPhotos: MAX_PHOTOS,
    descriptionMax: DESCRIPTION_MAX,
    addressMax: ADDRESS_MAX,
    // 代办 only
    onBehalf: null as OnBehalf | null,
    channelOptions: CHANNEL_OPTIONS,
    whomOptions: WHOM_OPTIONS,
    keyword: '',
    residents: [] as ResidentOption[],
    residentLines: [] as ResidentLine[],
    residentsCursor: null as number | null,
    residentsMessage: '',
    buildings: [] as IntakeBuilding[],
    buildingsOpen: false,
    whomErrors: {} as WhomErrors,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ requestId: makeRequestId(Date.now()), form: emptyForm(query.category ?? '') });
      if (query.onBehalf) {
        this.setData({ onBehalf: emptyOnBehalf(query.onBehalf) });
        wx.setNavigationBarTitle({ title: '代办下单' });
        return this.loadOnBehalf();
      }
      return this.load();
    },
    /** 代办: the catalogue, the buildings of his scope (for a recorded resident) and the first residents. */
    async loadOnBehalf() {
      const scopeId = this.data.onBehalf!.scopeId;
      const [categories, buildings] = await Promise.all([listCategories(), intakeBuildings(scopeId)]);
      if (!categories.ok || !buildings.ok) {
        const error = !categories.ok ? categories.error : !buildings.ok ? buildings.error : null;
        this.setData({ state: 'error', message: errorText(error!) });
        return;
      }
      this.setData({ ...readyForm(categories.data, this.data.form.categoryId), buildings: buildings.data });
      this.showPlace();
      await this.searchResidents();
    },
    async load() {
      const [categories, home] = await Promise.all([listCategories(), getHome()]);
      if (home.ok && !home.data.community) {
        this.setData({ state: 'unregistered' });
        return;
      }
      if (!categories.ok) {
        this.setData({ state: 'error', message: errorText(categories.error) });
        return;
      }
      this.setData({
        ...readyForm(categories.data, this.data.form.categoryId),
        place: defaultPlace(home.ok ? home.data : null),
      });
    },
    retry() {
      this.setData({ state: 'loading' });
      return this.data.onBehalf ? this.loadOnBehalf() : this.load();
    },

    // ── 代办: how he reached us, whom it is for ──
    setOnBehalf(change: Partial<OnBehalf>, extra: WechatMiniprogram.IAnyObject = {}) {
      this.setData({ onBehalf: { ...this.data.onBehalf!, ...change }, ...extra });
      this.showPlace();
    },
    showPlace() {
      this.setData({ place: onBehalfPlace(this.data.onBehalf!) });
    },
    onChannel(e: ValueEvent<OnBehalf['channel']>) {
      this.setOnBehalf({ channel: e.detail.value });
    },
    onWhom(e: ValueEvent<OnBehalf['whom']>) {
      this.setOnBehalf({ whom: e.detail.value }, { whomErrors: {}, buildingsOpen: false });
    },
    onKeyword(e: ValueEvent<string>) {
      this.setData({ keyword: e.detail.value });
    },
    /** The first page of residents matching the keyword (all of his scope without one). */
    searchResidents() {
      return this.loadResidents(true);
    },
    moreResidents() {
      return this.data.residentsCursor === null ? undefined : this.loadResidents(false);
    },
    async loadResidents(replace: boolean) {
      const keyword = this.data.keyword.trim();
      const res = await findResidents({
        scopeId: this.data.onBehalf!.scopeId,
        ...(keyword && { keyword }),
        ...(!replace && { cursor: this.data.residentsCursor ?? undefined }),
      });
      if (!res.ok) {
        this.setData({ residentsMessage: errorText(res.error) });
        return;
      }
      const residents = replace ? res.data.items : [...this.data.residents, ...res.data.items];
      this.setData({
        residents,
        residentLines: residentLines(residents),
        residentsCursor: res.data.nextCursor,
        residentsMessage: residents.length === 0 ? '没有找到居民，可改选“未注册居民”记录姓名电话' : '',
      });
    },
    pickResident(e: Tap<{ id: string }>) {
      const member = this.data.residents.find((r) => r.id === e.currentTarget.dataset.id) ?? null;
      this.setOnBehalf({ member }, { 'whomErrors.member': '' });
    },
    /** 代办投诉: a member's matter is about his compound's property company — the complaint form, for him. */
    fileComplaintFor() {
      const { onBehalf } = this.data;
      if (!onBehalf?.member) return;
      wx.navigateTo({ url: complaintOnBehalfUrl(onBehalf.member, onBehalf.channel) });
    },
    onRecordedName(e: ValueEvent<string>) {
      this.setOnBehalf({ name: e.detail.value }, { 'whomErrors.name': '' });
    },
    onRecordedPhone(e: ValueEvent<string>) {
      this.setOnBehalf({ phone: e.detail.value }, { 'whomErrors.phone': '' });
    },
    toggleBuildings() {
      if (this.data.onBehalf?.whom === 'recorded') this.setData({ buildingsOpen: !this.data.buildingsOpen });
    },
    pickBuilding(e: Tap<{ id: string }>) {
      const building = this.data.buildings.find((b) => b.buildingId === e.currentTarget.dataset.id) ?? null;
      this.setOnBehalf({ building }, { buildingsOpen: false, 'whomErrors.building': '' });
    },
    goRegister() {
      wx.redirectTo({ url: '/pages/onboarding/index' });
    },

    togglePicker() {
      this.setData({ pickerOpen: !this.data.pickerOpen });
    },
    pickCategory(e: Tap<{ id: string }>) {
      const selected = findCategory(this.data.groups, e.currentTarget.dataset.id);
      if (!selected) return;
      this.setData({ selected, pickerOpen: false, 'form.categoryId': selected.id, 'errors.categoryId': '' });
    },
    onDescription(e: ValueEvent<string>) {
      this.setData({ 'form.description': e.detail.value, 'errors.description': '' });
    },
    onAddress(e: ValueEvent<string>) {
      this.setData({ 'form.address': e.detail.value, 'errors.address': '' });
    },
    onPreferredTime(e: ValueEvent<OrderForm['preferredTime']>) {
      this.setData({ 'form.preferredTime': e.detail.value });
    },
    onContact(e: ValueEvent<OrderForm['contact']>) {
      this.setData({ 'form.contact': e.detail.value });
    },
    onPrivateContact(e: ValueEvent<boolean>) {
      this.setData({ 'form.privateContact': !!e.detail.value });
    },

    setPhotos(photos: PhotoItem[], extra: WechatMiniprogram.IAnyObject = {}) {
      const note = photosNote(photos);
      this.setData({
        photos,
        uploadFiles: toUploadFiles(photos),
        photoError: note.error,
        photoInfo: note.info,
        ...extra,
      });
    },
    /** t-upload picked photos (wx.chooseMedia): each uploads on its own, with its progress. */
    onPhotoAdd(e: WechatMiniprogram.CustomEvent<{ files: { url: string }[] }>) {
      const paths = (e.detail.files ?? []).map((f) => f.url);
      const { photos, added, dropped } = addPhotos(this.data.photos, paths, this.data.photoSeq);
      this.setPhotos(photos, { photoSeq: this.data.photoSeq + paths.length, 'errors.photos': '' });
      if (dropped > 0) toast(`最多上传${MAX_PHOTOS}张照片`);
      return Promise.all(added.map((photo) => this.upload(photo.key)));
    },
    async upload(key: string) {
      const photo = this.data.photos.find((p) => p.key === key);
      if (!photo) return;
      const res = await uploadOwnPhoto(photo.path, PHOTO_FOLDER, ({ percent }) => {
        if (progressChanged(this.data.photos, key, percent))
          this.setPhotos(updatePhoto(this.data.photos, key, { percent }));
      });
      this.setPhotos(
        updatePhoto(
          this.data.photos,
          key,
          res.ok
            ? { status: 'done', percent: 100, fileID: res.data.fileID, message: '' }
            : { status: 'failed', message: errorText(res.error) },
        ),
      );
    },
    onPhotoRemove(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setPhotos(removePhoto(this.data.photos, e.detail.index), { 'errors.photos': '' });
    },
    /** Tapping a failed photo uploads it again. */
    onPhotoClick(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const photo = this.data.photos[e.detail.index];
      if (!photo || photo.status !== 'failed') return undefined;
      this.setPhotos(updatePhoto(this.data.photos, photo.key, { status: 'loading', percent: 0, message: '' }));
      return this.upload(photo.key);
    },

    async submit() {
      if (this.data.submitting) return;
      if (this.data.onBehalf) return this.submitOnBehalf();
      const { form, photos, requestId } = this.data;
      const errors = validateOrder(form, photos, requestId);
      if (hasErrors(errors)) {
        this.setData({
          errors,
          formError: '请按提示修改后再提交',
          pickerOpen: this.data.pickerOpen || !!errors.categoryId,
        });
        return;
      }
      // 下单: may we tell him when it is accepted, done, and to rate (asked in the tap, as WeChat requires)
      void askSubscriptions(ASKS.placeOrder);
      this.setData({ submitting: true, errors: {}, formError: '' });
      const res = await createOrder(toCreateInput(form, photos, requestId));
      if (res.ok) {
        // Stays "submitting" while the page goes: nothing more can be sent from it.
        toast('已提交', 'success');
        wx.redirectTo({ url: orderDetailUrl(res.data.id) });
        return;
      }
      this.setData({ submitting: false, ...serverErrors(res.error) });
    },
    /** 代办: the same form, for him; staff wait for nothing, so no subscription is asked. */
    async submitOnBehalf() {
      const { form, photos, requestId, onBehalf } = this.data;
      const errors = validateOrder(form, photos, requestId);
      const whomErrors = validateOnBehalf(onBehalf!);
      if (hasErrors(errors) || hasErrors(whomErrors)) {
        this.setData({
          errors,
          whomErrors,
          formError: '请按提示修改后再提交',
          pickerOpen: this.data.pickerOpen || !!errors.categoryId,
        });
        return;
      }
      this.setData({ submitting: true, errors: {}, whomErrors: {}, formError: '' });
      const res = await createOnBehalf(toOnBehalfInput(onBehalf!, form, photos, requestId));
      if (res.ok) {
        toast('已代办', 'success');
        wx.redirectTo({ url: orderDetailUrl(res.data.id) });
        return;
      }
      this.setData({ submitting: false, ...serverErrors(res.error), whomErrors: serverWhomErrors(res.error) });
    },
  },
});
