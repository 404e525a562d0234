import { errorText } from '../../../lib/errors';
import { getHome, listCommunities } from '../../../services/community/index';
import { applyPartyMember } from '../../../services/people/index';
import { checkApply, loadingApply, readyApply, withCommunity, type ApplyViewModel } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

type InputEvent = WechatMiniprogram.CustomEvent<{ value: string }>;
type PickEvent = WechatMiniprogram.CustomEvent<{ value: string[] }>;

// 双报到: apply to serve a community as a party-member volunteer.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingApply() as ApplyViewModel, pickerVisible: false },
  methods: {
    async onLoad() {
      const [list, home] = await Promise.all([listCommunities(), getHome()]);
      if (!list.ok) {
        this.setData({ vm: { ...loadingApply(), state: 'error', message: errorText(list.error) } });
        return;
      }
      this.setData({ vm: readyApply(list.data, home.ok ? (home.data.community?.id ?? null) : null) });
    },
    openPicker() {
      this.setData({ pickerVisible: true });
    },
    closePicker() {
      this.setData({ pickerVisible: false });
    },
    onPick(e: PickEvent) {
      this.setData({ vm: withCommunity(this.data.vm, e.detail.value[0]), pickerVisible: false });
    },
    onWorkUnit(e: InputEvent) {
      this.setData({ 'vm.form.workUnit': e.detail.value, 'vm.errors.workUnit': '' });
    },
    onPartyOrganization(e: InputEvent) {
      this.setData({ 'vm.form.partyOrganization': e.detail.value, 'vm.errors.partyOrganization': '' });
    },
    async submit() {
      const vm = this.data.vm;
      const errors = checkApply(vm.form);
      if (Object.values(errors).some(Boolean)) {
        this.setData({ 'vm.errors': errors });
        return;
      }
      this.setData({ 'vm.submitting': true, 'vm.message': '' });
      const res = await applyPartyMember(vm.form);
      this.setData({ 'vm.submitting': false });
      if (!res.ok) {
        this.setData({ 'vm.message': errorText(res.error) });
        return;
      }
      wx.showToast({ title: '已提交，等待社区审核', icon: 'success' });
      wx.navigateBack();
    },
  },
});
