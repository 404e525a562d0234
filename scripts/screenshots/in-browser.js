/* global document, window, getComputedStyle */
// Runs in Chromium before the capture (page-html.ts inlines it) and does what needs layout, which jsdom has
// not: draws the canvases recorded in the render (fidelity.ts) at their laid-out size, places tdesign's tab
// underline under the active tab (tdesign measures the tabs with SelectorQuery: all zero under jsdom), and styles
// input placeholders by their placeholder-class.
(function () {
  document.querySelectorAll('[class*="t-tabs__track"]').forEach(function (track) {
    var active = track.parentElement.querySelector('[class*="t-tabs__item--active"]');
    if (!active) return;
    var left =
      active.getBoundingClientRect().left -
      track.parentElement.getBoundingClientRect().left +
      (active.offsetWidth - track.offsetWidth) / 2;
    track.style.opacity = '1';
    track.style.transform = 'translateX(' + left + 'px)';
  });
  document.querySelectorAll('canvas[data-record]').forEach(function (canvas) {
    var record = JSON.parse(canvas.dataset.record);
    canvas.width = canvas.clientWidth * window.devicePixelRatio;
    canvas.height = canvas.clientHeight * window.devicePixelRatio;
    var context = canvas.getContext('2d');
    var recordedWidth = record.side;
    var reset = function () {
      var k = canvas.width / recordedWidth;
      context.setTransform(k, 0, 0, k, 0, 0);
    };
    reset();
    record.ops.forEach(function (op) {
      if (op[0] === 'resize') {
        if (op[1] === 'width') recordedWidth = op[2];
        reset();
      } else if (op[0] === 'set') context[op[1]] = op[2];
      else context[op[1]].apply(context, op[2]);
    });
  });
  var rules = [];
  document.querySelectorAll('[data-placeholder-class]').forEach(function (field, index) {
    var probe = document.createElement('span');
    probe.className = field.dataset.placeholderClass;
    field.parentElement.appendChild(probe);
    var style = getComputedStyle(probe);
    field.setAttribute('data-placeholder-id', String(index));
    rules.push(
      '[data-placeholder-id="' + index + '"]::placeholder{color:' + style.color + ';font-size:' + style.fontSize + '}',
    );
    probe.remove();
  });
  var sheet = document.createElement('style');
  sheet.textContent = rules.join('\n');
  document.head.appendChild(sheet);
})();
