// Draws the dashboard's charts from the JSON the page embeds (json_script), with the
// vendored Chart.js. No inline script: the page's data is inert JSON.
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

  if (data.pegawai) {
    var b = data.pegawai.bulan, t = label("chart-bulan");
    draw("chart-bulan", {
      type: "bar",
      data: { labels: [t.approved, t.waiting, t.target],
              datasets: [{ label: t.minutes, data: [b.disetujui, b.diajukan, b.target] }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false,
                 plugins: { legend: { display: false } },
                 scales: { x: { beginAtZero: true } } }
    });
    draw("chart-riwayat", {
      type: "line",
      data: { labels: data.pegawai.riwayat.map(function (r) { return r[0]; }),
              datasets: [{ label: label("chart-riwayat").score,
                           data: data.pegawai.riwayat.map(function (r) { return r[1]; }) }] },
      options: { responsive: true, maintainAspectRatio: false,
                 scales: { y: { suggestedMin: 0, suggestedMax: 120 } } }
    });
    draw("chart-capaian", {
      type: "bar",
      data: { labels: data.pegawai.capaian.map(function (r) { return r[0]; }),
              datasets: [{ label: label("chart-capaian").achievement,
                           data: data.pegawai.capaian.map(function (r) { return r[1]; }) }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false }
    });
  }
  if (data.tim) {
    draw("chart-distribusi", {
      type: "bar",
      data: { labels: data.tim.distribusi.map(function (r) { return r[0]; }),
              datasets: [{ label: label("chart-distribusi").people,
                           data: data.tim.distribusi.map(function (r) { return r[1]; }) }] },
      options: { responsive: true, maintainAspectRatio: false,
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  if (data.pantau) {
    draw("chart-predikat", {
      type: "bar",
      data: { labels: data.pantau.predikat.map(function (r) { return r[0]; }),
              datasets: [{ label: label("chart-predikat").people,
                           data: data.pantau.predikat.map(function (r) { return r[1]; }) }] },
      options: { responsive: true, maintainAspectRatio: false,
                 plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    draw("chart-kelengkapan", {
      type: "bar",
      data: { labels: data.pantau.kelengkapan.map(function (r) { return r[0]; }),
              datasets: [{ label: label("chart-kelengkapan").completion,
                           data: data.pantau.kelengkapan.map(function (r) { return r[1]; }) }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false,
                 plugins: { legend: { display: false } },
                 scales: { x: { min: 0, max: 100 } } }
    });
  }
  if (data.adopsi) {
    draw("chart-adopsi", {
      type: "line",
      data: { labels: data.adopsi.map(function (r) { return r[0]; }),
              datasets: [{ label: label("chart-adopsi").share,
                           data: data.adopsi.map(function (r) { return r[1]; }) }] },
      options: { responsive: true, maintainAspectRatio: false,
                 scales: { y: { min: 0, max: 100 } } }
    });
  }
  if (data.ikm) {
    draw("chart-unsur", {
      type: "bar",
      data: { labels: data.ikm.unsur.map(function (r) { return r[0]; }),
              datasets: [{ label: label("chart-unsur").average,
                           data: data.ikm.unsur.map(function (r) { return r[1]; }) }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false,
                 plugins: { legend: { display: false } }, scales: { x: { min: 1, max: 4 } } }
    });
    draw("chart-ikm", {
      type: "line",
      data: { labels: data.ikm.tren.map(function (r) { return r[0]; }),
              datasets: [{ label: "IKM", data: data.ikm.tren.map(function (r) { return r[1]; }) }] },
      options: { responsive: true, maintainAspectRatio: false,
                 scales: { y: { min: 25, max: 100 } } }
    });
  }
})();
