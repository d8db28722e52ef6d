"""Two-step verification pages (/akun/mfa/, ekinerja.mfa): status, adding an authenticator
app, the code asked after the password, recovery codes, removing an app."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp_webauthn import views as webauthn

from ..access import get_perangkat_mfa_for
from ..forms import MfaDaftarForm, MfaKodeForm, add_service_errors
from ..mfa import (
    KUNCI_BARU,
    KUNCI_SESI,
    boleh_hapus,
    kunci_baru,
    kunci_keamanan,
    mfa_kode_periksa,
    mfa_pemulihan_buat,
    mfa_perangkat_hapus,
    mfa_totp_aktifkan,
    perangkat_totp,
    perlu_verifikasi,
    punya_perangkat,
    qr_data_uri,
    rahasia_tampil,
    sisa_kode_pemulihan,
    totp_cocok,
    wajib,
    webauthn_kunci_tercatat,
)

# Recovery codes made with a first security key, until the page after the ceremony shows
# them.
KODE_BARU = "mfa_kode_baru"


def _next(request, default="mfa_status"):
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(default)


def _ke_verifikasi(request):
    return redirect(f"{reverse('mfa_verifikasi')}?{urlencode({'next': reverse('mfa_status')})}")


def _kode_salah(form, tertahan):
    if tertahan:
        form.add_error("kode", _("Too many wrong codes: wait a minute, then enter the code "
                                 "your app shows then."))
    else:
        form.add_error("kode", _("The code is wrong or has expired. Enter the code your app "
                                 "shows now."))


@require_GET
def mfa_status_view(request):
    return render(request, "ekinerja/mfa_status.html", {
        "perangkat": list(perangkat_totp(request.user)),
        "kunci": list(kunci_keamanan(request.user)),
        "sisa_kode": sisa_kode_pemulihan(request.user),
        "wajib": wajib(request.user),
    })


@require_http_methods(["GET", "POST"])
@never_cache
def mfa_daftar_view(request):
    """Add an authenticator app: its secret waits in the session until the app's first code
    confirms it. The first app comes with recovery codes, shown once."""
    if perlu_verifikasi(request):
        return _ke_verifikasi(request)
    kunci = request.session.get(KUNCI_BARU) or kunci_baru()
    request.session[KUNCI_BARU] = kunci
    form = MfaDaftarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        t = totp_cocok(kunci, form.cleaned_data["kode"])
        if t is None:
            form.add_error("kode", _("The code does not match. Check that the phone's clock "
                                     "is right and enter the code the app shows now."))
        else:
            perangkat, kode = mfa_totp_aktifkan(pegawai=request.user, kunci=kunci,
                                                nama=form.cleaned_data["nama"], t=t)
            del request.session[KUNCI_BARU]
            request.session[KUNCI_SESI] = True
            otp_login(request, perangkat)
            messages.success(request, _("Two-step verification is on: from now on you enter "
                                        "a code from the app after your password."))
            if kode:
                return render(request, "ekinerja/mfa_kode_pemulihan.html",
                              {"kode": kode, "lanjut": _next(request)})
            return redirect(_next(request))
    return render(request, "ekinerja/mfa_daftar.html", {
        "form": form, "qr": qr_data_uri(pegawai=request.user, kunci=kunci),
        "rahasia": rahasia_tampil(kunci), "wajib": wajib(request.user),
        "lanjut": _next(request),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@never_cache
def mfa_verifikasi_view(request):
    """The second step after the password. Wrong codes are failed logins for django-axes
    (per NIP and address, AXES_USERNAME_CALLABLE reads the NIP from the credentials): the
    limit locks the NIP out, and a locked-out NIP's codes are not even checked."""
    user = request.user
    if not punya_perangkat(user):
        request.session[KUNCI_SESI] = False  # an admin removed it: the gate decides anew
        return redirect(_next(request, "home"))
    if user.is_verified():
        return redirect(_next(request, "home"))
    credentials = {"username": user.nip}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = MfaKodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        perangkat, tertahan = mfa_kode_periksa(pegawai=user, kode=form.cleaned_data["kode"])
        if perangkat is not None:
            otp_login(request, perangkat)
            if isinstance(perangkat, StaticDevice):
                messages.warning(request, _("You used a recovery code; %(n)s left. Make new "
                                            "ones on the two-step verification page.")
                                 % {"n": sisa_kode_pemulihan(user)})
            return redirect(_next(request, "home"))
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return get_lockout_response(request, None, credentials)
        _kode_salah(form, tertahan)
    return render(request, "ekinerja/mfa_verifikasi.html", {
        "form": form, "punya_kunci": kunci_keamanan(user).exists(), "next": _next(request, "home"),
    }, status=400 if form.errors else 200)


