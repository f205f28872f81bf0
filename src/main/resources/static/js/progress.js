// Polls a background job's JSON (report export or scoring run) and shows its progress.
// The box names the URL (data-url) and which counters to read (data-kind: report, scoring or migration).
(function () {
  var box = document.getElementById('progress');
  var text = document.getElementById('progress-text');
  var bar = document.getElementById('progress-bar');
  var link = document.getElementById('download');
  var kinds = {
    report: {names: {RUNNING: '生成中', DONE: '已完成', FAILED: '失败'},
      counts: function (p) { return [p.rowsDone || 0, p.rowsTotal || 0]; },
      detail: function (p, done, total) { return '（' + done + ' / ' + total + ' 行）'; }},
    scoring: {names: {RUNNING: '计算中', DONE: '已完成', FAILED: '失败', NONE: '还没有计算过'},
      counts: function (p) { return [p.unitsDone || 0, p.unitsTotal || 0]; },
      detail: function (p, done, total) { return p.runId ? '（#' + p.runId + '，' + done + ' / ' + total + ' 个单位）' : ''; }},
    migration: {names: {RUNNING: '迁移中', DONE: '已完成', FAILED: '有实例迁移失败'},
      counts: function (p) { return [p.done || 0, p.total || 0]; },
      detail: function (p, done, total) { return '（' + done + ' / ' + total + ' 个实例）'; }}
  };
  var kind = kinds[box.getAttribute('data-kind')];
  function poll() {
    fetch(box.getAttribute('data-url'), {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        var counts = kind.counts(p), done = counts[0], total = counts[1];
        bar.max = Math.max(total, 1);
        bar.value = p.status === 'DONE' ? bar.max : done;
        text.textContent = (kind.names[p.status] || p.status) + kind.detail(p, done, total) + (p.error ? '：' + p.error : '');
        var list = document.getElementById('progress-errors');
        if (list && p.errors) {
          list.textContent = '';
          p.errors.forEach(function (e) { var li = document.createElement('li'); li.textContent = e; list.appendChild(li); });
        }
        if (p.status === 'DONE' && link) { link.style.display = ''; }
        // A page whose other figures came from the server (a migration's instances per version) shows them anew once.
        if (p.status !== 'RUNNING' && box.hasAttribute('data-reload-when-finished') && box.getAttribute('data-status') === 'RUNNING') {
          window.location.reload();
          return;
        }
        if (p.status === 'RUNNING') { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
