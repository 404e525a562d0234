/* global document, window, getComputedStyle */
// Runs in Chromium before the capture (page-html.ts inlines it): draws the canvases recorded in the render
// (fidelity.ts) at their laid-out size, and styles input placeholders by their placeholder-class, whose style
// only a laid-out element can tell.
(function () {
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
