// Draws the dashboard's and the monitoring pages' charts from the JSON the page embeds
// (json_script), with the vendored Chart.js. No inline script: the page's data is inert.
(function () {
  var source = document.getElementById("dasbor-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  Chart.defaults.animation = false;  // drawn once, at once: lighter on cheap phones
  var label = function (id) { var el = document.getElementById(id); return el ? el.dataset : {}; };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  // Long category labels (an IKI, a unit) are shortened to fit a phone's width; the
  // tooltip keeps the whole label.
  var room = window.innerWidth < 576 ? 16 : 40;
  function shorten(text) {
    text = String(text);
    return text.length > room ? text.slice(0, room - 1) + "\u2026" : text;
  }

  // A chart of [label, value] rows: one dataset named by the canvas's data-<key>.
  function rows(id, type, key, pairs, options) {
    options = Object.assign({ responsive: true, maintainAspectRatio: false }, options);
    var axis = options.indexAxis === "y" ? "y" : "x";
    options.scales = Object.assign({}, options.scales);
    options.scales[axis] = Object.assign({}, options.scales[axis]);
    options.scales[axis].ticks = Object.assign({
      callback: function (value) { return shorten(this.getLabelForValue(value)); }
    }, options.scales[axis].ticks);
    draw(id, {
      type: type,
      data: { labels: pairs.map(function (r) { return r[0]; }),
              datasets: [{ label: label(id)[key],
                           data: pairs.map(function (r) { return r[1]; }) }] },
      options: options
    });
  }
  var noLegend = { legend: { display: false } };
  var counts = { y: { beginAtZero: true, ticks: { precision: 0 } } };

  if (data.pegawai) {
    var b = data.pegawai.bulan, t = label("chart-bulan");
    rows("chart-bulan", "bar", "minutes",
         [[t.approved, b.disetujui], [t.waiting, b.diajukan], [t.target, b.target]],
         { indexAxis: "y", plugins: noLegend, scales: { x: { beginAtZero: true } } });
    rows("chart-riwayat", "line", "score", data.pegawai.riwayat,
         { scales: { y: { suggestedMin: 0, suggestedMax: 120 } } });
    rows("chart-capaian", "bar", "achievement", data.pegawai.capaian, { indexAxis: "y" });
  }
  if (data.tim) {
    rows("chart-distribusi", "bar", "people", data.tim.distribusi, { scales: counts });
  }
  if (data.pantau) {
    rows("chart-predikat", "bar", "people", data.pantau.predikat,
         { plugins: noLegend, scales: counts });
    rows("chart-kelengkapan", "bar", "completion", data.pantau.kelengkapan,
         { indexAxis: "y", plugins: noLegend, scales: { x: { min: 0, max: 100 } } });
  }
  if (data.adopsi) {
    rows("chart-adopsi", "line", "share", data.adopsi, { scales: { y: { min: 0, max: 100 } } });
  }
  if (data.ikm) {
    rows("chart-unsur", "bar", "average", data.ikm.unsur,
         { indexAxis: "y", plugins: noLegend, scales: { x: { min: 1, max: 4 } } });
    rows("chart-ikm", "line", "ikm", data.ikm.tren, { scales: { y: { min: 25, max: 100 } } });
  }
})();
