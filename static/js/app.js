/* Behaviour shared by every page, kept out of the HTML so the Content-Security-Policy can
   refuse inline script. Each piece is an enhancement: the page works without it. */
(function () {
  "use strict";

  // A poll marked data-jeda-saat-terbuka waits while the person has a card open in it
  // (a half-typed form would be replaced by the refreshed list).
  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.target;
    if (elt.hasAttribute && elt.hasAttribute("data-jeda-saat-terbuka") &&
        elt.querySelector("details[open]")) {
      event.preventDefault();
    }
  });

  // Irreversible actions (delete, lock) ask first: a form with data-konfirmasi.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-konfirmasi");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // "Print" buttons on printable pages.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("button.cetak")) {
      window.print();
    }
  });
})();