@require_POST
@never_cache
def mfa_pemulihan_view(request):
    """Ten new recovery codes, shown once; the old ones stop working."""
    if perlu_verifikasi(request):
        return _ke_verifikasi(request)
    try:
        kode = mfa_pemulihan_buat(pegawai=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("mfa_status")
    return render(request, "ekinerja/mfa_kode_pemulihan.html",
                  {"kode": kode, "lanjut": reverse("mfa_status")})


@require_http_methods(["GET", "POST"])
def mfa_hapus_view(request, pk, jenis="totp"):
    """Remove one of one's apps or security keys, confirmed with a current code (of any of
    one's apps, or a recovery code): a session left open on a shared PC cannot switch it
    off."""
    perangkat = get_perangkat_mfa_for(request.user, pk, jenis)
    boleh = boleh_hapus(perangkat)
    form = MfaKodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not boleh:
            form.add_error(None, _("Two-step verification is required for admins: add another "
                                   "authenticator app before removing this one."))
        else:
            cocok, tertahan = mfa_kode_periksa(pegawai=request.user,
                                               kode=form.cleaned_data["kode"])
            if cocok is None:
                _kode_salah(form, tertahan)
            else:
                try:
                    masih = mfa_perangkat_hapus(perangkat=perangkat, actor=request.user)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    request.session[KUNCI_SESI] = masih
                    messages.success(request, _("Removed: %(nama)s.") % {"nama": perangkat.name}
                                     if masih else _("Two-step verification is off."))
                    return redirect("mfa_status")
    return render(request, "ekinerja/mfa_hapus.html",
                  {"form": form, "perangkat": perangkat, "boleh": boleh},
                  status=400 if form.errors else 200)


@method_decorator(never_cache, name="dispatch")
class KunciDaftarSelesai(webauthn.CompleteCredentialRegistrationView):
    """django-otp-webauthn's last step of adding a security key or passkey, audited; the
    first factor of a person comes with recovery codes, which the page then shows once."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            perangkat = kunci_keamanan(self.request.user).order_by("-id").first()
            kode = webauthn_kunci_tercatat(pegawai=self.request.user, perangkat=perangkat)
            self.request.session[KUNCI_SESI] = True
            self.request.session[KODE_BARU] = kode
        return response


@require_GET
@never_cache
def mfa_kunci_ditambah_view(request):
    """Where the page goes once a key is added: its recovery codes, if it brought any
    (shown once), else on to `next`."""
    kode = request.session.pop(KODE_BARU, None)
    if kode:
        return render(request, "ekinerja/mfa_kode_pemulihan.html",
                      {"kode": kode, "lanjut": _next(request)})
    messages.success(request, _("The security key is added: from now on you can use it "
                                "after your password."))
    return redirect(_next(request))


# django-otp-webauthn's ceremonies, with its adding step audited (KunciDaftarSelesai);
# passwordless login is off (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN).
webauthn_urls = ([
    path("registration/begin/", webauthn.BeginCredentialRegistrationView.as_view(),
         name="credential-registration-begin"),
    path("registration/complete/", KunciDaftarSelesai.as_view(),
         name="credential-registration-complete"),
    path("authentication/begin/", webauthn.BeginCredentialAuthenticationView.as_view(),
         name="credential-authentication-begin"),
    path("authentication/complete/", webauthn.CompleteCredentialAuthenticationView.as_view(),
         name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
         name="js-i18n-catalog"),
], "otp_webauthn")
