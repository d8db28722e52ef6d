/* The phone's queue of activities saved without a connection, in IndexedDB. Shared by the
   service worker (which fills it when the day form cannot reach the server) and the day
   page (js/luring.js, which shows and sends it). One record per activity, keyed by the
   form's one-time key (kunci_kiriman), which the server uses to save it once. */
(function (global) {
  "use strict";
  var NAMA = "ekinerja-luring";
  var TOKO = "antrean";

  function buka() {
    return new Promise(function (ok, gagal) {
      var req = global.indexedDB.open(NAMA, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore(TOKO, {keyPath: "kunci"});
      };
      req.onsuccess = function () { ok(req.result); };
      req.onerror = function () { gagal(req.error); };
    });
  }

  function jalankan(mode, kerja) {
    return buka().then(function (db) {
      return new Promise(function (ok, gagal) {
        var tx = db.transaction(TOKO, mode);
        var req = kerja(tx.objectStore(TOKO));
        tx.oncomplete = function () { db.close(); ok(req ? req.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); gagal(tx.error); };
      });
    });
  }

  global.AntreanLuring = {
    simpan: function (item) {
      return jalankan("readwrite", function (toko) { return toko.put(item); });
    },
    semua: function () {
      return jalankan("readonly", function (toko) { return toko.getAll(); });
    },
    hapus: function (kunci) {
      return jalankan("readwrite", function (toko) { return toko.delete(kunci); });
    },
    kosongkan: function () {
      return jalankan("readwrite", function (toko) { return toko.clear(); });
    }
  };
})(self);
