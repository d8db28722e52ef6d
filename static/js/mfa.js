/* Two-step verification pages: once django-otp-webauthn's ceremony has added a security key
   or passkey, go on to the page that shows its recovery codes (or to where the person was
   going). The ceremony itself is the package's own script. */
(function () {
  "use strict";
  var kotak = document.getElementById("mfa-kunci-tambah");
  if (!kotak) { return; }
  document.addEventListener("otp_webauthn.register_complete", function () {
    window.location.assign(kotak.getAttribute("data-selesai"));
  });
})();
