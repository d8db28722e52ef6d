/* The installable app on the page side (see templates/pwa/sw.js for the worker):
   - registers the service worker for a logged-in person;
   - forgets what the phone kept when the person logs out, or when someone else logs in;
   - on the day page: a new one-time key for each entry, the catalogue offline, and the
     queue of activities saved without a connection, each with its status, sent when the
     connection is back (on load, on "online", or with the button). */
(function () {
  "use strict";
  var body = document.body;
  var pemilik = body.getAttribute("data-pegawai");
  if (!pemilik || !("serviceWorker" in navigator) || !window.indexedDB) { return; }
  var PEMILIK = "ekinerja-pemilik";

  navigator.serviceWorker.register(body.getAttribute("data-sw"), {scope: "/"});

  // What is the person's: the day pages kept and the queue (the static files the worker
  // keeps are everyone's, and stay).
  function lupakan() {
    var halaman = window.caches ? caches.delete("ekinerja-halaman") : Promise.resolve();
    return Promise.all([halaman, AntreanLuring.kosongkan()]).catch(function () {});
  }

  if (window.localStorage.getItem(PEMILIK) !== pemilik) {
    // Another person used this phone before: nothing of theirs stays.
    lupakan().then(function () { window.localStorage.setItem(PEMILIK, pemilik); });
  }

  function milikSaya() {
    return AntreanLuring.semua().then(function (items) {
      return items.filter(function (item) { return item.pemilik === pemilik; })
        .sort(function (a, b) { return a.disimpan - b.disimpan; });  // as queued
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-keluar") || form.dataset.siap) { return; }
    event.preventDefault();
    function keluar() {
      window.localStorage.removeItem(PEMILIK);
      form.dataset.siap = "1";
      form.submit();
    }
    milikSaya().then(function (items) {
      // Waiting or refused: neither is saved on the server.
      if (items.length && !window.confirm(form.getAttribute("data-antrean-ada")
          .replace("%(n)s", items.length))) { return; }
      lupakan().then(keluar);
    }, function () {
      lupakan().then(keluar);  // the phone's store cannot be read: log out all the same
    });
  });

  var panel = document.getElementById("antrean");
  var form = document.getElementById("form-aktivitas");
  if (!panel || !form) { return; }
  var daftar = document.getElementById("antrean-daftar");
  var keadaan = document.getElementById("antrean-keadaan");
  var teks = panel.dataset;

  function kunciBaru() {
    return window.crypto.randomUUID();
  }
  // The page may come from the phone's cache: each entry needs a key of its own.
  form.querySelector("[name=kunci_kiriman]").value = kunciBaru();
  // And "my day" kept yesterday shows yesterday: an entry made on it today is for today
  // (the worker marks a page it answers from the phone's cache).
  var sekarang = new Date();
  var hariIni = sekarang.getFullYear() + "-" + String(sekarang.getMonth() + 1)
    .padStart(2, "0") + "-" + String(sekarang.getDate()).padStart(2, "0");
  var tanggal = form.elements.namedItem("tanggal");
  if (panel.dataset.dariPonsel === "1" && window.location.pathname === panel.dataset.hariIni &&
      tanggal.value < hariIni) {
    tanggal.value = hariIni;
    var catatan = document.getElementById("antrean-tanggal");
    catatan.textContent = teks.tHariLama;
    catatan.hidden = false;
    panel.dataset.tetap = "1";  // shown even with nothing queued
  }
  // When the person saved it (the phone's clock): kept with an entry that has to wait.
  form.addEventListener("submit", function () {
    var saat = form.elements.namedItem("dicatat_luring");
    if (!saat) {
      saat = document.createElement("input");
      saat.type = "hidden";
      saat.name = "dicatat_luring";
      form.append(saat);
    }
    saat.value = new Date().toISOString();
  });

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? match[1] : form.querySelector("[name=csrfmiddlewaretoken]").value;
  }

  function tampilkan() {
    return milikSaya().then(function (items) {
      daftar.replaceChildren();
      panel.hidden = items.length === 0 && !keadaan.textContent && !panel.dataset.tetap;
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "list-group-item antrean-item";
        li.dataset.kunci = item.kunci;
        li.dataset.status = item.status;
        var isi = item.isian;
        var judul = document.createElement("div");
        judul.textContent = (isi.tanggal || "") + " " + (isi.mulai || "") + "–" +
          (isi.selesai || "") + " · " + (isi.uraian || "");
        var status = document.createElement("div");
        status.className = "small antrean-status " +
          (item.status === "ditolak" ? "text-danger" : "text-muted");
        status.textContent = item.status === "ditolak" ? teks.tDitolak : teks.tMenunggu;
        li.append(judul, status);
        (item.pesan || []).forEach(function (pesan) {
          var baris = document.createElement("div");
          baris.className = "small text-danger antrean-pesan";
          baris.textContent = pesan;
          li.append(baris);
        });
        if (item.status === "ditolak") {
          var ubah = document.createElement("button");
          ubah.type = "button";
          ubah.className = "btn btn-sm btn-outline-primary mt-1 me-1 antrean-ubah";
          ubah.textContent = teks.tUbah;
          ubah.addEventListener("click", function () { ubahLagi(item); });
          var hapus = document.createElement("button");
          hapus.type = "button";
          hapus.className = "btn btn-sm btn-outline-danger mt-1 antrean-hapus";
          hapus.textContent = teks.tHapus;
          hapus.addEventListener("click", function () {
            if (window.confirm(teks.tHapusTanya)) {
              AntreanLuring.hapus(item.kunci).then(tampilkan);
            }
          });
          li.append(ubah, hapus);
        }
        daftar.append(li);
      });
      return items;
    });
  }

  function ubahLagi(item) {
    // Back into the form, to be corrected and saved again (with a new key).
    Object.keys(item.isian).forEach(function (name) {
      if (["csrfmiddlewaretoken", "kunci_kiriman", "dicatat_luring"].indexOf(name) !== -1) {
        return;
      }
      var field = form.elements.namedItem(name);
      if (field && (field.type !== "hidden" || name === "uraian_tugas")) {
        field.value = item.isian[name];
      }
    });
    form.querySelector("[name=kunci_kiriman]").value = kunciBaru();
    AntreanLuring.hapus(item.kunci).then(tampilkan).then(function () {
      keadaan.textContent = teks.tDiubah;
      var first = form.querySelector("[name=mulai]");
      first.focus();
      first.scrollIntoView({block: "center"});
    });
  }

  var mengirim = false;

  function kirimSatu(item) {
    var data = new URLSearchParams();
    Object.keys(item.isian).forEach(function (name) {
      if (["csrfmiddlewaretoken", "pemilik", "dicatat_luring"].indexOf(name) === -1) {
        data.append(name, item.isian[name]);
      }
    });
    data.append("dicatat_luring", item.dicatat);
    return fetch(panel.dataset.url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf(), "Accept": "application/json"}
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) {
        // The login page (the session ended) or a refused token: keep it, say why.
        var err = new Error(response.url.indexOf("/masuk/") !== -1 ? teks.tMasuk : teks.tGagal);
        err.berhenti = true;
        throw err;
      }
      return response.json().then(function (hasil) {
        if (response.status === 422 && hasil.status === "ditolak") {
          item.status = "ditolak";
          item.pesan = hasil.pesan;
          return AntreanLuring.simpan(item).then(function () { return false; });
        }
        if ((response.status === 201 && hasil.status === "tersimpan") ||
            (response.status === 200 && hasil.status === "sudah_ada")) {
          return AntreanLuring.hapus(item.kunci).then(function () { return true; });
        }
        // Any other answer (a proxy's error in JSON, say): it stays, to be sent again.
        var err = new Error(teks.tGagal);
        err.berhenti = true;
        throw err;
      });
    });
  }

  function kirim() {
    if (mengirim) { return Promise.resolve(); }
    if (!navigator.onLine) {
      keadaan.textContent = teks.tLuring;
      return Promise.resolve();
    }
    var terkirim = 0;
    var dicoba = false;
    mengirim = true;
    return milikSaya().then(function (items) {
      var tunggu = items.filter(function (item) { return item.status === "menunggu"; });
      if (!tunggu.length) { return; }
      dicoba = true;
      keadaan.textContent = teks.tMengirim;
      return tunggu.reduce(function (prev, item) {
        return prev.then(function () {
          return kirimSatu(item).then(function (ok) { if (ok) { terkirim += 1; } });
        });
      }, Promise.resolve()).then(function () {
        keadaan.textContent = teks.tTerkirim.replace("%(n)s", terkirim);
      });
    }).catch(function (err) {
      keadaan.textContent = err.berhenti ? err.message : teks.tGagal;
    }).then(function () {
      mengirim = false;
      if (!dicoba) { return; }
      // Rounds of sending done on this page (what a test waits for).
      panel.dataset.putaran = String(parseInt(panel.dataset.putaran || "0", 10) + 1);
      return tampilkan();
    }).then(function () {
      if (terkirim) {
        // The timeline shows what the server now holds.
        window.sessionStorage.setItem("ekinerja-terkirim", keadaan.textContent);
        window.location.reload();
      }
    });
  }

  var pesanSebelumnya = window.sessionStorage.getItem("ekinerja-terkirim");
  if (pesanSebelumnya) {
    window.sessionStorage.removeItem("ekinerja-terkirim");
    keadaan.textContent = pesanSebelumnya;
    panel.hidden = false;
  }

  document.getElementById("antrean-kirim").addEventListener("click", kirim);
  window.addEventListener("online", kirim);
  // And again every little while: "online" does not come when it was the server that was
  // down, nor on every phone.
  window.setInterval(kirim, 1000 * parseInt(panel.dataset.ulang, 10));
  tampilkan().then(function (items) {
    if (!navigator.onLine) { keadaan.textContent = teks.tLuring; }
    if (items.length && !pesanSebelumnya) { panel.hidden = false; }
    return kirim();
  });

  // The catalogue without a connection: the form is filled here from the chosen task, as
  // the server would have (the page from the phone's cache did not get it).
  var pilih = document.getElementById("pilih-tugas");
  function dariKatalog(option) {
    form.elements.namedItem("uraian").value = option.dataset.uraian;
    form.elements.namedItem("uraian_tugas").value = option.value;
    var mulai = form.elements.namedItem("mulai").value;
    if (mulai) {
      var menit = parseInt(mulai.slice(0, 2), 10) * 60 + parseInt(mulai.slice(3, 5), 10) +
        parseInt(option.dataset.menit, 10);
      if (menit < 24 * 60) {
        form.elements.namedItem("selesai").value = String(Math.floor(menit / 60))
          .padStart(2, "0") + ":" + String(menit % 60).padStart(2, "0");
      }
    }
  }
  if (pilih) {
    var select = pilih.querySelector("select");
    pilih.addEventListener("submit", function (event) {
      if (navigator.onLine || !select.value) { return; }
      event.preventDefault();
      dariKatalog(select.selectedOptions[0]);
      form.elements.namedItem("uraian").focus();
    });
    var diminta = new URLSearchParams(window.location.search).get("tugas");
    var option = diminta && select.querySelector("option[value='" + CSS.escape(diminta) + "']");
    if (option && form.elements.namedItem("uraian_tugas").value !== diminta) {
      dariKatalog(option);  // the phone thought it was online, and the cache answered
    }
  }
})();
