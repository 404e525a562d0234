// 空: a list with nothing in it says so in its own words, with what to do next when there is something
// (去注册、我要下单: the `action` event).
Component({
  properties: {
    /** tdesign's icon name. */
    icon: { type: String, value: 'check-circle' },
    message: { type: String, value: '' },
    /** The button's words; '' for none. */
    actionText: { type: String, value: '' },
  },
  methods: {
    act() {
      this.triggerEvent('action');
    },
  },
});
