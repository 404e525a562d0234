// 状态: an order's or a complaint's state as a coloured tag, in the words and tone the server gave it.
Component({
  properties: {
    label: { type: String, value: '' },
    /** tdesign's theme: primary / warning / success / danger / default. */
    tone: { type: String, value: 'default' },
    size: { type: String, value: 'large' },
  },
});
