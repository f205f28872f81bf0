// What would otherwise be inline handlers: the pages' Content-Security-Policy runs scripts from files only.
(function () {
  document.addEventListener('submit', function (e) {
    var question = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      e.preventDefault();
    }
  });
  document.addEventListener('click', function (e) {
    if (e.target.closest && e.target.closest('[data-print]')) {
      e.preventDefault();
      window.print();
    }
  });
})();
