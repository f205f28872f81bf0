// A task form rendered from its deployed Camunda Form: a field whose form-js condition hangs on a
// checkbox shows and hides with it (hidden fields are disabled, so they are neither checked nor sent,
// as form-js leaves them out); a file too large for the upload is named before it is sent.
(function () {
  function update(form) {
    form.querySelectorAll('[data-hide-key]').forEach(function (field) {
      var box = form.querySelector('input[type=checkbox][name="' + field.getAttribute('data-hide-key') + '"]');
      var hidden = !!box && box.checked === (field.getAttribute('data-hidden-when') === 'true');
      field.hidden = hidden;
      field.querySelectorAll('input, textarea, select').forEach(function (input) {
        input.disabled = hidden;
      });
    });
  }
  document.querySelectorAll('form[data-task-form]').forEach(function (form) {
    form.addEventListener('change', function () {
      update(form);
    });
    update(form);
  });
  document.querySelectorAll('input[type=file][data-max-bytes]').forEach(function (input) {
    input.addEventListener('change', function () {
      var max = Number(input.getAttribute('data-max-bytes'));
      var big = Array.prototype.filter.call(input.files, function (f) {
        return f.size > max;
      }).map(function (f) {
        return f.name;
      });
      input.setCustomValidity(big.length ? '文件超过 ' + Math.round(max / 1048576) + ' MB 的上限：' + big.join('、') : '');
      input.reportValidity();
    });
  });
})();
