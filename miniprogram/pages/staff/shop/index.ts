import { errorText } from '../../../lib/errors';
import { listUpdate } from '../../../lib/paging';
import { cancelPrompt } from '../../../lib/shop-cards';
import { confirmAction, promptText, toast } from '../../../services/dialogs';
import type { Change, Tap } from '../../../services/events';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import {
  addShopItem,
  cancelRedemption,
  editShopItem,
  findRedemption,
  handOverRedemption,
  listShopItems,
  restockItem,
  setItemOnSale,
} from '../../../services/shop/index';
import type { Redemption, ShopItem } from '../../../shared/api/shop';
import { makeRequestId } from '../../../shared/request-id';
import { textSizeBehavior } from '../../../behaviors/text-size';
import type { Result } from '../../../shared/result';
import {
  appendCataloguePage,
  foundCard,
  formInput,
  handOverPrompt,
  isFormField,
  loadingStaffShop,
  offSalePrompt,
  openForm,
  restockAmount,
  withItem,
  type StaffShopViewModel,
} from './view-model';

/** The page's `load(replace)`: the catalogue, a page at a time (off-sale items too). */
const load = pagedLoader(
  ({ vm }: { vm: StaffShopViewModel }, cursor?: number) =>
    listShopItems({ ...(vm.communityId && { communityId: vm.communityId }), cursor }),
  appendCataloguePage,
);

// 积分超市 (community staff): hand an item over against its pickup code; keep the catalogue.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingStaffShop() as StaffShopViewModel },
  methods: {
    /** `code`: opened with a pickup code (typed elsewhere, or scanned) — it is looked up at once. */
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ vm: loadingStaffShop(query.communityId ?? '') });
      await this.load(true);
      if (query.code) {
        this.setData({ 'vm.lookup.code': query.code });
        await this.findCode();
      }
    },
    ...pagedListMethods(load, ({ vm }) => loadingStaffShop(vm.communityId)),

    // 凭码交付
    onCodeInput(e: Change<string>) {
      this.setData({ 'vm.lookup.code': e.detail.value, 'vm.lookup.message': '' });
    },
    async findCode() {
      const { lookup, communityId } = this.data.vm;
      if (!lookup.code.trim() || lookup.searching) return;
      this.setData({ 'vm.lookup.searching': true, 'vm.lookup.card': null });
      const res = await findRedemption({ communityId, code: lookup.code });
      if (!res.ok) {
        this.setData({ 'vm.lookup.searching': false, 'vm.lookup.message': errorText(res.error) });
        return;
      }
      this.setData({ 'vm.lookup': foundCard(this.data.vm.lookup, res.data) });
    },
    async stepFound(run: (id: string) => Promise<Result<Redemption>>, prompt: string, title: string, done: string) {
      const card = this.data.vm.lookup.card;
      if (!card || !(await confirmAction(title, prompt, title))) return;
      this.setData({ 'vm.busyId': card.id });
      const res = await run(card.id);
      this.setData({ 'vm.busyId': '' });
      if (!res.ok) {
        toast(errorText(res.error));
        return;
      }
      this.setData({ 'vm.lookup': foundCard(this.data.vm.lookup, res.data) });
      toast(done, 'success');
      // the stock changed (a cancel gives the unit back)
      await this.load(true);
    },
    handOver() {
      const card = this.data.vm.lookup.card;
      if (!card?.canHandOver) return undefined;
      return this.stepFound(handOverRedemption, handOverPrompt(card), '确认交付', '已交付');
    },
    cancelFound() {
      const card = this.data.vm.lookup.card;
      if (!card?.canCancel) return undefined;
      return this.stepFound(cancelRedemption, cancelPrompt(card), '取消兑换', '已取消，积分已退回');
    },

    // 物品目录
    async changeRow(id: string, run: () => Promise<Result<ShopItem>>, done: string) {
      this.setData({ 'vm.busyId': id });
      const res = await run();
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        toast(errorText(res.error));
        return;
      }
      this.setData(listUpdate(this.data.vm, withItem(this.data.vm, res.data)));
      toast(done, 'success');
    },
    async toggleSale(e: Tap<{ id: string }>) {
      const row = this.data.vm.items.find((r) => r.id === e.currentTarget.dataset.id);
      if (!row || this.data.vm.busyId) return;
      if (row.onSale && !(await confirmAction('下架', offSalePrompt(row), '下架'))) return;
      await this.changeRow(row.id, () => setItemOnSale(row.id, !row.onSale), row.onSale ? '已下架' : '已上架');
    },
    async restock(e: Tap<{ id: string }>) {
      const row = this.data.vm.items.find((r) => r.id === e.currentTarget.dataset.id);
      if (!row || this.data.vm.busyId) return;
      const typed = await promptText(`补货：${row.name}`, '补货数量');
      if (typed === null) return;
      const add = restockAmount(typed);
      if (add === null) {
        toast('请填写大于0的整数');
        return;
      }
      await this.changeRow(row.id, () => restockItem({ itemId: row.id, add }), '已补货');
    },
    newItem() {
      this.setData({ 'vm.form': openForm() });
    },
    editItem(e: Tap<{ id: string }>) {
      const row = this.data.vm.items.find((r) => r.id === e.currentTarget.dataset.id);
      if (row) this.setData({ 'vm.form': openForm(row) });
    },
    closeForm() {
      this.setData({ 'vm.form.open': false });
    },
    onFormInput(e: Change<string, { field: string }>) {
      const { field } = e.currentTarget.dataset;
      if (isFormField(field)) this.setData({ [`vm.form.${field}`]: e.detail.value, 'vm.form.error': '' });
    },
    async submitForm() {
      const { form, communityId } = this.data.vm;
      if (form.saving) return;
      const input = formInput(form);
      if (!input.ok) {
        this.setData({ 'vm.form.error': input.error });
        return;
      }
      this.setData({ 'vm.form.saving': true });
      const fields = { name: input.name, description: input.description, price: input.price };
      const res = form.itemId
        ? await editShopItem({ itemId: form.itemId, ...fields })
        : await addShopItem({ communityId, requestId: makeRequestId(Date.now()), ...fields, stock: input.stock });
      if (!res.ok) {
        this.setData({ 'vm.form.saving': false, 'vm.form.error': errorText(res.error) });
        return;
      }
      this.setData({ vm: { ...withItem(this.data.vm, res.data), form: { ...form, open: false, saving: false } } });
      toast(form.itemId ? '已保存' : '已上架', 'success');
    },
  },
});
