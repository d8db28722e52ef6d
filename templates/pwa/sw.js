/* e-kinerja's service worker (ekinerja.views.pwa). It keeps the day page and the static
   files for use without a connection, and when the day form cannot reach the server
   (no connection, or the server down behind its proxy) it keeps the activity in the
   phone's queue (IndexedDB, js/antrean.js) and shows the day page again; the page sends
   the queue when the connection is back (js/luring.js). Nothing else is cached: the other
   pages, and every other form, need the server. */
"use strict";
importScripts("{{ antrean_js|escapejs }}");

var VERSI = "{{ versi }}";
var STATIS = "ekinerja-statis-" + VERSI;
var HALAMAN = "ekinerja-halaman";
var PRACACHE = {{ pracache|safe }};
var STATIC_URL = new URL("{{ static_url|escapejs }}", self.location).pathname;
var LURING = "{{ halaman_luring|escapejs }}";
// The day page: /aktivitas/ (today) and /aktivitas/hari/YYYY-MM-DD/.
var HARI = /^\/aktivitas\/(hari\/\d{4}-\d{2}-\d{2}\/)?$/;
var SERVER_MATI = [502, 503, 504];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIS).then(function (cache) {
    // Without cookies: the offline page must not keep the person's menu.
    return cache.addAll(PRACACHE.map(function (url) {
      return new Request(url, {credentials: "omit"});
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("ekinerja-statis-") === 0 && name !== STATIS;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function antre(salinan) {
  return salinan.formData().then(function (data) {
    var isian = {};
    data.forEach(function (value, name) {
      if (typeof value === "string") { isian[name] = value; }
    });
    var kunci = isian.kunci_kiriman || self.crypto.randomUUID();
    isian.kunci_kiriman = kunci;
    return AntreanLuring.simpan({
      kunci: kunci, pemilik: isian.pemilik || "", isian: isian, disimpan: Date.now(),
      // When the person saved it (the page adds it; else now, the worker's clock).
      dicatat: isian.dicatat_luring || new Date().toISOString(), status: "menunggu", pesan: []
    });
  }).then(function () {
    // The day page again (from the cache), without a catalogue choice still in its address.
    var hari = new URL(salinan.url);
    return Response.redirect(hari.origin + hari.pathname, 303);
  });
}

function hariDikirim(event) {
  var salinan = event.request.clone();
  return fetch(event.request).then(function (response) {
    return SERVER_MATI.indexOf(response.status) === -1 ? response : antre(salinan);
  }, function () { return antre(salinan); });
}

function hariDibuka(request) {
  return fetch(request).then(function (response) {
    if (SERVER_MATI.indexOf(response.status) !== -1) { throw new Error("server"); }
    if (response.status === 200 && !response.redirected &&
        response.headers.get("X-Luring-Simpan") !== "0") {
      var copy = response.clone();
      caches.open(HALAMAN).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(HALAMAN).then(function (cache) {
      return cache.match(request, {ignoreSearch: true});
    }).then(function (kept) {
      if (!kept) { return caches.match(LURING); }
      // Tell the page it comes from the phone (js/luring.js dates its entries today).
      return kept.text().then(function (html) {
        return new Response(html.replace('data-dari-ponsel="0"', 'data-dari-ponsel="1"'),
                            {status: 200, headers: kept.headers});
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && HARI.test(url.pathname)) {
    if (request.method === "POST") { event.respondWith(hariDikirim(event)); return; }
    if (request.method === "GET") { event.respondWith(hariDibuka(request)); return; }
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(caches.match(request, {ignoreVary: true}).then(function (kept) {
      return kept || fetch(request);
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match(LURING); }));
  }
});
