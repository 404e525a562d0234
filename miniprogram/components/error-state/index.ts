// 出错: why a page could not be shown (the error's words, lib/errors.ts) and, when trying again can help, 重新加载
// (the `retry` event).
Component({
  properties: {
    message: { type: String, value: '' },
    /** Whether 重新加载 is offered (not when the page lacks what it needs to ask again). */
    retryable: { type: Boolean, value: true },
  },
  methods: {
    retry() {
      this.triggerEvent('retry');
    },
  },
});
