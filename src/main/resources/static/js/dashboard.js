// Draws each <canvas data-chart-table="tableId"> from its table, so a chart never shows a figure the
// table does not. data-columns: the columns to draw (0-based), data-type: bar or line, data-rows: at most
// so many rows. A cell's data-value, when present, is the number to draw (the text may carry units).
(function () {
  function number(cell) {
    var raw = cell.getAttribute('data-value');
    var value = parseFloat(raw !== null ? raw : cell.textContent);
    return isNaN(value) ? null : value;
  }
  document.querySelectorAll('canvas[data-chart-table]').forEach(function (canvas) {
    var table = document.getElementById(canvas.getAttribute('data-chart-table'));
    if (!table || !window.Chart) { return; }
    var headers = table.tHead.rows[0].cells;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows, 0, parseInt(canvas.getAttribute('data-rows') || '1000', 10));
    var columns = canvas.getAttribute('data-columns').split(',').map(Number);
    var colours = ['#b4232a', '#e6a23c', '#409eff', '#67c23a'];
    new Chart(canvas, {
      type: canvas.getAttribute('data-type') || 'bar',
      data: {
        labels: rows.map(function (r) { return r.cells[0].textContent.trim(); }),
        datasets: columns.map(function (c, i) {
          return { label: headers[c].textContent.trim(), data: rows.map(function (r) { return number(r.cells[c]); }),
                   backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length] };
        })
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false }
    });
  });
  // A ranking row opens the score's explanation.
  document.querySelectorAll('tr[data-href]').forEach(function (row) {
    row.addEventListener('click', function (e) {
      if (e.target.closest('a')) { return; }
      window.location.href = row.getAttribute('data-href');
    });
  });
})();
